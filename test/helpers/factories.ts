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
export async function seedWorld(db: Db, now = new Date('2026-11-16T15:00:00Z')): Promise<World> {
  return db.transaction(async (tx) => {
    const teamId = (
      await tx
        .insert(supportTeams)
        .values({
          name: 'North Campus NIT',
          slackChannelId: 'C0NORTHNIT',
          itsmGroup: 'North NIT',
          createdAt: now,
        })
        .returning()
    )[0]!.id;
    const unitId = (await tx.insert(units).values({ name: 'College of LSA', createdAt: now }).returning())[0]!
      .id;
    const groupId = (await tx.insert(systemGroups).values({ name: 'LSA Refresh 2026' }).returning())[0]!.id;
    const model = async (manufacturer: string, name: string, platform: 'windows' | 'mac') =>
      (await tx.insert(models).values({ manufacturer, name, platform }).returning())[0]!.id;
    const latitude = await model('Dell', 'Latitude 7450', 'windows');
    const optiplex = await model('Dell', 'OptiPlex 7020', 'windows');
    const macbook = await model('Apple', 'MacBook Air 13 (M4)', 'mac');
    const peripheral = async (name: string, requiresApproval = false) =>
      (await tx.insert(peripherals).values({ name, requiresApproval }).returning())[0]!.id;
    const monitor = await peripheral('Dell 27" monitor');
    const keyboard = await peripheral('Keyboard and mouse');
    const camera = await peripheral('4K document camera', true);
    const app = async (name: string, requiresApproval = false) =>
      (await tx.insert(software).values({ name, requiresApproval }).returning())[0]!.id;
    const office = await app('Microsoft 365 Apps');
    const acrobat = await app('Adobe Acrobat Pro', true);
    for (const modelId of [latitude, optiplex, macbook])
      await tx.insert(unitApprovedModels).values({ unitId, modelId });
    for (const peripheralId of [monitor, keyboard, camera]) {
      await tx.insert(unitApprovedPeripherals).values({ unitId, peripheralId });
    }
    const person = async (email: string, name: string, slackUserId: string) =>
      (await tx.insert(people).values({ email, name, slackUserId, slackLookedUpAt: now }).returning())[0]!.id;
    const customer = await person('casey@example.edu', 'Casey Customer', CUSTOMER);
    const delegate = await person('dana@example.edu', 'Dana Delegate', DELEGATE);
    const approver = await person('pat@example.edu', 'Pat Approver', APPROVER);

    const styles: RefreshStyle[] = [
      'remote_customer',
      'on_prem',
      'unit_specified_location',
      'no_customer',
      'bump_down',
    ];
    const configs = {} as Record<RefreshStyle, number>;
    for (const style of styles) {
      const id = (
        await tx
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
      )[0]!.id;
      await tx.insert(configApprovers).values({ configId: id, slackUserId: APPROVER });
      for (const modelId of [latitude, optiplex, macbook])
        await tx.insert(configApprovedModels).values({ configId: id, modelId });
      await tx.insert(configBundlePeripherals).values({ configId: id, peripheralId: monitor });
      configs[style] = id;
    }
    await tx.insert(roles).values({ slackUserId: ADMIN, role: 'admin', grantedBy: 'test', grantedAt: now });
    await tx
      .insert(roles)
      .values({ slackUserId: MANAGER, role: 'manager', grantedBy: 'test', grantedAt: now });
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
export async function makeSystem(db: Db, world: World, overrides: Partial<typeof systems.$inferInsert> = {}) {
  serials += 1;
  return (
    await db
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
  )[0]!;
}

/** A ticket for a new system of the customer's, in the status asked for. */
export async function makeTicket(
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
  const system = await makeSystem(db, world);
  return (
    await db
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
  )[0]!;
}

export async function grant(db: Db, slackUserId: string, role: RoleName, scope = '') {
  await db.insert(roles).values({ slackUserId, role, scope, grantedBy: 'test', grantedAt: new Date() });
}

/** An hour-long slot of the world's team starting at `startsAt`. */
export async function makeSlot(db: Db, world: World, startsAt: string, capacity = 1, booked = 0) {
  const start = new Date(startsAt);
  return (
    await db
      .insert(scheduleSlots)
      .values({
        supportTeamId: world.teamId,
        startsAt: start,
        endsAt: new Date(start.getTime() + 60 * 60_000),
        capacity,
        booked,
      })
      .returning()
  )[0]!;
}
