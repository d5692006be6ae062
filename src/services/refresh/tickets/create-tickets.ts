import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../../../db/client.js';
import { preparedFor } from '../../../../db/prepared.js';
import {
  configBundlePeripherals,
  models,
  people,
  refreshConfigs,
  ticketPeripherals,
} from '../../../../db/schema/index.js';
import type { BusinessCalendar } from '../../../domain/calendar/index.js';
import type { RefreshStatus, RefreshStyle } from '../../../domain/refresh/enums.js';
import { initialStatus } from '../../../domain/refresh/index.js';
import { invalid } from '../../errors.js';
import { sqliteOf } from '../../sqlite-of.js';
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

// The two inserts made per ticket run as plain SQLite statements: drizzle's placeholder filling
// and column mapping cost a third more than the inserts themselves at 5,000 tickets a batch.
const hotStatements = preparedFor((db) => {
  const sqlite = sqliteOf(db);
  return {
    insertTicket: sqlite.prepare<unknown[], { id: number }>(
      `insert into refresh_tickets (existing_system_id, user_id, delegate_id, config_id, style, status,
         proposed_model_id, building, room, group_id, support_team_id, batch_id, invitation_due_at,
         replacement_system_id, created_by, created_at, updated_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id`,
    ),
    insertAudit: sqlite.prepare(
      `insert into audits (ticket_id, entity, entity_id, action, changes, actor, at)
       values (?, 'refresh_ticket', ?, 'created', ?, ?, ?)`,
    ),
  };
});

const statements = preparedFor((db) => ({
  config: db
    .select({
      id: refreshConfigs.id,
      name: refreshConfigs.name,
      style: refreshConfigs.style,
      proposedModelId: refreshConfigs.proposedModelId,
    })
    .from(refreshConfigs)
    .where(eq(refreshConfigs.id, sql.placeholder('id')))
    .prepare(),
  configByName: db
    .select({
      id: refreshConfigs.id,
      name: refreshConfigs.name,
      style: refreshConfigs.style,
      proposedModelId: refreshConfigs.proposedModelId,
    })
    .from(refreshConfigs)
    .where(sql`lower(${refreshConfigs.name}) = lower(${sql.placeholder('name')})`)
    .prepare(),
  bundle: db
    .select({
      peripheralId: configBundlePeripherals.peripheralId,
      quantity: configBundlePeripherals.quantity,
    })
    .from(configBundlePeripherals)
    .where(eq(configBundlePeripherals.configId, sql.placeholder('configId')))
    .prepare(),
  personBySlackId: db
    .select({ id: people.id })
    .from(people)
    .where(eq(people.slackUserId, sql.placeholder('slackUserId')))
    .prepare(),
  personByEmail: db
    .select({ id: people.id, slackUserId: people.slackUserId })
    .from(people)
    .where(sql`lower(${people.email}) = lower(${sql.placeholder('email')})`)
    .prepare(),
  platformOf: db
    .select({ platform: models.platform })
    .from(models)
    .where(eq(models.id, sql.placeholder('id')))
    .prepare(),
  insertPeripheral: db
    .insert(ticketPeripherals)
    .values({
      ticketId: sql.placeholder('ticketId'),
      peripheralId: sql.placeholder('peripheralId'),
      quantity: sql.placeholder('quantity'),
    })
    .prepare(),
}));

export function loadCreationConfig(db: Db, configId: number): CreationConfig {
  const config = statements(db).config.get({ id: configId });
  if (!config) throw invalid('That refresh config no longer exists; pick another one.');
  return config;
}

/** A config named exactly so, whatever the case; undefined when there is none. */
export function findCreationConfigByName(db: Db, name: string): CreationConfig | undefined {
  return statements(db).configByName.get({ name: name.trim() });
}

/**
 * The person a delegate is: found by Slack account, else by e-mail (remembering the Slack
 * account), else added. Runs inside the caller's transaction.
 */
export function resolveDelegate(db: Db, delegate: DelegateInput): number {
  const s = statements(db);
  if (delegate.slackUserId) {
    const known = s.personBySlackId.get({ slackUserId: delegate.slackUserId });
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
  const byEmail = s.personByEmail.get({ email });
  if (byEmail) {
    if (delegate.slackUserId && byEmail.slackUserId === null) {
      db.update(people).set({ slackUserId: delegate.slackUserId }).where(eq(people.id, byEmail.id)).run();
    }
    return byEmail.id;
  }
  return db
    .insert(people)
    .values({ email, name: delegate.name ?? null, slackUserId: delegate.slackUserId ?? null })
    .returning({ id: people.id })
    .get().id;
}

function isOpenTicketViolation(error: unknown): boolean {
  const { code, message } = error as { code?: unknown; message?: unknown };
  return (
    code === 'SQLITE_CONSTRAINT_UNIQUE' &&
    typeof message === 'string' &&
    message.includes('refresh_tickets.existing_system_id')
  );
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
function planReplacements(db: Db, systems: readonly CreationSystem[], bumpDown: boolean): ReplacementPlan[] {
  const given = systems.flatMap((system) => (system.replacementSerial ? [system.replacementSerial] : []));
  const facts = bumpDown && given.length > 0 ? lookUpReplacements(db, given) : new Map();
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
 * transaction (synchronous; prepared statements, no query built per row). Customer tickets
 * start in `pending_customer` with the invitation due at the SPEC §2.2 time; no-customer
 * tickets go straight to `pending_ordering`, invite nobody and take the config's bundle as
 * their peripherals, since no wizard will ask. Bump-down tickets carry their replacement
 * from creation (SPEC §2.1): it is checked as bulk assignment checks it, added to the
 * inventory or marked as a replacement in the ticket's group; a system without a usable one
 * is refused with the reason. Creation writes no outbox rows: the timers job sends each
 * invitation when it falls due. A system that got an open ticket meanwhile trips the partial
 * unique index; it is reported, not created.
 */
export function createTickets(
  db: Db,
  calendar: Pick<BusinessCalendar, 'invitationTime'>,
  systems: readonly CreationSystem[],
  settings: CreateTicketsSettings,
): CreateTicketsResult {
  const s = statements(db);
  const { config, actor, now } = settings;
  const style: RefreshStyle = settings.noCustomer ? 'no_customer' : config.style;
  const status = initialStatus(style);
  const invitationDueAt = style === 'no_customer' ? null : calendar.invitationTime(now);
  const bundle = style === 'no_customer' ? s.bundle.all({ configId: config.id }) : [];
  const hot = hotStatements(db);
  const at = now.getTime();
  const baseChanges = {
    status: { from: null, to: status },
    config: { from: null, to: config.name },
    ...(settings.batchId ? { batch: { from: null, to: settings.batchId } } : {}),
  };
  const changes = JSON.stringify(baseChanges);
  const bumpDown = style === 'bump_down';
  const replacements = planReplacements(db, systems, bumpDown);
  const platform =
    bumpDown && config.proposedModelId !== null
      ? (s.platformOf.get({ id: config.proposedModelId })?.platform ?? null)
      : null;
  const created: CreatedTicket[] = [];
  const alreadyOpen: string[] = [];
  const refused: RefusedSerial[] = [];
  systems.forEach((system, i) => {
    const plan = replacements[i]!;
    const replacementSerial = system.replacementSerial;
    if (plan.refusal !== undefined) {
      refused.push({ serial: system.serial, replacement: replacementSerial, reason: plan.refusal });
      return;
    }
    let replacementId = plan.known?.systemId ?? null;
    const added = bumpDown && replacementId === null;
    if (added) {
      replacementId = addReplacementSystem(
        db,
        {
          serial: replacementSerial!,
          modelId: config.proposedModelId,
          platform,
          unitId: system.unitId,
          groupId: system.groupId,
        },
        at,
      );
    }
    let ticketId: number;
    try {
      const row = hot.insertTicket.get(
        system.systemId,
        system.userId,
        settings.delegateId,
        config.id,
        style,
        status,
        config.proposedModelId,
        system.building,
        system.room,
        system.groupId,
        system.supportTeamId,
        settings.batchId ?? null,
        invitationDueAt?.getTime() ?? null,
        replacementId,
        actor,
        at,
        at,
      );
      ticketId = row!.id;
    } catch (error) {
      if (!isOpenTicketViolation(error)) throw error;
      if (added) removeAddedSystem(db, replacementId!);
      alreadyOpen.push(system.serial);
      return;
    }
    if (replacementId !== null && !added) markReplacementSystem(db, replacementId, system.groupId, at);
    hot.insertAudit.run(
      ticketId,
      String(ticketId),
      replacementId === null
        ? changes
        : JSON.stringify({
            ...baseChanges,
            replacementSystemId: { from: null, to: replacementId },
            replacement: { from: null, to: replacementSerial },
          }),
      actor,
      at,
    );
    for (const item of bundle) s.insertPeripheral.run({ ticketId, ...item });
    created.push({
      serial: system.serial,
      systemId: system.systemId,
      ticketId,
      ...(replacementId === null ? {} : { replacementSystemId: replacementId }),
    });
  });
  return { style, status, invitationDueAt, created, alreadyOpen, refused };
}
