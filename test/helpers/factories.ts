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
  scheduleSlots,
  software,
  supportTeams,
  systemGroups,
  systems,
  unitApprovedModels,
  unitApprovedPeripherals,
  units,
} from '../../db/schema/index.js';
import type { RoleName } from '../../src/domain/enums.js';
import type { RefreshStatus, RefreshStyle } from '../../src/domain/refresh/enums.js';

/** Slack ids of the people in every test world. */
export const ADMIN = 'U0ADMIN01';
export const MANAGER = 'U0MANAGER';
export const APPROVER = 'U0APPROVE';
export const CUSTOMER = 'U0CUSTOMR';
export const DELEGATE = 'U0DELEGAT';
export const STRANGER = 'U0STRANGE';

export interface World {
  teamId: number;
  unitId: number;
  groupId: number;
  models: { latitude: number; optiplex: number; macbook: number };
  peripherals: { monitor: number; keyboard: number; camera: number };
  software: { office: number; acrobat: number };
  people: { customer: number; delegate: number; approver: number };
  configs: Record<RefreshStyle, number>;
}

/**
 * A small, complete inventory: one team, one unit, three models (two Windows, one Mac),
 * peripherals and software (one of each requiring approval), three people with Slack
 * accounts, and one approval-free config per style whose approver is APPROVER.
 */
export function seedWorld(db: Db, now = new Date('2026-11-16T15:00:00Z')): World {
  return db.transaction((tx) => {
    const teamId = tx
      .insert(supportTeams)
      .values({
        name: 'North Campus NIT',
        slackChannelId: 'C0NORTHNIT',
        itsmGroup: 'North NIT',
        createdAt: now,
      })
      .returning()
      .get().id;
    const unitId = tx.insert(units).values({ name: 'College of LSA', createdAt: now }).returning().get().id;
    const groupId = tx.insert(systemGroups).values({ name: 'LSA Refresh 2026' }).returning().get().id;
    const model = (manufacturer: string, name: string, platform: 'windows' | 'mac') =>
      tx.insert(models).values({ manufacturer, name, platform }).returning().get().id;
    const latitude = model('Dell', 'Latitude 7450', 'windows');
    const optiplex = model('Dell', 'OptiPlex 7020', 'windows');
    const macbook = model('Apple', 'MacBook Air 13 (M4)', 'mac');
    const peripheral = (name: string, requiresApproval = false) =>
      tx.insert(peripherals).values({ name, requiresApproval }).returning().get().id;
    const monitor = peripheral('Dell 27" monitor');
    const keyboard = peripheral('Keyboard and mouse');
    const camera = peripheral('4K document camera', true);
    const app = (name: string, requiresApproval = false) =>
      tx.insert(software).values({ name, requiresApproval }).returning().get().id;
    const office = app('Microsoft 365 Apps');
    const acrobat = app('Adobe Acrobat Pro', true);
    for (const modelId of [latitude, optiplex, macbook])
      tx.insert(unitApprovedModels).values({ unitId, modelId }).run();
    for (const peripheralId of [monitor, keyboard, camera]) {
      tx.insert(unitApprovedPeripherals).values({ unitId, peripheralId }).run();
    }
    const person = (email: string, name: string, slackUserId: string) =>
      tx.insert(people).values({ email, name, slackUserId, slackLookedUpAt: now }).returning().get().id;
    const customer = person('casey@example.edu', 'Casey Customer', CUSTOMER);
    const delegate = person('dana@example.edu', 'Dana Delegate', DELEGATE);
    const approver = person('pat@example.edu', 'Pat Approver', APPROVER);

    const styles: RefreshStyle[] = [
      'remote_customer',
      'on_prem',
      'unit_specified_location',
      'no_customer',
      'bump_down',
    ];
    const configs = {} as Record<RefreshStyle, number>;
    for (const style of styles) {
      const id = tx
        .insert(refreshConfigs)
        .values({
          name: `LSA ${style}`,
          unitId,
          style,
          proposedModelId: latitude,
          unitSpecifiedLocation: style === 'unit_specified_location' ? 'Angell Hall 2001 (Tech Bar)' : null,
          createdAt: now,
          updatedAt: now,
        })
        .returning()
        .get().id;
      tx.insert(configApprovers).values({ configId: id, slackUserId: APPROVER }).run();
      for (const modelId of [latitude, optiplex, macbook])
        tx.insert(configApprovedModels).values({ configId: id, modelId }).run();
      tx.insert(configBundlePeripherals).values({ configId: id, peripheralId: monitor }).run();
      configs[style] = id;
    }
    tx.insert(roles).values({ slackUserId: ADMIN, role: 'admin', grantedBy: 'test', grantedAt: now }).run();
    tx.insert(roles)
      .values({ slackUserId: MANAGER, role: 'manager', grantedBy: 'test', grantedAt: now })
      .run();
    return {
      teamId,
      unitId,
      groupId,
      models: { latitude, optiplex, macbook },
      peripherals: { monitor, keyboard, camera },
      software: { office, acrobat },
      people: { customer, delegate, approver },
      configs,
    };
  });
}

let serials = 0;

/** An existing system of the customer's, on the world's team, unit and group. */
export function makeSystem(db: Db, world: World, overrides: Partial<typeof systems.$inferInsert> = {}) {
  serials += 1;
  return db
    .insert(systems)
    .values({
      serial: `SN${String(serials).padStart(5, '0')}`,
      name: `LSA-PC-${serials}`,
      modelId: world.models.optiplex,
      platform: 'windows',
      userId: world.people.customer,
      supportTeamId: world.teamId,
      unitId: world.unitId,
      building: 'Angell Hall',
      room: '3120',
      groupId: world.groupId,
      updatedAt: new Date('2026-11-16T15:00:00Z'),
      ...overrides,
    })
    .returning()
    .get();
}

/** A ticket for a new system of the customer's, in the status asked for. */
export function makeTicket(
  db: Db,
  world: World,
  options: { style?: RefreshStyle; status?: RefreshStatus; delegate?: boolean; now?: Date } & Partial<
    typeof refreshTickets.$inferInsert
  > = {},
) {
  const {
    style = 'on_prem',
    status = 'pending_customer',
    delegate = false,
    now = new Date('2026-11-16T15:00:00Z'),
    ...rest
  } = options;
  const system = makeSystem(db, world);
  return db
    .insert(refreshTickets)
    .values({
      existingSystemId: system.id,
      userId: world.people.customer,
      delegateId: delegate ? world.people.delegate : null,
      configId: world.configs[style],
      style,
      status,
      proposedModelId: world.models.latitude,
      building: system.building,
      room: system.room,
      groupId: world.groupId,
      supportTeamId: world.teamId,
      createdBy: ADMIN,
      createdAt: now,
      updatedAt: now,
      ...rest,
    })
    .returning()
    .get();
}

export function grant(db: Db, slackUserId: string, role: RoleName, scope = '') {
  db.insert(roles).values({ slackUserId, role, scope, grantedBy: 'test', grantedAt: new Date() }).run();
}

/** An hour-long slot of the world's team starting at `startsAt`. */
export function makeSlot(db: Db, world: World, startsAt: string, capacity = 1, booked = 0) {
  const start = new Date(startsAt);
  return db
    .insert(scheduleSlots)
    .values({
      supportTeamId: world.teamId,
      startsAt: start,
      endsAt: new Date(start.getTime() + 60 * 60_000),
      capacity,
      booked,
    })
    .returning()
    .get();
}
