import { asc, eq, sql } from 'drizzle-orm';
import {
  deskAccountMembers,
  deskAccounts,
  deskCategories,
  deskEnvironments,
} from '../../../../db/schema/index.js';
import { contains } from '../../../../db/sql.js';
import type { ServiceContext } from '../../context.js';

export interface Named {
  id: number;
  name: string;
}

/** What the case form offers its opener (seed 004's field table). */
export interface CaseFormChoices {
  /** The opener's accounts; the form asks for one only when there are two or more. */
  accounts: Named[];
  /** The account whose environments are offered: the only one, or the one chosen of theirs. */
  account: Named | null;
  environments: Named[];
  categories: Named[];
}

/**
 * The choices of the case form for `userId`: their accounts, the environments of the account
 * chosen (`accountId`, when one of theirs) or of their only one, and the categories.
 */
export async function caseFormChoices(
  ctx: Pick<ServiceContext, 'db'>,
  userId: string,
  accountId?: number,
): Promise<CaseFormChoices> {
  const [accounts, categories] = await Promise.all([
    ctx.db
      .select({ id: deskAccounts.id, name: deskAccounts.name })
      .from(deskAccountMembers)
      .innerJoin(deskAccounts, eq(deskAccounts.id, deskAccountMembers.accountId))
      .where(eq(deskAccountMembers.slackUserId, userId))
      .orderBy(asc(deskAccounts.name)),
    ctx.db
      .select({ id: deskCategories.id, name: deskCategories.name })
      .from(deskCategories)
      .orderBy(asc(deskCategories.name)),
  ]);
  const account = accounts.length === 1 ? accounts[0]! : (accounts.find((a) => a.id === accountId) ?? null);
  const environments = account
    ? await ctx.db
        .select({ id: deskEnvironments.id, name: deskEnvironments.name })
        .from(deskEnvironments)
        .where(eq(deskEnvironments.accountId, account.id))
        .orderBy(asc(deskEnvironments.name))
    : [];
  return { accounts, account, environments, categories };
}

/** Categories whose name holds `query` (case ignored), by name, at most `limit`: an external select's options. */
export async function findCategories(
  ctx: Pick<ServiceContext, 'db'>,
  query: string,
  limit = 100,
): Promise<Named[]> {
  const words = query.trim().toLowerCase();
  return ctx.db
    .select({ id: deskCategories.id, name: deskCategories.name })
    .from(deskCategories)
    .where(words === '' ? undefined : contains(sql`lower(${deskCategories.name})`, words))
    .orderBy(asc(deskCategories.name))
    .limit(limit);
}
