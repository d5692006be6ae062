import { and, asc, eq, isNull, lt, or } from 'drizzle-orm';
import { people } from '../../../../db/schema/index.js';
import type { ServiceContext } from '../../context.js';

export interface SlackAccount {
  id: string;
  realName?: string;
}

/**
 * Finds the Slack account of an e-mail address (`users.lookupByEmail`): null when Slack has
 * none (`users_not_found`); any other failure throws.
 */
export type LookUpSlackAccount = (email: string) => Promise<SlackAccount | null>;

export interface SlackMatchResult {
  lookedUp: number;
  matched: number;
  notFound: number;
  /** Why matching stopped early; the people not reached are tried on the next import. */
  stoppedBy?: string;
}

// Someone not in Slack yet may join later: ask again after a week rather than on every import.
const askAgainAfterMs = 7 * 24 * 60 * 60 * 1000;

export interface PersonToMatch {
  id: number;
  email: string;
}

/** People without a Slack account whom Slack was never asked about, or not lately. */
export function findPeopleToMatch(ctx: ServiceContext): Promise<PersonToMatch[]> {
  return ctx.db
    .select({ id: people.id, email: people.email })
    .from(people)
    .where(
      and(
        isNull(people.slackUserId),
        or(
          isNull(people.slackLookedUpAt),
          lt(people.slackLookedUpAt, new Date(ctx.clock.now().getTime() - askAgainAfterMs)),
        ),
      ),
    )
    .orderBy(asc(people.id));
}

/**
 * Matches people without a Slack account to one by e-mail and remembers the answer, a miss
 * included (as `slackLookedUpAt`), so each import asks Slack only about people it has not asked
 * about lately. Runs after the import committed; Slack is asked one person at a time, which
 * the Web API client paces through rate limits.
 */
export async function matchPeopleToSlack(
  ctx: ServiceContext,
  lookUp: LookUpSlackAccount,
  known?: readonly PersonToMatch[],
): Promise<SlackMatchResult> {
  const due = known ?? (await findPeopleToMatch(ctx));
  const result: SlackMatchResult = { lookedUp: 0, matched: 0, notFound: 0 };
  for (const person of due) {
    let account: SlackAccount | null;
    try {
      account = await lookUp(person.email);
    } catch (error) {
      result.stoppedBy = error instanceof Error ? error.message : String(error);
      break;
    }
    result.lookedUp += 1;
    const matched = await remember(ctx, person.id, account);
    if (matched) result.matched += 1;
    else result.notFound += 1;
  }
  return result;
}

function remember(ctx: ServiceContext, personId: number, account: SlackAccount | null): Promise<boolean> {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    // Two addresses of one person can lead to the same account; the first keeps it.
    const taken =
      account !== null &&
      (await tx.select({ id: people.id }).from(people).where(eq(people.slackUserId, account.id)).limit(1))
        .length > 0;
    if (account === null || taken) {
      await tx.update(people).set({ slackLookedUpAt: now }).where(eq(people.id, personId));
      return false;
    }
    const [person] = await tx
      .select({ name: people.name })
      .from(people)
      .where(eq(people.id, personId))
      .limit(1);
    await tx
      .update(people)
      .set({
        slackUserId: account.id,
        slackLookedUpAt: now,
        // The file's name wins; Slack's fills a gap.
        ...(person?.name ? {} : { name: account.realName ?? null }),
      })
      .where(and(eq(people.id, personId), isNull(people.slackUserId)));
    return true;
  });
}
