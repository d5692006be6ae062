import { and, count, eq, gte, isNull } from 'drizzle-orm';
import {
  batches,
  batchSerials,
  configApprovedModels,
  configApprovers,
  configBundlePeripherals,
  itsmTasks,
  itsmTickets,
  models,
  orderGroups,
  people,
  peripherals,
  refreshConfigs,
  refreshTickets,
  roles,
  scheduleSlotPreferences,
  scheduleSlots,
  software,
  supportTeams,
  systemGroups,
  systems,
  ticketPeripherals,
  ticketSoftware,
  unitApprovedModels,
  unitApprovedPeripherals,
  units,
} from '../../db/schema/index.js';
import type { ShippingAddress } from '../../db/schema/refresh-tickets.js';
import type { RoleName } from '../domain/enums.js';
import type { Platform, RefreshStatus, RefreshStyle } from '../domain/refresh/enums.js';
import type { RefreshEffect } from '../domain/refresh/index.js';
import type { ServiceContext } from '../services/context.js';
import {
  type RuleValues,
  type SetupRun,
  saveAccount,
  saveCategory,
  saveGroup,
  saveRule,
} from '../services/desk/setup/store.js';
import { deliveryTasks } from '../services/refresh/delivery/delivery-plan.js';
import { enqueueTicketEffects } from '../services/refresh/tickets/run-effects.js';
import { generateSlots } from '../services/scheduling/generate-slots.js';
import { seedDeskCases } from './demo-desk.js';

export interface DemoPerson {
  id: string;
  name: string;
  realName: string;
  email: string;
  title: string;
  roles: Array<{ role: RoleName; scope?: string }>;
}

/** The people of the sandbox: one of each kind Otto serves. */
export const demoPeople: readonly DemoPerson[] = [
  {
    id: 'U0DEMOADMN',
    name: 'avery',
    realName: 'Avery Admin',
    email: 'avery@otto.example.edu',
    title: 'Refresh admin',
    roles: [{ role: 'admin' }],
  },
  {
    id: 'U0DEMODEPO',
    name: 'devon',
    realName: 'Devon Depot',
    email: 'devon@otto.example.edu',
    title: 'Depot (refresh admin)',
    roles: [{ role: 'admin' }],
  },
  {
    id: 'U0DEMOMGR1',
    name: 'morgan',
    realName: 'Morgan Manager',
    email: 'morgan@otto.example.edu',
    title: 'NIT (refresh manager)',
    roles: [{ role: 'manager' }],
  },
  {
    id: 'U0DEMOLEAD',
    name: 'lee',
    realName: 'Lee Lead',
    email: 'lee@otto.example.edu',
    title: 'NIT lead',
    roles: [{ role: 'manager' }, { role: 'slot_admin', scope: 'North Campus NIT' }],
  },
  {
    id: 'U0DEMOAPPR',
    name: 'pat',
    realName: 'Pat Approver',
    email: 'pat@otto.example.edu',
    title: 'Approver',
    roles: [],
  },
  {
    id: 'U0DEMOCUST',
    name: 'casey',
    realName: 'Casey Customer',
    email: 'casey@otto.example.edu',
    title: 'Customer',
    roles: [],
  },
  {
    id: 'U0DEMODELG',
    name: 'dana',
    realName: 'Dana Delegate',
    email: 'dana@otto.example.edu',
    title: 'Delegate of a VIP',
    roles: [],
  },
  {
    id: 'U0DEMOVIP1',
    name: 'quinn',
    realName: 'Quinn VIP',
    email: 'quinn@otto.example.edu',
    title: 'Customer (VIP)',
    roles: [],
  },
  {
    id: 'U0DEMOREMO',
    name: 'riley',
    realName: 'Riley Remote',
    email: 'riley@otto.example.edu',
    title: 'Customer (@home)',
    roles: [],
  },
];

/** Customers without a Slack account: Otto reaches them by e-mail only (the mail view shows it). */
const emailOnlyPeople = [
  { key: 'jordan', name: 'Jordan Faculty', email: 'jordan@otto.example.edu' },
  { key: 'robin', name: 'Robin Researcher', email: 'robin@otto.example.edu' },
  { key: 'sam', name: 'Sam Staff', email: 'sam@otto.example.edu' },
  { key: 'taylor', name: 'Taylor Lecturer', email: 'taylor@otto.example.edu' },
  { key: 'alex', name: 'Alex Postdoc', email: 'alex@otto.example.edu' },
  { key: 'jamie', name: 'Jamie Advisor', email: 'jamie@otto.example.edu' },
] as const;

export const demoChannels = [
  { id: 'C0NORTHNIT', name: 'nit-north-campus' },
  { id: 'C0CENTRNIT', name: 'nit-central-campus' },
  { id: 'C0MEDICNIT', name: 'nit-medical-campus' },
  // The service desk's groups (seed 003), one channel each.
  { id: 'C0DESKCARE', name: 'desk-care-team' },
  { id: 'C0DESKIT01', name: 'desk-it' },
  { id: 'C0DESKAV01', name: 'desk-av' },
  { id: 'C0DESKFACI', name: 'desk-facilities' },
  { id: 'C0DESKMNTC', name: 'desk-maintenance' },
  { id: 'C0DESKWEBS', name: 'desk-websites' },
  { id: 'C0DESKDBVN', name: 'desk-database-vendors' },
] as const;

/** Serials in the inventory, each with a user, group and team but no ticket: ready for `/otto batch new`. */
export const demoBatchSerials = ['DEMO0101', 'DEMO0102', 'DEMO0103'] as const;

type TeamKey = 'north' | 'central' | 'medical';
type UnitKey = 'lsa' | 'engin' | 'med';
type ModelKey = 'latitude' | 'optiplex' | 'macbook' | 'precision';
type ConfigKey = 'remote' | 'onPrem' | 'walkIn' | 'labs' | 'bumpDown';
type PersonKey = (typeof demoPeople)[number]['name'] | (typeof emailOnlyPeople)[number]['key'];

/** Weekly slot rules per team (wall clock in the team's zone), made into slots at seed time. */
const slotRules: Record<
  TeamKey,
  Array<{ weekdays: number[]; startTime: string; endTime: string; slotMinutes: number; capacity: number }>
> = {
  north: [{ weekdays: [1, 2, 3, 4, 5], startTime: '09:00', endTime: '12:00', slotMinutes: 60, capacity: 2 }],
  central: [
    { weekdays: [1, 2, 3, 4], startTime: '13:00', endTime: '16:00', slotMinutes: 30, capacity: 1 },
    { weekdays: [5], startTime: '09:00', endTime: '11:00', slotMinutes: 60, capacity: 2 },
  ],
  medical: [{ weekdays: [2, 4], startTime: '08:00', endTime: '10:00', slotMinutes: 60, capacity: 3 }],
};

interface DemoSystem {
  serial: string;
  name: string;
  model: ModelKey;
  user?: PersonKey;
  team: TeamKey;
  unit: UnitKey;
  building: string;
  room: string;
}

/** What a customer answered in the wizard (tickets past it carry these). */
interface DemoAnswers {
  chosen?: ModelKey;
  differentDevice?: string;
  shipTo?: ShippingAddress;
  peripherals?: Array<'monitor' | 'dock' | 'keyboard' | 'camera'>;
  software?: Array<'acrobat' | 'matlab' | 'office'>;
}

interface DemoTicket {
  system: DemoSystem;
  config: ConfigKey;
  status: RefreshStatus;
  statusBeforeHold?: RefreshStatus;
  delegate?: PersonKey;
  answers?: DemoAnswers;
  /** The replacement's serial (its system is made with the chosen or proposed model). */
  replacement?: string;
  orderGroup?: 'open' | 'ordered';
  invited?: 'now' | 'due';
  /** A seat on the team's first free slot from the next business day on. */
  booked?: boolean;
  itsm?: 'open' | 'closed';
  trackingNumber?: string;
  remindersSent?: number;
  /** Pat approved what the wizard asked for. */
  approved?: boolean;
}

const address = (recipient: string, line1: string): ShippingAddress => ({
  recipient,
  line1,
  city: 'Ann Arbor',
  region: 'MI',
  postalCode: '48104',
  country: 'US',
});

/**
 * The notices a ticket's arrival in a status sends, sent again for the seeded tickets: the stand-in
 * starts empty, and the slot invitation's DM is where a customer picks a time.
 */
const arrivalNotices: Partial<Record<RefreshStatus, RefreshEffect[]>> = {
  requires_approval: [{ type: 'notify_approvers' }],
  pending_customer_scheduling: [{ type: 'invite_to_schedule' }],
};

const configStyles: Record<ConfigKey, RefreshStyle> = {
  remote: 'remote_customer',
  onPrem: 'on_prem',
  walkIn: 'unit_specified_location',
  labs: 'no_customer',
  bumpDown: 'bump_down',
};

/** One ticket in every status, every style among them (the sandbox test checks both). */
const demoTickets: DemoTicket[] = [
  {
    // Riley walks the remote wizard in the browser test.
    system: sys('DEMO0001', 'LSA-RILEY-LT', 'latitude', 'riley', 'north', 'lsa', 'Mason Hall', '1401'),
    config: 'remote',
    status: 'pending_customer',
    invited: 'now',
  },
  {
    // Casey books a slot in the browser test.
    system: sys('DEMO0002', 'ENG-CASEY-DT', 'optiplex', 'casey', 'central', 'engin', 'EECS', '2420'),
    config: 'onPrem',
    status: 'pending_customer_scheduling',
    answers: { chosen: 'latitude', peripherals: ['monitor', 'keyboard', 'dock'], software: ['matlab'] },
    replacement: 'DEMO1002',
    orderGroup: 'ordered',
    invited: 'now',
    approved: true,
  },
  {
    // Invited at the next business day's 10:05: advancing the clock sends Dana the invitation.
    system: sys('DEMO0003', 'ENG-QUINN-DT', 'optiplex', 'quinn', 'central', 'engin', 'EECS', '4401'),
    config: 'onPrem',
    status: 'pending_customer',
    delegate: 'dana',
    invited: 'due',
  },
  {
    system: sys('DEMO0004', 'LSA-PAT-MB', 'macbook', 'pat', 'north', 'lsa', 'Haven Hall', '5700'),
    config: 'walkIn',
    status: 'pending_location_info',
    invited: 'now',
    remindersSent: 2,
  },
  {
    // Pat approves from the Home tab in the browser test.
    system: sys('DEMO0005', 'LSA-JORDAN-LT', 'latitude', 'jordan', 'north', 'lsa', 'Tisch Hall', '3010'),
    config: 'remote',
    status: 'requires_approval',
    answers: {
      differentDevice: 'I edit video on the road; I need a workstation-class laptop.',
      shipTo: address('Jordan Faculty', '1200 Packard St'),
      peripherals: ['monitor', 'keyboard', 'camera'],
    },
    invited: 'now',
  },
  {
    system: sys('DEMO0014', 'ENG-TAYLOR-DT', 'optiplex', 'taylor', 'central', 'engin', 'Beyster', '1670'),
    config: 'onPrem',
    status: 'requires_approval',
    answers: { chosen: 'macbook', peripherals: ['monitor'], software: ['acrobat', 'office'] },
    invited: 'now',
  },
  {
    system: sys('DEMO0006', 'ENG-LAB-017', 'optiplex', undefined, 'medical', 'engin', 'GG Brown', '1017'),
    config: 'labs',
    status: 'pending_ordering',
    orderGroup: 'open',
  },
  {
    system: sys('DEMO0007', 'ENG-LAB-018', 'optiplex', undefined, 'medical', 'engin', 'GG Brown', '1018'),
    config: 'labs',
    status: 'pending_itsm_existence',
    replacement: 'DEMO1007',
    orderGroup: 'ordered',
  },
  {
    system: sys('DEMO0008', 'MED-SAM-DT', 'optiplex', 'sam', 'medical', 'med', 'Med Sci I', '3300'),
    config: 'onPrem',
    status: 'pending_schedule_slot_discovery',
    answers: { chosen: 'optiplex', peripherals: ['monitor', 'keyboard'] },
    replacement: 'DEMO1008',
    orderGroup: 'ordered',
    invited: 'now',
  },
  {
    system: sys(
      'DEMO0009',
      'ENG-QUINN-MB',
      'macbook',
      'quinn',
      'north',
      'engin',
      'Bob and Betty Beyster',
      '3901',
    ),
    config: 'onPrem',
    status: 'delivery_scheduled',
    delegate: 'dana',
    answers: { chosen: 'macbook', peripherals: ['monitor', 'keyboard'], software: ['office'] },
    replacement: 'DEMO1009',
    orderGroup: 'ordered',
    invited: 'now',
    booked: true,
    itsm: 'open',
    approved: true,
  },
  {
    system: sys('DEMO0010', 'LSA-ROBIN-LT', 'latitude', 'robin', 'north', 'lsa', 'West Hall', '2020'),
    config: 'remote',
    status: 'pending_delivery',
    answers: {
      shipTo: address('Robin Researcher', '815 E Huron St, Apt 4'),
      peripherals: ['monitor', 'keyboard'],
    },
    replacement: 'DEMO1010',
    invited: 'now',
    itsm: 'open',
    trackingNumber: '1Z999AA10123456784',
    approved: true,
  },
  {
    system: sys('DEMO0011', 'LSA-MORGAN-LT', 'latitude', 'morgan', 'north', 'lsa', 'Angell Hall', '3120'),
    config: 'walkIn',
    status: 'complete',
    answers: { peripherals: ['monitor', 'keyboard'] },
    replacement: 'DEMO1011',
    invited: 'now',
    itsm: 'closed',
  },
  {
    system: sys('DEMO0012', 'MED-ROBIN-DT', 'optiplex', 'robin', 'medical', 'med', 'Med Sci II', '4810'),
    config: 'bumpDown',
    status: 'canceled',
    replacement: 'DEMO1012',
  },
  {
    system: sys('DEMO0013', 'MED-LEE-DT', 'optiplex', 'lee', 'medical', 'med', 'Med Sci II', '4815'),
    config: 'bumpDown',
    status: 'on_hold',
    statusBeforeHold: 'pending_customer',
    replacement: 'DEMO1013',
    invited: 'now',
  },
];

const batchOnlySystems: DemoSystem[] = [
  sys(demoBatchSerials[0], 'LSA-ALEX-LT', 'latitude', 'alex', 'north', 'lsa', 'Randall Lab', '1250'),
  sys(demoBatchSerials[1], 'ENG-JAMIE-DT', 'optiplex', 'jamie', 'central', 'engin', 'EECS', '3316'),
  sys(demoBatchSerials[2], 'MED-TAYLOR-LT', 'latitude', 'taylor', 'medical', 'med', 'Med Sci I', '2100'),
];

function sys(
  serial: string,
  name: string,
  model: ModelKey,
  user: PersonKey | undefined,
  team: TeamKey,
  unit: UnitKey,
  building: string,
  room: string,
): DemoSystem {
  return { serial, name, model, ...(user ? { user } : {}), team, unit, building, room };
}

/**
 * Fills an empty database with the demo: three teams with slot rules and generated slots, configs
 * covering every style and option, a ticket in every status, two batches and two order groups, and
 * the service desk with its groups, rules and cases in several statuses. Does nothing when data is there already; returns whether it seeded.
 */
export async function seedDemoData(ctx: ServiceContext, now: Date): Promise<boolean> {
  const { db, calendar } = ctx;
  if (((await db.select({ n: count() }).from(supportTeams))[0]?.n ?? 0) > 0) return false;
  await db.transaction(async (tx) => {
    const stamp = { createdAt: now, updatedAt: now };
    const insertId = async (rows: PromiseLike<Array<{ id: number }>>) => (await rows)[0]!.id;

    const teams = {} as Record<TeamKey, number>;
    const teamNames: Record<TeamKey, string> = {
      north: 'North Campus NIT',
      central: 'Central Campus NIT',
      medical: 'Medical Campus NIT',
    };
    for (const [i, key] of (['north', 'central', 'medical'] as const).entries()) {
      teams[key] = await insertId(
        tx
          .insert(supportTeams)
          .values({
            name: teamNames[key],
            slackChannelId: demoChannels[i]!.id,
            itsmGroup: teamNames[key],
            timeZone: calendar.timeZone,
            createdAt: now,
          })
          .returning({ id: supportTeams.id }),
      );
      await tx.insert(scheduleSlotPreferences).values(
        slotRules[key].map((rule) => ({
          supportTeamId: teams[key],
          ...rule,
          effectiveFrom: calendar.localDateOf(now),
          updatedBy: 'U0DEMOLEAD',
          updatedAt: now,
        })),
      );
    }

    const unitIds = {} as Record<UnitKey, number>;
    for (const [key, name] of [
      ['lsa', 'College of LSA'],
      ['engin', 'College of Engineering'],
      ['med', 'Medical School'],
    ] as const) {
      unitIds[key] = await insertId(
        tx.insert(units).values({ name, createdAt: now }).returning({ id: units.id }),
      );
    }

    const modelRows: Record<ModelKey, { manufacturer: string; name: string; platform: Platform }> = {
      latitude: { manufacturer: 'Dell', name: 'Latitude 7450', platform: 'windows' },
      optiplex: { manufacturer: 'Dell', name: 'OptiPlex 7020', platform: 'windows' },
      macbook: { manufacturer: 'Apple', name: 'MacBook Air 13 (M4)', platform: 'mac' },
      precision: { manufacturer: 'Dell', name: 'Precision 5690', platform: 'windows' },
    };
    const modelIds = {} as Record<ModelKey, number>;
    for (const [key, row] of Object.entries(modelRows) as Array<[ModelKey, (typeof modelRows)[ModelKey]]>) {
      modelIds[key] = await insertId(tx.insert(models).values(row).returning({ id: models.id }));
    }

    const peripheralIds = {
      monitor: await insertId(
        tx.insert(peripherals).values({ name: 'Dell 27" monitor P2725H' }).returning({ id: peripherals.id }),
      ),
      dock: await insertId(
        tx.insert(peripherals).values({ name: 'Dell USB-C dock WD22TB4' }).returning({ id: peripherals.id }),
      ),
      keyboard: await insertId(
        tx.insert(peripherals).values({ name: 'Keyboard and mouse set' }).returning({ id: peripherals.id }),
      ),
      camera: await insertId(
        tx
          .insert(peripherals)
          .values({ name: '4K document camera', requiresApproval: true })
          .returning({ id: peripherals.id }),
      ),
    };
    const softwareIds = {
      acrobat: await insertId(
        tx
          .insert(software)
          .values({ name: 'Adobe Acrobat Pro', requiresApproval: true })
          .returning({ id: software.id }),
      ),
      matlab: await insertId(tx.insert(software).values({ name: 'MATLAB' }).returning({ id: software.id })),
      office: await insertId(
        tx.insert(software).values({ name: 'Microsoft 365 Apps' }).returning({ id: software.id }),
      ),
    };
    for (const unitId of Object.values(unitIds)) {
      await tx
        .insert(unitApprovedModels)
        .values(Object.values(modelIds).map((modelId) => ({ unitId, modelId })));
      await tx
        .insert(unitApprovedPeripherals)
        .values(Object.values(peripheralIds).map((peripheralId) => ({ unitId, peripheralId })));
    }
    const group = await insertId(
      tx.insert(systemGroups).values({ name: 'Refresh 2026' }).returning({ id: systemGroups.id }),
    );

    const personIds = new Map<PersonKey, number>();
    for (const person of demoPeople) {
      personIds.set(
        person.name as PersonKey,
        await insertId(
          tx
            .insert(people)
            .values({
              email: person.email,
              name: person.realName,
              slackUserId: person.id,
              slackLookedUpAt: now,
            })
            .returning({ id: people.id }),
        ),
      );
      for (const { role, scope = '' } of person.roles) {
        await tx
          .insert(roles)
          .values({ slackUserId: person.id, role, scope, grantedBy: 'sandbox', grantedAt: now });
      }
    }
    for (const person of emailOnlyPeople) {
      // Looked up in Slack and not found: notices go by e-mail.
      personIds.set(
        person.key,
        await insertId(
          tx
            .insert(people)
            .values({ email: person.email, name: person.name, slackLookedUpAt: now })
            .returning({ id: people.id }),
        ),
      );
    }

    // Between them the configs switch on every option (SPEC §2.1).
    const configIds = {} as Record<ConfigKey, number>;
    const config = async (
      key: ConfigKey,
      values: Omit<typeof refreshConfigs.$inferInsert, 'style' | 'createdAt' | 'updatedAt'>,
      approvers: string[],
      approved: ModelKey[],
      bundle: Array<keyof typeof peripheralIds>,
    ) => {
      const id = await insertId(
        tx
          .insert(refreshConfigs)
          .values({ ...values, style: configStyles[key], ...stamp })
          .returning({ id: refreshConfigs.id }),
      );
      if (approvers.length > 0)
        await tx
          .insert(configApprovers)
          .values(approvers.map((slackUserId) => ({ configId: id, slackUserId })));
      await tx
        .insert(configApprovedModels)
        .values(approved.map((model) => ({ configId: id, modelId: modelIds[model] })));
      if (bundle.length > 0)
        await tx
          .insert(configBundlePeripherals)
          .values(bundle.map((item) => ({ configId: id, peripheralId: peripheralIds[item] })));
      configIds[key] = id;
    };
    await config(
      'remote',
      {
        name: 'LSA @home 2026',
        unitId: unitIds.lsa,
        requiresApproval: true,
        canRequestDifferentDevice: true,
        proposedModelId: modelIds.latitude,
      },
      ['U0DEMOAPPR'],
      ['latitude', 'macbook'],
      ['monitor', 'keyboard'],
    );
    await config(
      'onPrem',
      {
        name: 'Engineering on-prem 2026',
        unitId: unitIds.engin,
        canCustomizeComputer: true,
        canCustomizePlatform: true,
        canCustomizePeripherals: true,
        canCustomizeSoftware: true,
        proposedModelId: modelIds.optiplex,
      },
      ['U0DEMOAPPR'],
      ['latitude', 'optiplex', 'macbook', 'precision'],
      ['monitor'],
    );
    await config(
      'walkIn',
      {
        name: 'LSA walk-in 2026',
        unitId: unitIds.lsa,
        proposedModelId: modelIds.latitude,
        unitSpecifiedLocation: 'Angell Hall, room 2001 (Tech Bar)',
      },
      ['U0DEMOAPPR'],
      ['latitude'],
      ['monitor', 'keyboard'],
    );
    await config(
      'labs',
      { name: 'Engineering labs 2026', unitId: unitIds.engin, proposedModelId: modelIds.optiplex },
      [],
      ['optiplex'],
      [],
    );
    await config(
      'bumpDown',
      { name: 'Medical bump-down 2026', unitId: unitIds.med, proposedModelId: modelIds.optiplex },
      ['U0DEMOAPPR'],
      ['optiplex'],
      [],
    );

    const orderGroupIds = {
      ordered: await insertId(
        tx
          .insert(orderGroups)
          .values({
            name: '2026 order 1',
            status: 'ordered',
            poNumber: 'PO-2026-0142',
            requestItem: 'RITM0042017',
            approvedBy: 'U0DEMOMGR1',
            approvedAt: now,
            createdBy: 'U0DEMODEPO',
            createdAt: now,
          })
          .returning({ id: orderGroups.id }),
      ),
      open: await insertId(
        tx
          .insert(orderGroups)
          .values({
            name: 'Engineering labs order 2',
            unitId: unitIds.engin,
            createdBy: 'U0DEMODEPO',
            createdAt: now,
          })
          .returning({ id: orderGroups.id }),
      ),
    };

    const addSystem = (s: DemoSystem) =>
      insertId(
        tx
          .insert(systems)
          .values({
            serial: s.serial,
            name: s.name,
            modelId: modelIds[s.model],
            platform: modelRows[s.model].platform,
            userId: s.user ? personIds.get(s.user) : null,
            supportTeamId: teams[s.team],
            unitId: unitIds[s.unit],
            building: s.building,
            room: s.room,
            groupId: group,
            updatedAt: now,
          })
          .returning({ id: systems.id }),
      );
    for (const s of batchOnlySystems) await addSystem(s);

    // Made by the nightly job's own code (its transaction nests in this one as a savepoint).
    await generateSlots({ ...ctx, db: tx }, now);
    const firstFreeSlot = async (team: TeamKey) =>
      (
        await tx
          .select()
          .from(scheduleSlots)
          .where(
            and(
              eq(scheduleSlots.supportTeamId, teams[team]),
              gte(
                scheduleSlots.startsAt,
                calendar.atLocalTime(calendar.nextBusinessDay(calendar.localDateOf(now)), '00:00'),
              ),
              isNull(scheduleSlots.deletedAt),
            ),
          )
          .orderBy(scheduleSlots.startsAt)
          .limit(1)
      )[0];

    const ticketIdBySerial = new Map<string, number>();
    for (const t of demoTickets) {
      const systemId = await addSystem(t.system);
      const style = configStyles[t.config];
      const proposed = t.config === 'remote' || t.config === 'walkIn' ? 'latitude' : 'optiplex';
      const answers = t.answers;
      const chosen = answers && !answers.differentDevice ? (answers.chosen ?? proposed) : undefined;
      const replacementSystemId = t.replacement
        ? await insertId(
            tx
              .insert(systems)
              .values({
                serial: t.replacement,
                modelId: modelIds[chosen ?? proposed],
                platform: modelRows[chosen ?? proposed].platform,
                unitId: unitIds[t.system.unit],
                groupId: group,
                status: 'replacement',
                updatedAt: now,
              })
              .returning({ id: systems.id }),
          )
        : null;
      const slot = t.booked ? await firstFreeSlot(t.system.team) : undefined;
      if (t.booked && !slot) throw new Error(`no free slot for the demo ticket of ${t.system.serial}`);
      const invitationDueAt = t.invited ? (t.invited === 'due' ? calendar.invitationTime(now) : now) : null;
      const ticketId = await insertId(
        tx
          .insert(refreshTickets)
          .values({
            existingSystemId: systemId,
            userId: t.system.user ? personIds.get(t.system.user) : null,
            delegateId: t.delegate ? personIds.get(t.delegate) : null,
            configId: configIds[t.config],
            style,
            status: t.status,
            statusBeforeHold: t.statusBeforeHold ?? null,
            proposedModelId: modelIds[proposed],
            chosenModelId: chosen ? modelIds[chosen] : null,
            differentDeviceRequested: Boolean(answers?.differentDevice),
            differentDeviceReason: answers?.differentDevice ?? null,
            building: t.system.building,
            room: t.system.room,
            shippingAddress: answers?.shipTo ?? null,
            replacementSystemId,
            groupId: group,
            supportTeamId: teams[t.system.team],
            scheduleSlotId: slot?.id ?? null,
            trackingNumber: t.trackingNumber ?? null,
            orderGroupId: t.orderGroup ? orderGroupIds[t.orderGroup] : null,
            wizardState: answers
              ? wizardDraft(t, answers, chosen && modelIds[chosen], peripheralIds, softwareIds)
              : null,
            decidedBy: t.approved ? 'U0DEMOAPPR' : null,
            decidedAt: t.approved ? now : null,
            invitationDueAt,
            invitedAt: t.invited === 'now' ? now : null,
            remindersSent: t.remindersSent ?? 0,
            createdBy: 'U0DEMOADMN',
            ...stamp,
          })
          .returning({ id: refreshTickets.id }),
      );
      ticketIdBySerial.set(t.system.serial, ticketId);
      if (slot)
        await tx
          .update(scheduleSlots)
          .set({ booked: slot.booked + 1 })
          .where(eq(scheduleSlots.id, slot.id));
      if (answers?.peripherals?.length)
        await tx
          .insert(ticketPeripherals)
          .values(answers.peripherals.map((item) => ({ ticketId, peripheralId: peripheralIds[item] })));
      if (answers?.software?.length)
        await tx
          .insert(ticketSoftware)
          .values(answers.software.map((item) => ({ ticketId, softwareId: softwareIds[item] })));
      if (t.itsm) {
        // The built-in ITSM's delivery ticket, with the tasks the delivery code plans.
        const itsmId = await insertId(
          tx
            .insert(itsmTickets)
            .values({
              kind: 'refresh',
              refreshTicketId: ticketId,
              title: `Refresh #${ticketId}: ${t.replacement} for ${t.system.name}`,
              body: `Otto refresh ticket #${ticketId}.\nExisting system: ${t.system.serial} (${t.system.name})`,
              status: t.itsm,
              requestedBy: 'otto',
              ...stamp,
            })
            .returning({ id: itsmTickets.id }),
        );
        const tasks = deliveryTasks({
          style,
          platform: modelRows[chosen ?? proposed].platform,
          calendar: ctx.calendar,
          day1: slot?.startsAt,
        });
        await tx.insert(itsmTasks).values(
          tasks.map((task) => ({
            itsmTicketId: itsmId,
            kind: task.kind,
            title: task.title,
            dueAt: task.dueAt ? new Date(task.dueAt) : null,
            ...(t.itsm === 'closed' || task.kind === 'prestage'
              ? { status: 'done' as const, completedAt: now, completedBy: 'otto' }
              : {}),
          })),
        );
        await tx
          .update(refreshTickets)
          .set({ itsmTicketId: String(itsmId) })
          .where(eq(refreshTickets.id, ticketId));
      }
    }

    // Two batches the tickets came from, one with a serial the inventory does not know.
    const batch = async (name: string, configKey: ConfigKey, serials: string[]) => {
      const batchId = await insertId(
        tx
          .insert(batches)
          .values({
            name,
            configId: configIds[configKey],
            createdBy: 'U0DEMOADMN',
            createdAt: now,
            lookedUpAt: now,
          })
          .returning({ id: batches.id }),
      );
      for (const [i, serial] of serials.entries()) {
        const ticketId = ticketIdBySerial.get(serial);
        const [system] = await tx
          .select({ id: systems.id })
          .from(systems)
          .where(eq(systems.serial, serial))
          .limit(1);
        const systemId = system?.id;
        await tx.insert(batchSerials).values({
          batchId,
          serial,
          lineNo: i + 1,
          lookupResult: systemId === undefined ? 'unknown_serial' : 'ready',
          systemId: systemId ?? null,
          ticketId: ticketId ?? null,
        });
        if (ticketId) await tx.update(refreshTickets).set({ batchId }).where(eq(refreshTickets.id, ticketId));
      }
    };
    await batch('LSA @home wave 1', 'remote', ['DEMO0001', 'DEMO0005', 'DEMO0010']);
    await batch('Engineering labs wave 1', 'labs', ['DEMO0006', 'DEMO0007', 'DEMO9999']);

    for (const row of await tx.select().from(refreshTickets)) {
      const notices = arrivalNotices[row.status];
      if (notices) await enqueueTicketEffects(tx, ctx, row, notices, now);
    }
    await seedDeskSetup({ tx, actor: 'sandbox', now });
    await seedDeskCases(ctx, tx, now);
  });
  ctx.noticesWritten();
  return true;
}

/** The service desk's set-up: seed 003's groups, a few categories, accounts and rules. */
async function seedDeskSetup(run: SetupRun): Promise<void> {
  // Main person first; the staff of the demo (Avery, Devon, Morgan, Lee) share the groups.
  const groups: Array<[string, string, string, string[]]> = [
    ['Care desk team', 'C0DESKCARE', 'U0DEMOMGR1', ['U0DEMOADMN']],
    ['IT', 'C0DESKIT01', 'U0DEMOLEAD', ['U0DEMODEPO']],
    ['AV', 'C0DESKAV01', 'U0DEMODEPO', ['U0DEMOLEAD']],
    ['Facilities', 'C0DESKFACI', 'U0DEMOMGR1', ['U0DEMOLEAD']],
    ['Maintenance', 'C0DESKMNTC', 'U0DEMOLEAD', ['U0DEMOMGR1']],
    ['Websites', 'C0DESKWEBS', 'U0DEMOADMN', ['U0DEMODEPO']],
    ['Database Vendors', 'C0DESKDBVN', 'U0DEMODEPO', ['U0DEMOADMN']],
  ];
  for (const [name, slackChannelId, mainSlackUserId, members] of groups) {
    await saveGroup(run, {
      name,
      slackChannelId,
      mainSlackUserId,
      members,
      isTriage: name === 'Care desk team',
    });
  }
  const categories: Array<[string, string, string[]]> = [
    ['Projectors and AV', 'AV', ['assessing', 'scheduling_link_sent', 'scheduled', 'no_show']],
    ['Computer problems', 'IT', ['assessing', 'waiting_customer', 'deferred', 'waiting_vendor']],
    ['Building repairs', 'Maintenance', ['deferred', 'follow_up_resource', 'pending_payment']],
    ['Rooms and furniture', 'Facilities', ['scheduling_link_sent', 'scheduled', 'deferred']],
    ['Website changes', 'Websites', ['assessing', 'waiting_customer', 'deferred']],
    ['Database access', 'Database Vendors', ['waiting_vendor', 'follow_up_admin']],
  ];
  for (const [name, group, statuses] of categories) {
    await saveCategory(run, { name, defaultGroup: { name: group }, statuses });
  }
  const accounts: Array<[string, string[], string[]]> = [
    ['School of Music', ['Music tenant', 'Practice rooms'], ['U0DEMOCUST', 'U0DEMODELG']],
    ['College of Engineering', ['Engineering tenant', 'Teaching labs'], ['U0DEMOCUST', 'U0DEMOREMO']],
    ['Housing', ['Residence halls'], ['U0DEMOVIP1']],
  ];
  for (const [name, environments, members] of accounts)
    await saveAccount(run, { name, environments, members });
  const rules: Array<Omit<RuleValues, 'category' | 'group'> & { category?: string; group: string }> = [
    {
      name: 'Projectors',
      subjectWords: ['projector', 'beamer', 'screen'],
      descriptionWords: [],
      pattern: null,
      group: 'AV',
      person: null,
    },
    {
      name: 'Wi-fi',
      subjectWords: ['wi-fi', 'wireless', 'network'],
      descriptionWords: [],
      pattern: null,
      group: 'IT',
      person: null,
    },
    {
      name: 'Printers',
      subjectWords: [],
      descriptionWords: [],
      pattern: '\\bprint(er|ing)s?\\b',
      group: 'IT',
      person: 'U0DEMODEPO',
    },
    {
      name: 'Leaks and heating',
      subjectWords: [],
      descriptionWords: ['leak', 'water', 'heating'],
      pattern: null,
      group: 'Maintenance',
      person: null,
    },
    {
      name: 'Websites',
      subjectWords: ['website', 'web page'],
      descriptionWords: [],
      pattern: null,
      group: 'Websites',
      person: null,
    },
    {
      name: 'Database access',
      category: 'Database access',
      subjectWords: [],
      descriptionWords: [],
      pattern: null,
      group: 'Database Vendors',
      person: null,
    },
  ];
  for (const { category, group, ...rule } of rules) {
    await saveRule(run, { ...rule, category: category ? { name: category } : null, group: { name: group } });
  }
}

/** The draft a submitted wizard leaves on its ticket (submitWizard keeps the answers as values). */
function wizardDraft(
  t: DemoTicket,
  answers: DemoAnswers,
  chosenModelId: number | undefined,
  peripheralIds: Record<string, number>,
  softwareIds: Record<string, number>,
): Record<string, unknown> {
  const ship = answers.shipTo;
  const location = ship
    ? {
        recipient: ship.recipient,
        line1: ship.line1,
        line2: ship.line2 ?? '',
        city: ship.city,
        region: ship.region,
        postalCode: ship.postalCode,
        country: ship.country,
      }
    : { building: t.system.building, room: t.system.room };
  const device = answers.differentDevice
    ? { model: 'none', fits: 'no', reason: answers.differentDevice }
    : { model: String(chosenModelId), fits: 'yes', reason: '' };
  return {
    page: 'location',
    values: {
      location,
      device,
      peripherals: { items: (answers.peripherals ?? []).map((item) => String(peripheralIds[item])) },
      software: { items: (answers.software ?? []).map((item) => String(softwareIds[item])) },
    },
  };
}
