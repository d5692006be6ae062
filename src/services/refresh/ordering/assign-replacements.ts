import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, Tx } from '../../../../db/client.js';
import { prepared, preparedFor } from '../../../../db/prepared.js';
import { refreshTickets, systems } from '../../../../db/schema/index.js';
import { jsonArrayRows } from '../../../../db/sql.js';
import type { Platform, RefreshStatus, RefreshStyle } from '../../../domain/refresh/enums.js';
import { InvalidTransition, type Transition, transition } from '../../../domain/refresh/index.js';
import { statusPhrase } from '../../../domain/refresh/status-wording.js';
import { SlackUserId } from '../../../domain/slack-ids.js';
import { recordAudit } from '../../audit.js';
import type { ServiceContext } from '../../context.js';
import { requireAdmin } from '../../people/access.js';
import { yieldToEventLoop } from '../../yield-to-event-loop.js';
import { enqueueTicketEffects } from '../tickets/run-effects.js';
import { loadOrderGroup } from './order-group-store.js';
import { type AssignmentLine, type LineProblem, parseAssignmentLines } from './parse-assignment-lines.js';

export const AssignReplacementsInput = z.object({
  actor: SlackUserId,
  /** `existing-serial replacement-serial` lines as pasted. */
  lines: z.string().max(1_000_000),
  /** Assigning across an order group: every line's ticket must be in it. */
  orderGroupId: z.number().int().positive().optional(),
});
export type AssignReplacementsInput = z.infer<typeof AssignReplacementsInput>;

interface ExistingFacts {
  serial: string;
  systemId: number | null;
  unitId: number | null;
  ticketId: number | null;
  status: RefreshStatus | null;
  style: RefreshStyle | null;
  statusBeforeHold: RefreshStatus | null;
  orderGroupId: number | null;
  groupId: number | null;
  modelId: number | null;
  platform: Platform | null;
}

export interface ReplacementFacts {
  serial: string;
  systemId: number;
  /** The ticket that already has this system as its replacement. */
  assignedTo: number | null;
  /** The open ticket that replaces this system (it is someone's existing computer). */
  openTicket: number | null;
}

interface Planned {
  line: AssignmentLine;
  existing: ExistingFacts & { ticketId: number; status: RefreshStatus; style: RefreshStyle };
  replacement: ReplacementFacts | undefined;
  /** What the state machine decided: the status saved and the effects run. */
  decided: Transition;
}

export interface AssignmentCheck {
  /** Lines counted, valid or not. */
  total: number;
  valid: number;
  /** Every bad line, in the order pasted. */
  problems: LineProblem[];
}

export interface AssignedLine {
  lineNo: number;
  ticketId: number;
  existing: string;
  replacement: string;
  /** The replacement was not in the inventory and was added to it. */
  added: boolean;
}

export interface AssignmentResult {
  total: number;
  assigned: AssignedLine[];
  /** Lines that were valid when checked but whose ticket or replacement changed before applying. */
  skipped: LineProblem[];
}

/** How many lines one transaction applies before the progress message is updated. */
export const assignChunk = 1000;

// Any number of serials in one statement, as one JSON array; the open-ticket join repeats
// the partial unique index's condition so the database uses it.
const existingFacts = (db: Db, serials: readonly string[]) =>
  db.rows<ExistingFacts>(
    sql`select j.value as "serial", s.id as "systemId", s.unit_id as "unitId", t.id as "ticketId",
         t.status as "status", t.style as "style", t.status_before_hold as "statusBeforeHold",
         t.order_group_id as "orderGroupId", t.group_id as "groupId", m.id as "modelId", m.platform as "platform"
       from ${jsonArrayRows(JSON.stringify(serials))}
       left join systems s on s.serial = j.value
       left join refresh_tickets t on t.existing_system_id = s.id and t.status not in ('complete', 'canceled')
       left join models m on m.id = coalesce(t.chosen_model_id, t.proposed_model_id)`,
  );

const replacementFacts = (db: Db, serials: readonly string[]) =>
  db.rows<ReplacementFacts>(
    sql`select j.value as "serial", s.id as "systemId",
         (select r.id from refresh_tickets r where r.replacement_system_id = s.id) as "assignedTo",
         (select e.id from refresh_tickets e where e.existing_system_id = s.id
            and e.status not in ('complete', 'canceled')) as "openTicket"
       from ${jsonArrayRows(JSON.stringify(serials))} join systems s on s.serial = j.value`,
  );

const statements = preparedFor((db) => ({
  // The guarded update: a ticket whose status moved since it was checked is not touched.
  advance: prepared(
    db
      .update(refreshTickets)
      .set({
        replacementSystemId: sql`${sql.placeholder('replacementId')}`,
        status: sql`${sql.placeholder('status')}`,
        statusBeforeHold: sql`${sql.placeholder('statusBeforeHold')}`,
        updatedAt: sql`${sql.placeholder('now')}`,
      })
      .where(
        and(
          eq(refreshTickets.id, sql.placeholder('ticketId')),
          eq(refreshTickets.status, sql.placeholder('from')),
        ),
      )
      .returning(),
    'refresh-assign-advance',
  ),
  insertSystem: prepared(
    db
      .insert(systems)
      .values({
        serial: sql.placeholder('serial'),
        modelId: sql.placeholder('modelId'),
        platform: sql.placeholder('platform'),
        unitId: sql.placeholder('unitId'),
        groupId: sql.placeholder('groupId'),
        status: 'replacement',
        unconfirmed: true,
        updatedAt: sql.placeholder('at'),
      })
      .returning({ id: systems.id }),
    'refresh-assign-insert-system',
  ),
  markSystem: prepared(
    db
      .update(systems)
      .set({
        status: 'replacement',
        groupId: sql`coalesce(${sql.placeholder('groupId')}, ${systems.groupId})`,
        updatedAt: sql`${sql.placeholder('at')}`,
      })
      .where(eq(systems.id, sql.placeholder('systemId'))),
    'refresh-assign-mark-system',
  ),
}));

/** Lines that repeat an existing or a replacement serial of an earlier line: every copy after the first. */
export function duplicateProblems(lines: readonly AssignmentLine[]): LineProblem[] {
  const existingAt = new Map<string, number>();
  const replacementAt = new Map<string, number>();
  const problems: LineProblem[] = [];
  for (const line of lines) {
    const text = `${line.existing} ${line.replacement}`;
    const earlierExisting = existingAt.get(line.existing);
    const earlierReplacement = replacementAt.get(line.replacement);
    if (earlierExisting !== undefined) {
      problems.push({
        lineNo: line.lineNo,
        text,
        reason: `duplicate: ${line.existing} is on line ${earlierExisting} too`,
      });
    } else if (earlierReplacement !== undefined) {
      problems.push({
        lineNo: line.lineNo,
        text,
        reason: `duplicate: replacement ${line.replacement} is on line ${earlierReplacement} too`,
      });
    }
    if (earlierExisting === undefined) existingAt.set(line.existing, line.lineNo);
    if (earlierReplacement === undefined) replacementAt.set(line.replacement, line.lineNo);
  }
  return problems;
}

/** What the inventory says about each replacement serial, with one query; unknown serials are absent. */
export async function lookUpReplacements(
  db: Db,
  serials: readonly string[],
): Promise<Map<string, ReplacementFacts>> {
  return new Map((await replacementFacts(db, [...new Set(serials)])).map((f) => [f.serial, f]));
}

/**
 * Why `line.replacement` cannot replace `line.existing`, or undefined when it can: the existing
 * system itself, already another ticket's replacement, or the existing system of an open ticket.
 * Bulk assignment and bump-down creation both ask this.
 */
export function replacementProblem(
  line: Pick<AssignmentLine, 'existing' | 'replacement'>,
  replacement: ReplacementFacts | undefined,
): string | undefined {
  if (line.replacement === line.existing) return 'the replacement is the existing system itself';
  if (replacement?.assignedTo != null) {
    return `replacement already used: ${line.replacement} is the replacement of ticket #${replacement.assignedTo}`;
  }
  if (replacement?.openTicket != null) {
    return `replacement already used: ${line.replacement} is the existing system of open ticket #${replacement.openTicket}`;
  }
  return undefined;
}

/** Where a replacement goes: the model, platform, unit and group of the ticket it replaces for. */
export interface ReplacementPlace {
  serial: string;
  modelId: number | null;
  platform: Platform | null;
  unitId: number | null;
  groupId: number | null;
}

/**
 * New hardware is not in the inventory yet: it enters as an unconfirmed replacement of the
 * ticket's model, which the built-in ITSM does not find until it is imported or an admin confirms it.
 */
export async function addReplacementSystem(db: Db, place: ReplacementPlace, at: Date): Promise<number> {
  const [row] = await statements(db).insertSystem.execute({ ...place, at });
  return row!.id;
}

/** A known system becomes a replacement, placed in its ticket's group. */
export async function markReplacementSystem(
  db: Db,
  systemId: number,
  groupId: number | null,
  at: Date,
): Promise<void> {
  await statements(db).markSystem.execute({ groupId, at, systemId });
}

/** Undoes `addReplacementSystem` when the ticket it was added for was not saved. */
export async function removeAddedSystem(db: Db, systemId: number): Promise<void> {
  await db.delete(systems).where(eq(systems.id, systemId));
}

/** Checks lines against the database with two set-based queries; the plan for the good ones. */
async function plan(
  db: Db,
  lines: readonly AssignmentLine[],
  orderGroup: { id: number; name: string } | undefined,
  now: Date,
): Promise<{ planned: Planned[]; problems: LineProblem[] }> {
  const existing = new Map(
    (await existingFacts(db, [...new Set(lines.map((l) => l.existing))])).map((f) => [f.serial, f]),
  );
  const replacements = await lookUpReplacements(
    db,
    lines.map((l) => l.replacement),
  );
  const planned: Planned[] = [];
  const problems: LineProblem[] = [];
  for (const line of lines) {
    const refuse = (reason: string) =>
      problems.push({ lineNo: line.lineNo, text: `${line.existing} ${line.replacement}`, reason });
    const facts = existing.get(line.existing);
    if (!facts || facts.systemId === null) {
      refuse(`unknown serial: ${line.existing} is not in the inventory`);
      continue;
    }
    if (facts.ticketId === null || facts.status === null || facts.style === null) {
      refuse(`${line.existing} has no open refresh ticket`);
      continue;
    }
    const ticket = { ...facts, ticketId: facts.ticketId, status: facts.status, style: facts.style };
    if (orderGroup && facts.orderGroupId !== orderGroup.id) {
      refuse(`ticket #${ticket.ticketId} is not in order group ${orderGroup.name}`);
      continue;
    }
    let decided: Transition;
    try {
      decided = transition(ticket, { type: 'replacement_assigned' }, now);
    } catch (error) {
      if (!(error instanceof InvalidTransition)) throw error;
      refuse(`ticket #${ticket.ticketId} is ${statusPhrase(ticket.status)}, not waiting to be ordered`);
      continue;
    }
    const replacement = replacements.get(line.replacement);
    const problem = replacementProblem(line, replacement);
    if (problem !== undefined) {
      refuse(problem);
      continue;
    }
    planned.push({ line, existing: ticket, replacement, decided });
  }
  return { planned, problems };
}

async function parseInput(ctx: ServiceContext, raw: AssignReplacementsInput) {
  const input = AssignReplacementsInput.parse(raw);
  await requireAdmin(ctx, input.actor, 'assign replacements');
  const parsed = parseAssignmentLines(input.lines);
  const orderGroup =
    input.orderGroupId === undefined ? undefined : await loadOrderGroup(ctx.db, input.orderGroupId);
  return { input, parsed, orderGroup };
}

async function checkAll(ctx: ServiceContext, raw: AssignReplacementsInput) {
  const { input, parsed, orderGroup } = await parseInput(ctx, raw);
  const duplicates = duplicateProblems(parsed.lines);
  const duplicated = new Set(duplicates.map((p) => p.lineNo));
  const { planned, problems } = await plan(
    ctx.db,
    parsed.lines.filter((l) => !duplicated.has(l.lineNo)),
    orderGroup,
    ctx.clock.now(),
  );
  const all = [...parsed.problems, ...duplicates, ...problems].sort((a, b) => a.lineNo - b.lineNo);
  return {
    input,
    orderGroup,
    lines: parsed.lines,
    planned,
    check: { total: parsed.lines.length + parsed.problems.length, valid: planned.length, problems: all },
  };
}

/**
 * Bulk assignment, step one: every line is checked (its shape, duplicates, unknown serial, no
 * open ticket, ticket not pending ordering or not in the order group, replacement already used)
 * before anything changes. Reads only.
 */
export async function checkAssignment(
  ctx: ServiceContext,
  raw: AssignReplacementsInput,
): Promise<AssignmentCheck> {
  return (await checkAll(ctx, raw)).check;
}

/** Applies planned lines in the caller's transaction; lines whose guarded update misses are returned. */
async function apply(ctx: ServiceContext, tx: Tx, actor: string, planned: readonly Planned[], now: Date) {
  const s = statements(tx);
  const assigned: AssignedLine[] = [];
  const missed: Planned[] = [];
  for (const item of planned) {
    const { line, existing, decided } = item;
    let replacementId = item.replacement?.systemId;
    const added = replacementId === undefined;
    if (replacementId === undefined) {
      replacementId = await addReplacementSystem(
        tx,
        {
          serial: line.replacement,
          modelId: existing.modelId,
          platform: existing.platform,
          unitId: existing.unitId,
          groupId: existing.groupId,
        },
        now,
      );
    }
    const [saved] = await s.advance.execute({
      replacementId,
      ...decided.next,
      now,
      ticketId: existing.ticketId,
      from: existing.status,
    });
    if (!saved) {
      if (added) await removeAddedSystem(tx, replacementId);
      missed.push(item);
      continue;
    }
    if (!added) await markReplacementSystem(tx, replacementId, existing.groupId, now);
    await recordAudit(
      tx,
      {
        ticketId: existing.ticketId,
        entity: 'refresh_ticket',
        entityId: existing.ticketId,
        action: 'replacement_assigned',
        changes: {
          status: { from: existing.status, to: saved.status },
          replacementSystemId: { from: null, to: replacementId },
          replacement: { from: null, to: line.replacement },
        },
        actor,
      },
      now,
    );
    await enqueueTicketEffects(tx, ctx, saved, decided.effects, now);
    assigned.push({
      lineNo: line.lineNo,
      ticketId: existing.ticketId,
      existing: line.existing,
      replacement: line.replacement,
      added,
    });
  }
  return { assigned, missed };
}

export type AssignmentOutcome = ({ ok: false } & AssignmentCheck) | ({ ok: true } & AssignmentResult);

/**
 * Bulk assignment (SPEC §2.4, seed 000 timeline 9): when every line is valid, records each
 * replacement (adding unknown ones to the inventory as replacements), places it in its ticket's
 * group and moves the ticket to `pending_itsm_existence`, audited, in transactions of
 * `assignChunk` lines with `onProgress` between them. Each chunk checks its lines again inside
 * its transaction, so a ticket that moved since the check is skipped and reported, never
 * overwritten. A paste with any bad line changes nothing and returns the problems.
 */
export async function assignReplacements(
  ctx: ServiceContext,
  raw: AssignReplacementsInput,
  onProgress?: (done: number, total: number) => Promise<void> | void,
): Promise<AssignmentOutcome> {
  const { input, orderGroup, planned, check } = await checkAll(ctx, raw);
  if (check.problems.length > 0) return { ok: false, ...check };
  const assigned: AssignedLine[] = [];
  const skipped: LineProblem[] = [];
  for (let start = 0; start < planned.length; start += assignChunk) {
    const chunk = planned.slice(start, start + assignChunk).map((p) => p.line);
    const now = ctx.clock.now();
    await ctx.db.transaction(async (tx) => {
      const again = await plan(tx, chunk, orderGroup, now);
      const done = await apply(ctx, tx, input.actor, again.planned, now);
      assigned.push(...done.assigned);
      skipped.push(...again.problems);
      for (const item of done.missed) {
        skipped.push({
          lineNo: item.line.lineNo,
          text: `${item.line.existing} ${item.line.replacement}`,
          reason: `ticket #${item.existing.ticketId} changed meanwhile`,
        });
      }
    });
    ctx.noticesWritten();
    const done = Math.min(start + assignChunk, planned.length);
    if (done < planned.length) {
      await onProgress?.(done, planned.length);
      await yieldToEventLoop();
    }
  }
  skipped.sort((a, b) => a.lineNo - b.lineNo);
  return { ok: true, total: check.total, assigned, skipped };
}
