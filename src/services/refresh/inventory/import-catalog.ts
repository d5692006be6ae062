import { eq } from 'drizzle-orm';
import { models, peripherals, software } from '../../../../db/schema/index.js';
import {
  type CatalogRow,
  type InventoryRead,
  type ModelRow,
  naturalKey,
} from '../../../domain/refresh/inventory/index.js';
import {
  auditImport,
  byName,
  changedFields,
  createdFields,
  type ImportOutcome,
  type ImportRun,
  refused,
  Tally,
} from './shared.js';

const emptyExtras = { peopleAdded: 0, peopleUpdated: 0, groupsAdded: 0 };

/** Models by manufacturer and name; a re-import may change their spelling or platform. */
export async function importModels(
  run: ImportRun,
  { rows, errors }: InventoryRead<ModelRow>,
): Promise<ImportOutcome> {
  if (errors.length > 0) return refused(errors);
  const { tx } = run;
  const key = (m: { manufacturer: string; name: string }) =>
    `${naturalKey(m.manufacturer)}\n${naturalKey(m.name)}`;
  const existing = new Map((await tx.select().from(models)).map((m) => [key(m), m]));
  const tally = new Tally();
  for (const { row } of rows) {
    const values = { manufacturer: row.manufacturer, name: row.name, platform: row.platform };
    const current = existing.get(key(row));
    if (!current) {
      const [created] = await tx.insert(models).values(values).returning({ id: models.id });
      await auditImport(run, 'model', created!.id, 'created', createdFields(values));
      tally.count('created');
      continue;
    }
    const changes = changedFields(current, values);
    if (Object.keys(changes).length === 0) {
      tally.count('unchanged');
      continue;
    }
    await tx.update(models).set(values).where(eq(models.id, current.id));
    await auditImport(run, 'model', current.id, 'updated', changes);
    tally.count('updated');
  }
  return { ok: true, summary: { kind: 'models', rows: rows.length, ...tally, ...emptyExtras } };
}

/** Peripherals or software by name, with whether choosing one needs an approver. */
export async function importCatalog(
  run: ImportRun,
  kind: 'peripherals' | 'software',
  { rows, errors }: InventoryRead<CatalogRow>,
): Promise<ImportOutcome> {
  if (errors.length > 0) return refused(errors);
  const { tx } = run;
  const table = kind === 'peripherals' ? peripherals : software;
  const entity = kind === 'peripherals' ? 'peripheral' : 'software';
  const existing = byName(await tx.select().from(table), (item) => item.name);
  const tally = new Tally();
  for (const { row } of rows) {
    const current = existing.get(naturalKey(row.name));
    if (!current) {
      const values = { name: row.name, requiresApproval: row.requires_approval ?? false };
      const [created] = await tx.insert(table).values(values).returning({ id: table.id });
      await auditImport(run, entity, created!.id, 'created', createdFields(values));
      tally.count('created');
      continue;
    }
    const changes = changedFields(current, { name: row.name, requiresApproval: row.requires_approval });
    if (Object.keys(changes).length === 0) {
      tally.count('unchanged');
      continue;
    }
    await tx
      .update(table)
      .set({
        name: row.name,
        ...(row.requires_approval === undefined ? {} : { requiresApproval: row.requires_approval }),
      })
      .where(eq(table.id, current.id));
    await auditImport(run, entity, current.id, 'updated', changes);
    tally.count('updated');
  }
  return { ok: true, summary: { kind, rows: rows.length, ...tally, ...emptyExtras } };
}
