import { insertRows } from '../db/bulk.js';
import type { Db } from '../db/client.js';
import { models, refreshConfigs, refreshTickets, systemGroups, systems, units } from '../db/schema/index.js';

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

/** A system of the inventory above; its user and support team when it has them. */
export interface SeedSystem {
  serial: string;
  userId?: number | null;
  supportTeamId?: number;
}

/** Active Latitudes of unit 1 in group 1, written in bulk; their ids by serial. */
export async function seedSystems(
  tx: Db,
  list: readonly SeedSystem[],
  now: Date,
): Promise<Map<string, number>> {
  const { returned } = await insertRows(
    tx,
    systems,
    list.map((system) => ({
      ...system,
      modelId: 1,
      platform: 'windows' as const,
      unitId: 1,
      groupId: 1,
      status: 'active' as const,
      updatedAt: now,
    })),
    { returning: ['serial', 'id'] },
  );
  return new Map(returned.map(([serial, id]) => [serial as string, id as number]));
}

type SeedTicket = Pick<typeof refreshTickets.$inferInsert, 'existingSystemId' | 'status'> &
  Partial<typeof refreshTickets.$inferInsert>;

/** On-prem tickets of config 1 for model 1 in group 1, written in bulk by `createdBy`. */
export async function seedTickets(
  tx: Db,
  tickets: readonly SeedTicket[],
  createdBy: string,
  now: Date,
): Promise<void> {
  await insertRows(
    tx,
    refreshTickets,
    tickets.map((ticket) => ({
      configId: 1,
      style: 'on_prem' as const,
      proposedModelId: 1,
      groupId: 1,
      createdBy,
      createdAt: now,
      updatedAt: now,
      ...ticket,
    })),
  );
}
