import type { Db } from '../db/client.js';
import { models, refreshConfigs, systemGroups, units } from '../db/schema/index.js';

/**
 * What the benchmarks that seed the database directly share: unit 1 (LSA), system group 1, model 1
 * (a Windows Latitude) and refresh config 1 (on-prem, proposing model 1). Run inside the caller's
 * transaction, on an empty database.
 */
export async function seedInventory(tx: Db, now: Date): Promise<void> {
  await tx.insert(units).values({ name: 'LSA', createdAt: now });
  await tx.insert(systemGroups).values({ name: 'Refresh' });
  await tx.insert(models).values({ manufacturer: 'Dell', name: 'Latitude 7450', platform: 'windows' });
  await tx
    .insert(refreshConfigs)
    .values({ name: 'LSA', unitId: 1, style: 'on_prem', proposedModelId: 1, createdAt: now, updatedAt: now });
}
