import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, Tx } from '../../../../db/client.js';
import {
  configApprovedModels,
  configBundlePeripherals,
  models,
  people,
  peripherals,
  refreshConfigs,
  refreshTickets,
  software,
  systems,
  ticketPeripherals,
  ticketSoftware,
  unitApprovedModels,
  unitApprovedPeripherals,
} from '../../../../db/schema/index.js';
import { personName } from '../../../domain/naming.js';
import type { RefreshStatus } from '../../../domain/refresh/enums.js';
import { approvalReasons } from '../../../domain/refresh/index.js';
import { statusPhrase } from '../../../domain/refresh/status-wording.js';
import {
  approvalFacts,
  type CatalogItem,
  type CatalogModel,
  hasWizard,
  type LocationChange,
  locationChange,
  type PageValues,
  resumeDraft,
  type TicketAnswersNow,
  validateWizard,
  type WizardAnswers,
  type WizardDraft,
  type WizardPageId,
  type WizardSetup,
} from '../../../domain/refresh/wizard/index.js';
import { SlackUserId } from '../../../domain/slack-ids.js';
import { conflict, notAllowed, notFound } from '../../errors.js';
import { ticketAudience } from '../../notices/index.js';
import type { TicketRow } from '../tickets/load-ticket.js';

/** What a wizard page shows; the wizard modal renders it. */
export interface WizardView {
  ticket: {
    id: number;
    status: RefreshStatus;
    serial: string;
    systemName: string | null;
    denialReason: string | null;
  };
  setup: WizardSetup;
  /** The customer's name when their delegate walks the wizard for them (SPEC §3), else null. */
  onBehalfOf: string | null;
  pages: WizardPageId[];
  page: WizardPageId;
  /** What the page's inputs start with. */
  values: PageValues;
  /** Why the customer was sent back to this page, shown at its top. */
  problems: string[];
  /** On the review page: the answers and what submitting them will do. */
  review?: { answers: WizardAnswers; approvalReasons: string[]; locationChange?: LocationChange };
}

export interface LoadedWizard {
  ticket: TicketRow;
  system: typeof systems.$inferSelect;
  setup: WizardSetup;
  onBehalfOf: string | null;
  pages: WizardPageId[];
  draft: WizardDraft;
}

const modelLabel = (m: { manufacturer: string; name: string }) => `${m.manufacturer} ${m.name}`;

/**
 * Who walks a wizard: a Slack user (the modal) or a person Otto knows (its web page, where the
 * reader may have no Slack account). Exactly one of the two is given.
 */
export const WizardWalker = z
  .object({ userId: SlackUserId.optional(), personId: z.number().int().positive().optional() })
  .refine((walker) => (walker.userId === undefined) !== (walker.personId === undefined), {
    message: 'Say who walks the wizard: a Slack user or a person.',
  });
export type WizardWalker = z.infer<typeof WizardWalker>;

/**
 * Only the ticket's customer walks its wizard: the delegate when one is set (VIPs), else the
 * user (SPEC §1, §3). Everyone else is refused before anything is read or changed. Returns the
 * actor the audits record: the walker's Slack id, or their e-mail address when they have none.
 */
export async function requireWizardWalker(
  tx: Db | Tx,
  ticket: TicketRow,
  walker: WizardWalker,
): Promise<string> {
  if (!hasWizard(ticket.style)) {
    throw notAllowed(`Refresh #${ticket.id} is a no-customer ticket: it has no wizard to fill in.`);
  }
  if (walker.personId !== undefined) {
    const [person] = await tx.select().from(people).where(eq(people.id, walker.personId)).limit(1);
    const walkerId = ticket.delegateId ?? ticket.userId;
    if (person && walkerId === person.id) return person.slackUserId ?? person.email;
    if (person && ticket.delegateId !== null && ticket.userId === person.id) throw delegateWalks(ticket);
    throw notYours(ticket);
  }
  const userId = walker.userId ?? '';
  if ((await ticketAudience(tx, ticket))?.recipient.slackUserId === userId) return userId;
  if (ticket.delegateId !== null && ticket.userId !== null) {
    const [user] = await tx.select().from(people).where(eq(people.id, ticket.userId)).limit(1);
    if (user?.slackUserId === userId) throw delegateWalks(ticket);
  }
  throw notYours(ticket);
}

const delegateWalks = (ticket: TicketRow) =>
  notAllowed(
    `Your delegate handles refresh #${ticket.id} for you, so they fill in its wizard. Nothing was changed.`,
  );

const notYours = (ticket: TicketRow) =>
  notAllowed(
    `Refresh #${ticket.id} is not yours: only its customer can fill in its wizard. Nothing was changed.`,
  );

/** The wizard is open only while the ticket waits for its customer; a stale modal learns the state now. */
export function requireWizardOpen(ticket: TicketRow, seenStatus?: string): void {
  if (ticket.status !== 'pending_customer') {
    throw conflict(
      `Refresh #${ticket.id} is now ${statusPhrase(ticket.status)}, so its wizard is closed. Nothing was changed.`,
    );
  }
  if (seenStatus !== undefined && seenStatus !== ticket.status) {
    throw conflict(
      `Refresh #${ticket.id} changed while this was open. Nothing was changed; open the wizard again from its Start or Continue button.`,
    );
  }
}

/** The ticket's config and catalog as the pure wizard needs them. */
export async function loadWizardSetup(
  tx: Db | Tx,
  ticket: TicketRow,
  system: typeof systems.$inferSelect,
): Promise<WizardSetup> {
  const [config] = await tx
    .select()
    .from(refreshConfigs)
    .where(eq(refreshConfigs.id, ticket.configId))
    .limit(1);
  if (!config) throw notFound(`Refresh #${ticket.id} has no refresh config.`);
  const unitId = config.unitId ?? system.unitId;
  const toModel = (m: typeof models.$inferSelect): CatalogModel => ({
    id: m.id,
    label: modelLabel(m),
    platform: m.platform,
  });

  const proposedId = ticket.proposedModelId ?? config.proposedModelId;
  const proposed =
    proposedId === null
      ? undefined
      : (await tx.select().from(models).where(eq(models.id, proposedId)).limit(1))[0];
  let approved = (
    await tx
      .select({ model: models })
      .from(configApprovedModels)
      .innerJoin(models, eq(models.id, configApprovedModels.modelId))
      .where(eq(configApprovedModels.configId, config.id))
      .orderBy(asc(models.manufacturer), asc(models.name))
  ).map((row) => toModel(row.model));
  if (approved.length === 0 && unitId !== null) {
    approved = (
      await tx
        .select({ model: models })
        .from(unitApprovedModels)
        .innerJoin(models, eq(models.id, unitApprovedModels.modelId))
        .where(eq(unitApprovedModels.unitId, unitId))
        .orderBy(asc(models.manufacturer), asc(models.name))
    ).map((row) => toModel(row.model));
  }

  const bundle = (
    await tx
      .select({ peripheral: peripherals, quantity: configBundlePeripherals.quantity })
      .from(configBundlePeripherals)
      .innerJoin(peripherals, eq(peripherals.id, configBundlePeripherals.peripheralId))
      .where(eq(configBundlePeripherals.configId, config.id))
      .orderBy(asc(peripherals.name))
  ).map(({ peripheral, quantity }) => ({ ...peripheral, quantity }));
  const unitPeripherals: CatalogItem[] =
    unitId === null
      ? []
      : (
          await tx
            .select({ peripheral: peripherals })
            .from(unitApprovedPeripherals)
            .innerJoin(peripherals, eq(peripherals.id, unitApprovedPeripherals.peripheralId))
            .where(eq(unitApprovedPeripherals.unitId, unitId))
        ).map((row) => row.peripheral);
  const choosable = new Map<number, CatalogItem>();
  for (const item of [...bundle, ...unitPeripherals]) {
    choosable.set(item.id, { id: item.id, name: item.name, requiresApproval: item.requiresApproval });
  }

  return {
    style: ticket.style,
    options: {
      canCustomizeComputer: config.canCustomizeComputer,
      canCustomizePlatform: config.canCustomizePlatform,
      canRequestDifferentDevice: config.canRequestDifferentDevice,
      canCustomizePeripherals: config.canCustomizePeripherals,
      canCustomizeSoftware: config.canCustomizeSoftware,
    },
    configRequiresApproval: config.requiresApproval,
    proposedModel: proposed ? toModel(proposed) : null,
    approvedModels: approved,
    bundle,
    peripherals: [...choosable.values()].sort((a, b) => a.name.localeCompare(b.name)),
    software: await tx.select().from(software).orderBy(asc(software.name)),
    unitSpecifiedLocation: config.unitSpecifiedLocation,
    systemLocation: { building: system.building, room: system.room },
    replacement: await replacementOf(tx, ticket, toModel),
  };
}

/** The replacement a ticket carries (bump-down tickets have it from creation), with its model. */
async function replacementOf(
  tx: Db | Tx,
  ticket: TicketRow,
  toModel: (m: typeof models.$inferSelect) => CatalogModel,
): Promise<WizardSetup['replacement']> {
  if (ticket.replacementSystemId === null) return null;
  const [row] = await tx
    .select({ serial: systems.serial, model: models })
    .from(systems)
    .leftJoin(models, eq(models.id, systems.modelId))
    .where(eq(systems.id, ticket.replacementSystemId))
    .limit(1);
  return row ? { serial: row.serial, model: row.model ? toModel(row.model) : null } : null;
}

/** What the ticket holds already, so pages start from it (a re-walk after a denial, say). */
async function answersNow(
  tx: Db | Tx,
  ticket: TicketRow,
  user: typeof people.$inferSelect | undefined,
): Promise<TicketAnswersNow> {
  return {
    building: ticket.building,
    room: ticket.room,
    shippingAddress: ticket.shippingAddress ?? null,
    chosenModelId: ticket.chosenModelId,
    differentDeviceRequested: ticket.differentDeviceRequested,
    differentDeviceReason: ticket.differentDeviceReason,
    peripheralIds: (
      await tx
        .select({ id: ticketPeripherals.peripheralId })
        .from(ticketPeripherals)
        .where(eq(ticketPeripherals.ticketId, ticket.id))
    ).map((row) => row.id),
    softwareIds: (
      await tx
        .select({ id: ticketSoftware.softwareId })
        .from(ticketSoftware)
        .where(eq(ticketSoftware.ticketId, ticket.id))
    ).map((row) => row.id),
    customerName: user?.name ?? null,
  };
}

/** The ticket, its setup and the draft to resume; the caller has checked who is asking. */
export async function loadWizard(tx: Db | Tx, ticket: TicketRow): Promise<LoadedWizard> {
  const [system] = await tx.select().from(systems).where(eq(systems.id, ticket.existingSystemId)).limit(1);
  if (!system) throw notFound(`Refresh #${ticket.id} has no existing system.`);
  const setup = await loadWizardSetup(tx, ticket, system);
  const user =
    ticket.userId === null
      ? undefined
      : (await tx.select().from(people).where(eq(people.id, ticket.userId)).limit(1))[0];
  const { pages, draft } = resumeDraft(setup, ticket.wizardState, await answersNow(tx, ticket, user));
  // Only the delegate walks a delegated ticket's wizard (requireWizardWalker), so its pages speak
  // to them about the customer's computer.
  const onBehalfOf = ticket.delegateId === null ? null : user ? personName(user) : 'the customer';
  return { ticket, system, setup, onBehalfOf, pages, draft };
}

/**
 * The view of `page`; the review page first checks every page and, when one no longer holds
 * (the catalog changed since), shows that page instead with what to fix.
 */
export function wizardView(loaded: LoadedWizard, page: WizardPageId, problems: string[] = []): WizardView {
  const { ticket, system, setup, onBehalfOf, pages, draft } = loaded;
  const base = {
    ticket: {
      id: ticket.id,
      status: ticket.status,
      serial: system.serial,
      systemName: system.name,
      denialReason: ticket.denialReason,
    },
    setup,
    onBehalfOf,
    pages,
  };
  if (page === 'review') {
    const checked = validateWizard(setup, draft.values);
    if (!checked.ok) {
      return {
        ...base,
        page: checked.page,
        values: draft.values[checked.page] ?? {},
        problems: Object.values(checked.errors),
      };
    }
    const change = locationChange(setup, checked.answers.location);
    return {
      ...base,
      page,
      values: {},
      problems,
      review: {
        answers: checked.answers,
        approvalReasons: approvalReasons(approvalFacts(setup, checked.answers)),
        ...(change ? { locationChange: change } : {}),
      },
    };
  }
  return { ...base, page, values: draft.values[page] ?? {}, problems };
}

/** Saves the draft, guarded on the status so a ticket that moved on is never written to. */
export async function saveDraft(tx: Tx, ticket: TicketRow, draft: WizardDraft, now: Date): Promise<void> {
  const [saved] = await tx
    .update(refreshTickets)
    .set({ wizardState: draft, updatedAt: now })
    .where(and(eq(refreshTickets.id, ticket.id), eq(refreshTickets.status, 'pending_customer')))
    .returning({ id: refreshTickets.id });
  if (!saved) {
    throw conflict(`Refresh #${ticket.id} changed while you were looking. Nothing was changed.`);
  }
}
