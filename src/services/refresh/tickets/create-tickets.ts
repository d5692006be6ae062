import { and, eq, inArray, notInArray, sql } from 'drizzle-orm';
import { insertRows } from '../../../../db/bulk.js';
import type { Db } from '../../../../db/client.js';
import { prepared, preparedFor } from '../../../../db/prepared.js';
import {
  audits,
  configBundlePeripherals,
  models,
  people,
  refreshConfigs,
  refreshTickets,
  ticketPeripherals,
} from '../../../../db/schema/index.js';
import type { BusinessCalendar } from '../../../domain/calendar/index.js';
import {
  closedRefreshStatuses,
  type RefreshStatus,
  type RefreshStyle,
} from '../../../domain/refresh/enums.js';
import { initialStatus } from '../../../domain/refresh/index.js';
import { invalid } from '../../errors.js';
import type { ReadySystem } from '../batches/lookup-serials.js';
import {
  addReplacementSystem,
  lookUpReplacements,
  markReplacementSystem,
  removeAddedSystem,
  replacementProblem,
} from '../ordering/assign-replacements.js';

/** The config a ticket is made with, as creation needs it. */
export interface CreationConfig {
  id: number;
  name: string;
  style: RefreshStyle;
  proposedModelId: number | null;
}

/** The delegate who hears everything instead of the user (VIPs), by Slack account and/or e-mail. */
export interface DelegateInput {
  slackUserId?: string | undefined;
  email?: string | undefined;
  name?: string | undefined;
}

export interface CreateTicketsSettings {
  config: CreationConfig;
  /** A person id from `resolveDelegate`. */
  delegateId: number | null;
  /** Labs and loaners: the ticket becomes `no_customer` whatever the config's style. */
  noCustomer: boolean;
  actor: string;
  now: Date;
  batchId?: number | null;
}

/** A ready system, with its replacement when the ticket is bump-down (given at creation, SPEC §2.1). */
export type CreationSystem = ReadySystem & { replacementSerial?: string | undefined };

export interface CreatedTicket {
  serial: string;
  systemId: number;
  ticketId: number;
  /** Bump-down tickets: the replacement they carry from creation. */
  replacementSystemId?: number;
}

/** A system that got no ticket because of its replacement (missing, already used, not wanted). */
export interface RefusedSerial {
  serial: string;
  replacement: string | undefined;
  reason: string;
}

export interface CreateTicketsResult {
  style: RefreshStyle;
  status: RefreshStatus;
  /** When the invitation goes out; null for no-customer tickets, which send nothing. */
  invitationDueAt: Date | null;
  created: CreatedTicket[];
  /** Serials whose system got an open ticket in the meantime: the unique index said no. */
  alreadyOpen: string[];
  /** Serials refused for their replacement, in the order given. */
  refused: RefusedSerial[];
}

/** Rows per multi-row insert: well within both databases' limit on bound parameters. */
const insertChunk = 500;

const statements = preparedFor((db) => ({
  config: prepared(
    db
      .select({
        id: refreshConfigs.id,
        name: refreshConfigs.name,
        style: refreshConfigs.style,
        proposedModelId: refreshConfigs.proposedModelId,
      })
      .from(refreshConfigs)
      .where(eq(refreshConfigs.id, sql.placeholder('id'))),
    'refresh-create-config',
  ),
  configByName: prepared(
    db
      .select({
        id: refreshConfigs.id,
        name: refreshConfigs.name,
        style: refreshConfigs.style,
        proposedModelId: refreshConfigs.proposedModelId,
      })
      .from(refreshConfigs)
      .where(sql`lower(${refreshConfigs.name}) = lower(${sql.placeholder('name')})`)
      .limit(1),
    'refresh-create-config-by-name',
  ),
  bundle: prepared(
    db
      .select({
        peripheralId: configBundlePeripherals.peripheralId,
        quantity: configBundlePeripherals.quantity,
      })
      .from(configBundlePeripherals)
      .where(eq(configBundlePeripherals.configId, sql.placeholder('configId'))),
    'refresh-create-bundle',
  ),
  personBySlackId: prepared(
    db
      .select({ id: people.id })
      .from(people)
      .where(eq(people.slackUserId, sql.placeholder('slackUserId'))),
    'refresh-create-person-by-slack-id',
  ),
  personByEmail: prepared(
    db
      .select({ id: people.id, slackUserId: people.slackUserId })
      .from(people)
      .where(sql`lower(${people.email}) = lower(${sql.placeholder('email')})`)
      .limit(1),
    'refresh-create-person-by-email',
  ),
  platformOf: prepared(
    db
      .select({ platform: models.platform })
      .from(models)
      .where(eq(models.id, sql.placeholder('id'))),
    'refresh-create-platform-of',
  ),
}));

export async function loadCreationConfig(db: Db, configId: number): Promise<CreationConfig> {
  const [config] = await statements(db).config.execute({ id: configId });
  if (!config) throw invalid('That refresh config no longer exists; pick another one.');
  return config;
}

/** A config named exactly so, whatever the case; undefined when there is none. */
export async function findCreationConfigByName(db: Db, name: string): Promise<CreationConfig | undefined> {
  return (await statements(db).configByName.execute({ name: name.trim() }))[0];
}

/**
 * The person a delegate is: found by Slack account, else by e-mail (remembering the Slack
 * account), else added. Runs inside the caller's transaction.
 */
export async function resolveDelegate(db: Db, delegate: DelegateInput): Promise<number> {
  const s = statements(db);
  if (delegate.slackUserId) {
    const [known] = await s.personBySlackId.execute({ slackUserId: delegate.slackUserId });
    if (known) return known.id;
  }
  const email = delegate.email?.trim();
  if (!email) {
    throw invalid(
      delegate.slackUserId
        ? `Otto cannot see an e-mail address for <@${delegate.slackUserId}>, so they cannot be a delegate.`
        : 'A delegate needs a Slack account or an e-mail address.',
    );
  }
  const [byEmail] = await s.personByEmail.execute({ email });
  if (byEmail) {
    if (delegate.slackUserId && byEmail.slackUserId === null) {
      await db.update(people).set({ slackUserId: delegate.slackUserId }).where(eq(people.id, byEmail.id));
    }
    return byEmail.id;
  }
  const [added] = await db
    .insert(people)
    .values({ email, name: delegate.name ?? null, slackUserId: delegate.slackUserId ?? null })
    .returning({ id: people.id });
  return added!.id;
}

/** Where each bump-down ticket's replacement stands before anything is written. */
interface ReplacementPlan {
  refusal?: string;
  known?: { systemId: number };
}

/**
 * Checks every system's replacement as bulk assignment does (`replacementProblem`), plus what
 * only creation can get wrong: a bump-down ticket without one, a replacement where the style
 * takes none, a replacement given twice, or one that gets a ticket of its own in the same call.
 */
async function planReplacements(
  db: Db,
  systems: readonly CreationSystem[],
  bumpDown: boolean,
): Promise<ReplacementPlan[]> {
  const given = systems.flatMap((system) => (system.replacementSerial ? [system.replacementSerial] : []));
  const facts = bumpDown && given.length > 0 ? await lookUpReplacements(db, given) : new Map();
  const existing = new Set(systems.map((system) => system.serial));
  const used = new Set<string>();
  return systems.map((system): ReplacementPlan => {
    const replacement = system.replacementSerial;
    if (!bumpDown) {
      return replacement
        ? { refusal: 'a replacement is only given with a bump-down config; no ticket was created' }
        : {};
    }
    if (!replacement) {
      return {
        refusal: 'missing replacement: bump-down tickets carry their replacement from creation',
      };
    }
    const known = facts.get(replacement);
    const problem = replacementProblem({ existing: system.serial, replacement }, known);
    if (problem !== undefined) return { refusal: problem };
    if (used.has(replacement)) return { refusal: `duplicate: replacement ${replacement} is given twice` };
    used.add(replacement);
    if (existing.has(replacement)) {
      return { refusal: `replacement already used: ${replacement} is getting a ticket of its own` };
    }
    return known ? { known: { systemId: known.systemId } } : {};
  });
}

/**
 * Makes one ticket per ready system, each with its 'created' audit row, inside the caller's
 * transaction (multi-row inserts of `insertChunk` rows, no statement per ticket). Customer tickets
 * start in `pending_customer` with the invitation due at the SPEC §2.2 time; no-customer
 * tickets go straight to `pending_ordering`, invite nobody and take the config's bundle as
 * their peripherals, since no wizard will ask. Bump-down tickets carry their replacement
 * from creation (SPEC §2.1): it is checked as bulk assignment checks it, added to the
 * inventory or marked as a replacement in the ticket's group; a system without a usable one
 * is refused with the reason. Creation writes no outbox rows: the timers job sends each
 * invitation when it falls due. A system that got an open ticket meanwhile meets the partial
 * unique index (`on conflict do nothing`); it is reported, not created.
 */
export async function createTickets(
  db: Db,
  calendar: Pick<BusinessCalendar, 'invitationTime'>,
  systems: readonly CreationSystem[],
  settings: CreateTicketsSettings,
): Promise<CreateTicketsResult> {
  const s = statements(db);
  const { config, actor, now } = settings;
  const style: RefreshStyle = settings.noCustomer ? 'no_customer' : config.style;
  const status = initialStatus(style);
  const invitationDueAt = style === 'no_customer' ? null : calendar.invitationTime(now);
  const bundle = style === 'no_customer' ? await s.bundle.execute({ configId: config.id }) : [];
  const baseChanges = {
    status: { from: null, to: status },
    config: { from: null, to: config.name },
    ...(settings.batchId ? { batch: { from: null, to: settings.batchId } } : {}),
  };
  const bumpDown = style === 'bump_down';
  const replacements = await planReplacements(db, systems, bumpDown);
  const platform =
    bumpDown && config.proposedModelId !== null
      ? ((await s.platformOf.execute({ id: config.proposedModelId }))[0]?.platform ?? null)
      : null;
  const refused: RefusedSerial[] = [];
  const toCreate: Array<{ system: CreationSystem; replacementId: number | null; added: boolean }> = [];
  for (const [i, system] of systems.entries()) {
    const plan = replacements[i]!;
    const replacementSerial = system.replacementSerial;
    if (plan.refusal !== undefined) {
      refused.push({ serial: system.serial, replacement: replacementSerial, reason: plan.refusal });
      continue;
    }
    let replacementId = plan.known?.systemId ?? null;
    const added = bumpDown && replacementId === null;
    if (added) {
      replacementId = await addReplacementSystem(
        db,
        {
          serial: replacementSerial!,
          modelId: config.proposedModelId,
          platform,
          unitId: system.unitId,
          groupId: system.groupId,
        },
        now,
      );
    }
    toCreate.push({ system, replacementId, added });
  }
  const ticketIds = await insertTickets(
    db,
    toCreate.map(({ system, replacementId }) => ({
      existingSystemId: system.systemId,
      userId: system.userId,
      delegateId: settings.delegateId,
      configId: config.id,
      style,
      status,
      proposedModelId: config.proposedModelId,
      building: system.building,
      room: system.room,
      groupId: system.groupId,
      supportTeamId: system.supportTeamId,
      batchId: settings.batchId ?? null,
      invitationDueAt,
      replacementSystemId: replacementId,
      createdBy: actor,
      createdAt: now,
      updatedAt: now,
    })),
  );
  const created: CreatedTicket[] = [];
  const alreadyOpen: string[] = [];
  const auditRows: Array<typeof audits.$inferInsert> = [];
  const peripheralRows: Array<typeof ticketPeripherals.$inferInsert> = [];
  for (const { system, replacementId, added } of toCreate) {
    const ticketId = ticketIds.get(system.systemId);
    // A system given twice gets one ticket; the second finds it open, as a second insert would.
    ticketIds.delete(system.systemId);
    if (ticketId === undefined) {
      if (added) await removeAddedSystem(db, replacementId!);
      alreadyOpen.push(system.serial);
      continue;
    }
    if (replacementId !== null && !added) await markReplacementSystem(db, replacementId, system.groupId, now);
    auditRows.push({
      ticketId,
      entity: 'refresh_ticket',
      entityId: String(ticketId),
      action: 'created',
      changes:
        replacementId === null
          ? baseChanges
          : {
              ...baseChanges,
              replacementSystemId: { from: null, to: replacementId },
              replacement: { from: null, to: system.replacementSerial },
            },
      actor,
      at: now,
    });
    for (const item of bundle) peripheralRows.push({ ticketId, ...item });
    created.push({
      serial: system.serial,
      systemId: system.systemId,
      ticketId,
      ...(replacementId === null ? {} : { replacementSystemId: replacementId }),
    });
  }
  await insertRows(db, audits, auditRows);
  await insertRows(db, ticketPeripherals, peripheralRows);
  return { style, status, invitationDueAt, created, alreadyOpen, refused };
}

/**
 * Inserts the tickets in chunks; a system that already has an open ticket meets the partial
 * unique index and is skipped. The new tickets' ids by their existing system. A row refused by
 * any other unique index is an error, as it always was: the transaction is rolled back.
 */
async function insertTickets(
  db: Db,
  rows: ReadonlyArray<typeof refreshTickets.$inferInsert>,
): Promise<Map<number, number>> {
  const ids = new Map<number, number>();
  for (let start = 0; start < rows.length; start += insertChunk) {
    const chunk = rows.slice(start, start + insertChunk);
    // No conflict target: a partial index's condition would have to be written for each
    // database, so every refused row is checked below.
    const { returned } = await insertRows(db, refreshTickets, chunk, {
      onConflictDoNothing: true,
      returning: ['id', 'existingSystemId'],
    });
    for (const [id, systemId] of returned) ids.set(systemId as number, id as number);
    const skipped = chunk.map((row) => row.existingSystemId).filter((id) => !ids.has(id));
    if (skipped.length > 0) await requireOpenTickets(db, skipped);
  }
  return ids;
}

/** Refused rows must be systems with an open ticket; anything else is not for creation to hide. */
async function requireOpenTickets(db: Db, systemIds: number[]): Promise<void> {
  const open = await db
    .select({ systemId: refreshTickets.existingSystemId })
    .from(refreshTickets)
    .where(
      and(
        inArray(refreshTickets.existingSystemId, systemIds),
        notInArray(refreshTickets.status, [...closedRefreshStatuses]),
      ),
    );
  const withOpen = new Set(open.map((row) => row.systemId));
  const other = systemIds.find((id) => !withOpen.has(id));
  if (other !== undefined) {
    throw new Error(
      `The ticket for system ${other} was refused by a unique index other than one open ticket per system.`,
    );
  }
}
