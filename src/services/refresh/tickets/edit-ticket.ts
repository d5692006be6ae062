import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '../../../../db/client.js';
import {
  configApprovedModels,
  configBundlePeripherals,
  models,
  people,
  peripherals,
  refreshConfigs,
  refreshTickets,
  ticketPeripherals,
  unitApprovedModels,
  unitApprovedPeripherals,
} from '../../../../db/schema/index.js';
import { notesLimit } from '../../../domain/refresh/forms.js';
import { SlackUserId } from '../../../domain/slack-ids.js';
import { recordAudit } from '../../audit.js';
import type { ServiceContext } from '../../context.js';
import { conflict, invalid, notAllowed } from '../../errors.js';
import { hasGlobalRole } from '../../people/access.js';
import { isApproverOf } from '../approvals/approvers.js';
import { likePattern } from '../configs/search-config-choices.js';
import {
  canExchangeReplacement,
  prepareReplacementExchange,
  replacementSerialOf,
} from '../ordering/exchange-replacement.js';
import { loadTicket, type TicketRow } from './load-ticket.js';
import { loadTicketDetails, type TicketDetails } from './ticket-details.js';
import { describeTicketState, isBeforeOrdering, requireSeenStatus } from './ticket-state.js';

/** A field left out is left as it is; `null` clears it. */
export const EditTicketInput = z.object({
  actor: SlackUserId,
  ticketId: z.number().int().positive(),
  seenStatus: z.string().optional(),
  delegate: z
    .object({ slackUserId: SlackUserId, email: z.email(), name: z.string().max(200).nullable() })
    .nullable()
    .optional(),
  proposedModelId: z.number().int().positive().nullable().optional(),
  chosenModelId: z.number().int().positive().nullable().optional(),
  peripheralIds: z.array(z.number().int().positive()).max(100).optional(),
  notes: z
    .string()
    .max(notesLimit, { error: `Use at most ${notesLimit} characters.` })
    .nullable()
    .optional(),
  /** Exchanges the replacement (failed hardware): admins, tickets that have one; never advances. */
  replacementSerial: z.string().max(100).optional(),
});
export type EditTicketInput = z.infer<typeof EditTicketInput>;

export interface EditTicketResult {
  ticket: TicketRow;
  /** Names of the fields that changed; empty when the form changed nothing. */
  changed: string[];
}

/** Approvers of the ticket's config edit it, and admins, who may edit any ticket (SPEC §1). */
export async function canEditTicket(
  ctx: Pick<ServiceContext, 'db'>,
  userId: string,
  ticket: TicketRow,
): Promise<boolean> {
  return (await isApproverOf(ctx.db, userId, ticket.configId)) || (await hasGlobalRole(ctx, userId, 'admin'));
}

/** The person for a delegate chosen in Slack: found by Slack id, else by e-mail, else added. */
async function delegatePersonId(
  tx: Tx,
  delegate: { slackUserId: string; email: string; name: string | null },
): Promise<number> {
  const [bySlack] = await tx
    .select()
    .from(people)
    .where(eq(people.slackUserId, delegate.slackUserId))
    .limit(1);
  if (bySlack) return bySlack.id;
  const email = delegate.email.toLowerCase();
  const [byEmail] = await tx.select().from(people).where(eq(people.email, email)).limit(1);
  if (byEmail) {
    if (!byEmail.slackUserId) {
      await tx.update(people).set({ slackUserId: delegate.slackUserId }).where(eq(people.id, byEmail.id));
    }
    return byEmail.id;
  }
  const [added] = await tx
    .insert(people)
    .values({ email, name: delegate.name, slackUserId: delegate.slackUserId })
    .returning({ id: people.id });
  return added!.id;
}

async function requireModel(tx: Tx, id: number | null | undefined): Promise<void> {
  if (id === null || id === undefined) return;
  if ((await tx.select({ id: models.id }).from(models).where(eq(models.id, id)).limit(1)).length === 0) {
    throw invalid(`There is no model ${id}.`);
  }
}

/**
 * Approvers (and admins) edit the delegate, proposed and chosen model, peripherals and notes
 * until the ticket reaches `pending_ordering`; after that only a change request will do
 * (seed 000, Approvers). Saved with a guarded update and audited field by field.
 */
export async function editTicket(ctx: ServiceContext, input: EditTicketInput): Promise<EditTicketResult> {
  const parsed = EditTicketInput.safeParse(input);
  if (!parsed.success) throw invalid(parsed.error.issues.map((issue) => issue.message).join(' '));
  const { actor, ticketId, seenStatus, delegate, proposedModelId, chosenModelId, peripheralIds, notes } =
    parsed.data;
  const { replacementSerial } = parsed.data;
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const ticket = await loadTicket(tx, ticketId);
    if (!(await canEditTicket({ db: tx }, actor, ticket))) {
      throw notAllowed(
        `Only the approvers of its config and refresh admins can edit refresh #${ticket.id}; nothing was changed (${describeTicketState(ticket)}).`,
      );
    }
    requireSeenStatus(ticket, seenStatus);
    if (replacementSerial !== undefined && !(await canExchangeReplacement({ db: tx }, actor, ticket))) {
      throw notAllowed(
        `Only refresh admins can exchange the replacement of an open ticket that has one; nothing was changed (${describeTicketState(ticket)}).`,
      );
    }
    // After ordering only the replacement may be exchanged (seed 000, timeline 9.1).
    const onlyExchange =
      replacementSerial !== undefined &&
      [delegate, proposedModelId, chosenModelId, peripheralIds, notes].every((f) => f === undefined);
    if (!isBeforeOrdering(ticket) && !onlyExchange) {
      throw conflict(
        `Refresh #${ticket.id} can no longer be edited: ${describeTicketState(ticket)}. File a change request instead; nothing was changed.`,
      );
    }
    await requireModel(tx, proposedModelId);
    await requireModel(tx, chosenModelId);

    const set: Partial<typeof refreshTickets.$inferInsert> = {};
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    const change = <K extends 'delegateId' | 'proposedModelId' | 'chosenModelId' | 'notes'>(
      key: K,
      to: TicketRow[K] | undefined,
    ) => {
      if (to === undefined || to === ticket[key]) return;
      set[key] = to;
      changes[key] = { from: ticket[key], to };
    };
    if (delegate !== undefined) change('delegateId', delegate ? await delegatePersonId(tx, delegate) : null);
    change('proposedModelId', proposedModelId);
    change('chosenModelId', chosenModelId);
    change('notes', notes === undefined ? undefined : notes?.trim() || null);
    if (replacementSerial !== undefined) {
      const exchange = await prepareReplacementExchange(tx, ticket, replacementSerial, now);
      if (exchange) {
        set.replacementSystemId = exchange.systemId;
        changes.replacement = { from: exchange.from, to: exchange.to };
      }
    }

    let peripheralChange: { from: number[]; to: number[] } | undefined;
    if (peripheralIds !== undefined) {
      const wanted = [...new Set(peripheralIds)].sort((a, b) => a - b);
      const known = wanted.length
        ? await tx.select({ id: peripherals.id }).from(peripherals).where(inArray(peripherals.id, wanted))
        : [];
      if (known.length !== wanted.length) throw invalid('One of those peripherals is not in the catalog.');
      const current = await tx
        .select()
        .from(ticketPeripherals)
        .where(eq(ticketPeripherals.ticketId, ticket.id));
      const had = current.map((p) => p.peripheralId).sort((a, b) => a - b);
      if (JSON.stringify(had) !== JSON.stringify(wanted)) {
        peripheralChange = { from: had, to: wanted };
        changes.peripheralIds = peripheralChange;
      }
    }

    if (Object.keys(changes).length === 0) return { ticket, changed: [] };

    const [saved] = await tx
      .update(refreshTickets)
      .set({ ...set, updatedAt: now })
      .where(and(eq(refreshTickets.id, ticket.id), eq(refreshTickets.status, ticket.status)))
      .returning();
    if (!saved) {
      throw conflict(`Refresh #${ticket.id} changed while you were editing it. Nothing was changed.`);
    }
    if (peripheralChange) {
      const keep = new Set(peripheralChange.to);
      const had = new Set(peripheralChange.from);
      for (const id of peripheralChange.from) {
        if (!keep.has(id)) {
          await tx
            .delete(ticketPeripherals)
            .where(and(eq(ticketPeripherals.ticketId, ticket.id), eq(ticketPeripherals.peripheralId, id)));
        }
      }
      for (const id of peripheralChange.to) {
        if (!had.has(id))
          await tx.insert(ticketPeripherals).values({ ticketId: ticket.id, peripheralId: id });
      }
    }
    await recordAudit(
      tx,
      { entity: 'refresh_ticket', entityId: ticket.id, ticketId: ticket.id, action: 'edit', actor, changes },
      now,
    );
    return { ticket: saved, changed: Object.keys(changes) };
  });
}

/** Choices offered by the edit form, capped to what a static select holds. */
export interface EditTicketForm {
  details: TicketDetails;
  /** The replacement's serial, when the viewer may exchange it (admins, tickets that have one). */
  replacementSerial?: string | undefined;
  /** Past ordering: the form offers only the replacement exchange. */
  exchangeOnly?: boolean;
  /** The models offered; when `searchModels`, only the ticket's own (the rest are searched as typed). */
  models: EditModelChoice[];
  /** More models than a select holds (100): the form searches them as the person types. */
  searchModels?: boolean;
  peripherals: Array<{ id: number; name: string }>;
}

export interface EditModelChoice {
  id: number;
  name: string;
  platform: string;
}

const maxChoices = 100;

/** The models an edit may pick: the config's and unit's approved ones, and the ticket's own. */
async function editableModelIds(ctx: Pick<ServiceContext, 'db'>, ticket: TicketRow): Promise<Set<number>> {
  const [config] = await ctx.db
    .select({ unitId: refreshConfigs.unitId })
    .from(refreshConfigs)
    .where(eq(refreshConfigs.id, ticket.configId))
    .limit(1);
  const unitId = config?.unitId ?? -1;
  const modelIds = new Set<number>(
    [ticket.proposedModelId, ticket.chosenModelId].filter((id): id is number => id !== null),
  );
  for (const row of await ctx.db
    .select({ id: configApprovedModels.modelId })
    .from(configApprovedModels)
    .where(eq(configApprovedModels.configId, ticket.configId)))
    modelIds.add(row.id);
  for (const row of await ctx.db
    .select({ id: unitApprovedModels.modelId })
    .from(unitApprovedModels)
    .where(eq(unitApprovedModels.unitId, unitId)))
    modelIds.add(row.id);
  return modelIds;
}

const modelChoice = (m: { id: number; manufacturer: string; name: string; platform: string }) => ({
  id: m.id,
  name: `${m.manufacturer} ${m.name}`,
  platform: m.platform,
});

/** Who may open the edit form, and whether the ticket may still be edited (not just exchanged). */
async function requireFullEdit(ctx: ServiceContext, actor: string, ticket: TicketRow): Promise<void> {
  if (!(await canEditTicket(ctx, actor, ticket))) {
    throw notAllowed(
      `Only the approvers of its config and refresh admins can edit refresh #${ticket.id} (${describeTicketState(ticket)}).`,
    );
  }
  if (!isBeforeOrdering(ticket)) {
    throw conflict(
      `Refresh #${ticket.id} can no longer be edited: ${describeTicketState(ticket)}. File a change request instead.`,
    );
  }
}

/**
 * The models an edit may pick whose manufacturer and name hold the typed words, at most 100:
 * the edit form's model selects when there are more than a select holds.
 */
export async function searchEditTicketModels(
  ctx: ServiceContext,
  input: { actor: string; ticketId: number; query: string },
): Promise<EditModelChoice[]> {
  const ticket = await loadTicket(ctx.db, input.ticketId);
  await requireFullEdit(ctx, input.actor, ticket);
  const ids = await editableModelIds(ctx, ticket);
  if (ids.size === 0) return [];
  const rows = await ctx.db
    .select()
    .from(models)
    .where(
      and(
        inArray(models.id, [...ids]),
        sql`lower(${models.manufacturer} || ' ' || ${models.name}) like ${likePattern(input.query)} escape '\\'`,
      ),
    )
    .orderBy(asc(sql`lower(${models.manufacturer})`), asc(sql`lower(${models.name})`))
    .limit(maxChoices);
  return rows.map(modelChoice);
}

/**
 * The edit form for a ticket, checked before it opens: the viewer may edit it and it has not
 * reached ordering. Models: the config's and unit's approved ones plus the ticket's own.
 */
export async function getEditTicketForm(
  ctx: ServiceContext,
  input: { actor: string; ticketId: number; seenStatus?: string | undefined },
): Promise<EditTicketForm> {
  const ticket = await loadTicket(ctx.db, input.ticketId);
  if (!(await canEditTicket(ctx, input.actor, ticket))) {
    throw notAllowed(
      `Only the approvers of its config and refresh admins can edit refresh #${ticket.id} (${describeTicketState(ticket)}).`,
    );
  }
  requireSeenStatus(ticket, input.seenStatus);
  const exchange = await canExchangeReplacement(ctx, input.actor, ticket);
  if (!isBeforeOrdering(ticket)) {
    if (!exchange) {
      throw conflict(
        `Refresh #${ticket.id} can no longer be edited: ${describeTicketState(ticket)}. File a change request instead.`,
      );
    }
    return {
      details: await loadTicketDetails(ctx.db, ticket),
      models: [],
      peripherals: [],
      replacementSerial: (await replacementSerialOf(ctx.db, ticket)) ?? '',
      exchangeOnly: true,
    };
  }
  const details = await loadTicketDetails(ctx.db, ticket);
  const [config] = await ctx.db
    .select({ unitId: refreshConfigs.unitId })
    .from(refreshConfigs)
    .where(eq(refreshConfigs.id, ticket.configId))
    .limit(1);
  const unitId = config?.unitId ?? -1;
  const modelIds = await editableModelIds(ctx, ticket);
  const own = new Set(
    [ticket.proposedModelId, ticket.chosenModelId].filter((id): id is number => id !== null),
  );
  // Past what a select holds, the form searches; it needs only the ticket's own models to show.
  const searchModels = modelIds.size > maxChoices;
  const shownIds = searchModels ? own : modelIds;
  const modelRows = shownIds.size
    ? await ctx.db
        .select()
        .from(models)
        .where(inArray(models.id, [...shownIds]))
        .orderBy(asc(models.manufacturer), asc(models.name))
    : [];
  const peripheralIds = new Set<number>(details.peripherals.map((p) => p.id));
  for (const row of await ctx.db
    .select({ id: unitApprovedPeripherals.peripheralId })
    .from(unitApprovedPeripherals)
    .where(eq(unitApprovedPeripherals.unitId, unitId)))
    peripheralIds.add(row.id);
  for (const row of await ctx.db
    .select({ id: configBundlePeripherals.peripheralId })
    .from(configBundlePeripherals)
    .where(eq(configBundlePeripherals.configId, ticket.configId)))
    peripheralIds.add(row.id);
  const peripheralRows = peripheralIds.size
    ? await ctx.db
        .select({ id: peripherals.id, name: peripherals.name })
        .from(peripherals)
        .where(inArray(peripherals.id, [...peripheralIds]))
        .orderBy(asc(peripherals.name))
    : [];
  // The ticket's own choices stay selectable even past the cap.
  const keepFirst = <T extends { id: number }>(rows: T[], own: Set<number>) =>
    [...rows.filter((r) => own.has(r.id)), ...rows.filter((r) => !own.has(r.id))].slice(0, maxChoices);
  return {
    details,
    models: keepFirst(modelRows.map(modelChoice), own),
    ...(searchModels ? { searchModels } : {}),
    peripherals: keepFirst(peripheralRows, new Set(details.peripherals.map((p) => p.id))),
    replacementSerial: exchange ? ((await replacementSerialOf(ctx.db, ticket)) ?? '') : undefined,
  };
}
