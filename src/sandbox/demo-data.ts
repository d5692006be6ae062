import { count } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import {
  configApprovedModels,
  configApprovers,
  configBundlePeripherals,
  models,
  people,
  peripherals,
  refreshConfigs,
  refreshTickets,
  roles,
  software,
  supportTeams,
  systemGroups,
  systems,
  unitApprovedModels,
  unitApprovedPeripherals,
  units,
} from '../../db/schema/index.js';
import type { RefreshStatus, RoleName } from '../domain/enums.js';

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

export const demoChannels = [
  { id: 'C0NORTHNIT', name: 'nit-north-campus' },
  { id: 'C0CENTRNIT', name: 'nit-central-campus' },
  { id: 'C0MEDICNIT', name: 'nit-medical-campus' },
] as const;

/** Fills an empty database with a small, coherent demo; does nothing when data is there already. */
export function seedDemoData(db: Db, now: Date): boolean {
  if ((db.select({ n: count() }).from(supportTeams).get()?.n ?? 0) > 0) return false;
  db.transaction((tx) => {
    const [north, central, medical] = [
      { name: 'North Campus NIT', channel: demoChannels[0].id },
      { name: 'Central Campus NIT', channel: demoChannels[1].id },
      { name: 'Medical Campus NIT', channel: demoChannels[2].id },
    ].map(
      (team) =>
        tx
          .insert(supportTeams)
          .values({ name: team.name, slackChannelId: team.channel, itsmGroup: team.name, createdAt: now })
          .returning()
          .get().id,
    ) as [number, number, number];

    const lsa = tx.insert(units).values({ name: 'College of LSA', createdAt: now }).returning().get().id;
    const engin = tx
      .insert(units)
      .values({ name: 'College of Engineering', createdAt: now })
      .returning()
      .get().id;

    const [latitude, optiplex, macbook] = [
      { manufacturer: 'Dell', name: 'Latitude 7450', platform: 'windows' as const },
      { manufacturer: 'Dell', name: 'OptiPlex 7020', platform: 'windows' as const },
      { manufacturer: 'Apple', name: 'MacBook Air 13 (M4)', platform: 'mac' as const },
    ].map((model) => tx.insert(models).values(model).returning().get().id) as [number, number, number];

    const [monitor, dock, keyboard] = [
      { name: 'Dell 27" monitor P2725H', requiresApproval: false },
      { name: 'Dell USB-C dock WD22TB4', requiresApproval: false },
      { name: 'Keyboard and mouse set', requiresApproval: false },
    ].map((item) => tx.insert(peripherals).values(item).returning().get().id) as [number, number, number];
    tx.insert(software)
      .values([
        { name: 'Adobe Acrobat Pro', requiresApproval: true },
        { name: 'MATLAB', requiresApproval: false },
        { name: 'Microsoft 365 Apps', requiresApproval: false },
      ])
      .run();

    for (const unitId of [lsa, engin]) {
      tx.insert(unitApprovedModels)
        .values([latitude, optiplex, macbook].map((modelId) => ({ unitId, modelId })))
        .run();
      tx.insert(unitApprovedPeripherals)
        .values([monitor, dock, keyboard].map((peripheralId) => ({ unitId, peripheralId })))
        .run();
    }
    const group = tx.insert(systemGroups).values({ name: 'LSA Refresh 2026' }).returning().get().id;

    const personIds = new Map<string, number>();
    for (const person of demoPeople) {
      const row = tx
        .insert(people)
        .values({ email: person.email, name: person.realName, slackUserId: person.id, slackLookedUpAt: now })
        .returning()
        .get();
      personIds.set(person.id, row.id);
      for (const { role, scope = '' } of person.roles) {
        tx.insert(roles)
          .values({ slackUserId: person.id, role, scope, grantedBy: 'sandbox', grantedAt: now })
          .run();
      }
    }

    const config = (values: typeof refreshConfigs.$inferInsert, approvers: string[], approved: number[]) => {
      const id = tx.insert(refreshConfigs).values(values).returning().get().id;
      if (approvers.length)
        tx.insert(configApprovers)
          .values(approvers.map((slackUserId) => ({ configId: id, slackUserId })))
          .run();
      tx.insert(configApprovedModels)
        .values(approved.map((modelId) => ({ configId: id, modelId })))
        .run();
      tx.insert(configBundlePeripherals)
        .values([
          { configId: id, peripheralId: monitor },
          { configId: id, peripheralId: keyboard },
        ])
        .run();
      return id;
    };
    const stamp = { createdAt: now, updatedAt: now };
    const remote = config(
      {
        name: 'LSA @home 2026',
        unitId: lsa,
        style: 'remote_customer',
        requiresApproval: true,
        proposedModelId: latitude,
        canRequestDifferentDevice: true,
        ...stamp,
      },
      ['U0DEMOAPPR'],
      [latitude, macbook],
    );
    const onPrem = config(
      {
        name: 'Engineering on-prem 2026',
        unitId: engin,
        style: 'on_prem',
        canCustomizeComputer: true,
        canCustomizePlatform: true,
        canCustomizePeripherals: true,
        canCustomizeSoftware: true,
        proposedModelId: optiplex,
        ...stamp,
      },
      ['U0DEMOAPPR'],
      [latitude, optiplex, macbook],
    );
    const unitSpecified = config(
      {
        name: 'LSA walk-in 2026',
        unitId: lsa,
        style: 'unit_specified_location',
        proposedModelId: latitude,
        unitSpecifiedLocation: 'Angell Hall, room 2001 (Tech Bar)',
        ...stamp,
      },
      ['U0DEMOAPPR'],
      [latitude],
    );
    const lab = config(
      {
        name: 'Engineering labs 2026',
        unitId: engin,
        style: 'no_customer',
        proposedModelId: optiplex,
        ...stamp,
      },
      [],
      [optiplex],
    );

    const systemsAndTickets: Array<{
      serial: string;
      name: string;
      model: number;
      platform: 'windows' | 'mac';
      user?: string;
      team: number;
      unit: number;
      building: string;
      room: string;
      ticket?: {
        config: number;
        style: typeof refreshConfigs.$inferSelect.style;
        status: RefreshStatus;
        delegate?: string;
      };
    }> = [
      {
        serial: 'DEMO0001',
        name: 'LSA-CASEY-LT',
        model: latitude,
        platform: 'windows',
        user: 'U0DEMOCUST',
        team: north,
        unit: lsa,
        building: 'Angell Hall',
        room: '3120',
        ticket: { config: remote, style: 'remote_customer', status: 'pending_customer' },
      },
      {
        serial: 'DEMO0002',
        name: 'LSA-RILEY-LT',
        model: latitude,
        platform: 'windows',
        user: 'U0DEMOREMO',
        team: north,
        unit: lsa,
        building: 'Mason Hall',
        room: '1401',
        ticket: { config: remote, style: 'remote_customer', status: 'requires_approval' },
      },
      {
        serial: 'DEMO0003',
        name: 'ENG-QUINN-DT',
        model: optiplex,
        platform: 'windows',
        user: 'U0DEMOVIP1',
        team: central,
        unit: engin,
        building: 'EECS',
        room: '4401',
        ticket: { config: onPrem, style: 'on_prem', status: 'pending_customer', delegate: 'U0DEMODELG' },
      },
      {
        serial: 'DEMO0004',
        name: 'LSA-PAT-MB',
        model: macbook,
        platform: 'mac',
        user: 'U0DEMOAPPR',
        team: north,
        unit: lsa,
        building: 'Haven Hall',
        room: '5700',
        ticket: { config: unitSpecified, style: 'unit_specified_location', status: 'pending_location_info' },
      },
      {
        serial: 'DEMO0005',
        name: 'ENG-LAB-017',
        model: optiplex,
        platform: 'windows',
        team: medical,
        unit: engin,
        building: 'GG Brown',
        room: '1017',
        ticket: { config: lab, style: 'no_customer', status: 'pending_itsm_existence' },
      },
      {
        serial: 'DEMO0006',
        name: 'ENG-LAB-018',
        model: optiplex,
        platform: 'windows',
        team: medical,
        unit: engin,
        building: 'GG Brown',
        room: '1018',
      },
    ];
    for (const s of systemsAndTickets) {
      const systemId = tx
        .insert(systems)
        .values({
          serial: s.serial,
          name: s.name,
          modelId: s.model,
          platform: s.platform,
          userId: s.user ? personIds.get(s.user) : undefined,
          supportTeamId: s.team,
          unitId: s.unit,
          building: s.building,
          room: s.room,
          groupId: group,
          updatedAt: now,
        })
        .returning()
        .get().id;
      if (!s.ticket) continue;
      tx.insert(refreshTickets)
        .values({
          existingSystemId: systemId,
          userId: s.user ? personIds.get(s.user) : undefined,
          delegateId: s.ticket.delegate ? personIds.get(s.ticket.delegate) : undefined,
          configId: s.ticket.config,
          style: s.ticket.style,
          status: s.ticket.status,
          proposedModelId: s.model,
          building: s.building,
          room: s.room,
          groupId: group,
          supportTeamId: s.team,
          createdBy: 'U0DEMOADMN',
          createdAt: now,
          updatedAt: now,
        })
        .run();
    }
  });
  return true;
}
