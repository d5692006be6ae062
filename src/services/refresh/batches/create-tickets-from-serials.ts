import { z } from 'zod';
import type { RefreshStatus, RefreshStyle } from '../../../domain/refresh/enums.js';
import { SlackUserId } from '../../../domain/slack-ids.js';
import type { ServiceContext } from '../../context.js';
import { requireAdmin } from '../../people/access.js';
import { duplicateProblems } from '../ordering/assign-replacements.js';
import { type LineProblem, parseAssignmentLines } from '../ordering/parse-assignment-lines.js';
import {
  type CreatedTicket,
  type CreationSystem,
  createTickets,
  loadCreationConfig,
  resolveDelegate,
} from '../tickets/create-tickets.js';
import { Delegate, type SkipReason } from './create-tickets-from-batch.js';
import { onField, onFieldAsync } from './field-error.js';
import { isReady, lookUpSerials, lookupResultOf } from './lookup-serials.js';
import { parseSerials } from './parse-serials.js';

export const CreateTicketsFromSerialsInput = z.object({
  actor: SlackUserId,
  /** Serial numbers as pasted. */
  serials: z.string(),
  configId: z.number().int().positive(),
  delegate: Delegate.optional(),
  noCustomer: z.boolean().default(false),
});
export type CreateTicketsFromSerialsInput = z.input<typeof CreateTicketsFromSerialsInput>;

export interface SerialProblem {
  serial: string;
  reason: SkipReason;
}

export interface SerialsCreation {
  configName: string;
  style: RefreshStyle;
  status: RefreshStatus;
  invitationDueAt: Date | null;
  /** The organisation's zone, that the invitation's time is written in. */
  timeZone: string;
  created: CreatedTicket[];
  /** Serials created whose customer has no Slack account: Otto reaches them by e-mail only. */
  withoutSlack: string[];
  /** Serials that got no ticket, in the order pasted, with why. */
  problems: SerialProblem[];
  duplicates: string[];
  /** Bump-down `existing replacement` lines refused for their shape or their replacement, in order. */
  refused: LineProblem[];
}

/** Bump-down pastes are `existing replacement` lines: the serials to look up and each one's line. */
function readPairs(text: string) {
  const parsed = onField('serials', () => parseAssignmentLines(text));
  const refused: LineProblem[] = parsed.problems.map((problem) =>
    /^\S+$/.test(problem.text)
      ? {
          ...problem,
          reason: 'missing replacement: bump-down tickets carry their replacement from creation',
        }
      : problem,
  );
  const duplicates = duplicateProblems(parsed.lines);
  const duplicated = new Set(duplicates.map((p) => p.lineNo));
  refused.push(...duplicates);
  const lines = parsed.lines.filter((line) => !duplicated.has(line.lineNo));
  return { lines, refused };
}

/**
 * The bulk creator (paste serials) and creation from a single system: looks the serials up
 * and creates tickets for the ready ones in one transaction, reporting the rest. With a
 * bump-down config the paste is `existing replacement` lines instead (SPEC §2.1: bump-down
 * tickets carry their replacement from creation); a bad line is refused with its reason.
 */
export async function createTicketsFromSerials(
  ctx: ServiceContext,
  raw: CreateTicketsFromSerialsInput,
): Promise<SerialsCreation> {
  const input = CreateTicketsFromSerialsInput.parse(raw);
  await requireAdmin(ctx, input.actor, 'create refresh tickets');
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const config = await onFieldAsync('config', () => loadCreationConfig(tx, input.configId));
    const pairs = config.style === 'bump_down' && !input.noCustomer;
    const read = pairs ? readPairs(input.serials) : { lines: [], refused: [] };
    const refused: LineProblem[] = read.refused;
    const { serials, duplicates } = pairs
      ? { serials: read.lines.map((line) => line.existing), duplicates: [] }
      : onField('serials', () => parseSerials(input.serials));
    const lineOf = new Map(read.lines.map((line) => [line.existing, line]));
    const delegateId = input.delegate
      ? await onFieldAsync('delegate', () => resolveDelegate(tx, input.delegate!))
      : null;
    const style: RefreshStyle = input.noCustomer ? 'no_customer' : config.style;
    const problems: SerialProblem[] = [];
    const ready: CreationSystem[] = [];
    for (const fact of await lookUpSerials(tx, serials)) {
      if (isReady(fact, style))
        ready.push({ ...fact, replacementSerial: lineOf.get(fact.serial)?.replacement });
      else problems.push({ serial: fact.serial, reason: lookupResultOf(fact) as SkipReason });
    }
    const withoutSlack = new Set(
      style === 'no_customer' ? [] : ready.filter((f) => f.userSlackUserId === null).map((f) => f.serial),
    );
    const made = await createTickets(tx, ctx.calendar, ready, {
      config,
      delegateId,
      noCustomer: input.noCustomer,
      actor: input.actor,
      now,
    });
    for (const serial of made.alreadyOpen) problems.push({ serial, reason: 'open_ticket' });
    for (const refusal of made.refused) {
      const line = lineOf.get(refusal.serial);
      refused.push({
        lineNo: line?.lineNo ?? 0,
        text: line ? `${line.existing} ${line.replacement}` : refusal.serial,
        reason: refusal.reason,
      });
    }
    refused.sort((a, b) => a.lineNo - b.lineNo);
    return {
      configName: config.name,
      style: made.style,
      status: made.status,
      invitationDueAt: made.invitationDueAt,
      timeZone: ctx.calendar.timeZone,
      created: made.created,
      withoutSlack: made.created.filter((t) => withoutSlack.has(t.serial)).map((t) => t.serial),
      problems,
      duplicates,
      refused,
    };
  });
}
