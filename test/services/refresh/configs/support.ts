import { eq } from 'drizzle-orm';
import { type OpenDatabase, openDatabase } from '../../../../db/client.js';
import { audits, refreshConfigs } from '../../../../db/schema/index.js';
import { ManualClock } from '../../../../src/clock.js';
import type {
  ApproverProfile,
  ConfigSaveInput,
} from '../../../../src/services/refresh/configs/config-fields.js';
import { APPROVER, seedWorld, type World } from '../../../helpers/factories.js';

export interface ConfigTestWorld {
  database: OpenDatabase;
  ctx: { db: OpenDatabase['db']; clock: ManualClock };
  world: World;
  clock: ManualClock;
  close(): void;
}

/** An in-memory database with migrations applied and the test world seeded. */
export function openConfigWorld(): ConfigTestWorld {
  const database = openDatabase(':memory:');
  const clock = new ManualClock('2026-11-16T15:00:00Z');
  const world = seedWorld(database.db, clock.now());
  return { database, ctx: { db: database.db, clock }, world, clock, close: () => database.close() };
}

/** What `users.info` says about a plain person. */
export function profile(slackUserId: string, email: string | null, name = 'Someone'): ApproverProfile {
  return { slackUserId, email, name, isBot: false, deleted: false };
}

export const patProfile = profile(APPROVER, 'pat@example.edu', 'Pat Approver');

/** A valid on-prem config's fields in the world, to vary per test. */
export function validFields(
  world: World,
  over: Partial<ConfigSaveInput['fields']> = {},
): ConfigSaveInput['fields'] {
  return {
    name: 'Engineering 2027',
    unitId: world.unitId,
    style: 'on_prem',
    canCustomizeComputer: true,
    approvers: [APPROVER],
    proposedModelId: world.models.latitude,
    approvedModelIds: [world.models.latitude, world.models.macbook],
    bundlePeripheralIds: [world.peripherals.keyboard],
    unitSpecifiedLocation: null,
    ...over,
  };
}

export function configRow(db: OpenDatabase['db'], id: number) {
  return db.select().from(refreshConfigs).where(eq(refreshConfigs.id, id)).get();
}

export function auditRows(db: OpenDatabase['db']) {
  return db.select().from(audits).all();
}
