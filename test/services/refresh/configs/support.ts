import { eq } from 'drizzle-orm';
import type { OpenDatabase } from '../../../../db/client.js';
import { audits, refreshConfigs } from '../../../../db/schema/index.js';
import type {
  ApproverProfile,
  ConfigSaveInput,
} from '../../../../src/services/refresh/configs/config-fields.js';
import { APPROVER, type World } from '../../../helpers/factories.js';

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

export async function configRow(db: OpenDatabase['db'], id: number) {
  return (await db.select().from(refreshConfigs).where(eq(refreshConfigs.id, id)).limit(1))[0];
}

export async function auditRows(db: OpenDatabase['db']) {
  return db.select().from(audits);
}
