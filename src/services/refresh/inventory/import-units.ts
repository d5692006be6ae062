import { eq } from 'drizzle-orm';
import {
  models,
  peripherals,
  unitApprovedModels,
  unitApprovedPeripherals,
  unitBundlePeripherals,
  units,
} from '../../../../db/schema/index.js';
import {
  didYouMean,
  type InventoryRead,
  type LineError,
  modelReference,
  naturalKey,
  type UnitRow,
} from '../../../domain/refresh/inventory/index.js';
import {
  auditImport,
  byName,
  type Changes,
  type ImportOutcome,
  type ImportRun,
  modelResolver,
  refused,
  Tally,
} from './shared.js';

interface UnitPlan {
  row: UnitRow;
  modelIds?: number[];
  approvedPeripheralIds?: number[];
  bundle?: Array<{ peripheralId: number; quantity: number }>;
}

function groupBy<T>(rows: readonly T[], key: (row: T) => number): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const row of rows) {
    const list = groups.get(key(row)) ?? [];
    list.push(row);
    groups.set(key(row), list);
  }
  return groups;
}

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');

/**
 * Units by name, with their approved models, approved peripherals and default bundle. A list
 * column replaces the unit's list; models and peripherals must have been imported before.
 */
export async function importUnits(run: ImportRun, read: InventoryRead<UnitRow>): Promise<ImportOutcome> {
  const { rows } = read;
  const { tx } = run;
  const allModels = await tx.select().from(models);
  const resolveModel = modelResolver(allModels);
  const allPeripherals = await tx.select().from(peripherals);
  const peripheralByName = byName(allPeripherals, (p) => p.name);
  const peripheralNames = allPeripherals.map((p) => p.name);
  const modelLabel = new Map(allModels.map((m) => [m.id, modelReference(m)]));
  const peripheralLabel = new Map(allPeripherals.map((p) => [p.id, p.name]));

  // First every reference is resolved, so one unknown name writes nothing at all.
  const errors: LineError[] = [...read.errors];
  const plans: UnitPlan[] = [];
  for (const { line, row } of rows) {
    const plan: UnitPlan = { row };
    const peripheralIds = (column: string, names: readonly string[]) =>
      names.map((name) => {
        const found = peripheralByName.get(naturalKey(name));
        if (!found) {
          const near = didYouMean(name, peripheralNames);
          errors.push({ line, message: `${column}: “${name}” is not a known peripheral${near}` });
        }
        return found?.id ?? 0;
      });
    if (row.approved_models) {
      plan.modelIds = row.approved_models.map((reference) => {
        const found = resolveModel(reference);
        if (typeof found === 'string') errors.push({ line, message: `approved_models: ${found}` });
        return typeof found === 'string' ? 0 : found.id;
      });
    }
    if (row.approved_peripherals)
      plan.approvedPeripheralIds = peripheralIds('approved_peripherals', row.approved_peripherals);
    if (row.bundle) {
      const ids = peripheralIds(
        'bundle',
        row.bundle.map((item) => item.name),
      );
      plan.bundle = row.bundle.map((item, i) => ({ peripheralId: ids[i] ?? 0, quantity: item.quantity }));
    }
    plans.push(plan);
  }
  if (errors.length > 0) return refused(errors);

  const existing = byName(await tx.select().from(units), (unit) => unit.name);
  const approvedModelsOf = groupBy(await tx.select().from(unitApprovedModels), (r) => r.unitId);
  const approvedPeripheralsOf = groupBy(await tx.select().from(unitApprovedPeripherals), (r) => r.unitId);
  const bundleOf = groupBy(await tx.select().from(unitBundlePeripherals), (r) => r.unitId);

  const tally = new Tally();
  for (const plan of plans) {
    const { row } = plan;
    const current = existing.get(naturalKey(row.name));
    const unitId =
      current?.id ??
      (await tx.insert(units).values({ name: row.name, createdAt: run.now }).returning({ id: units.id }))[0]!
        .id;
    const changes: Changes = {};
    if (current && current.name !== row.name) {
      await tx.update(units).set({ name: row.name }).where(eq(units.id, unitId));
      changes.name = { from: current.name, to: row.name };
    }
    if (!current) changes.name = { from: null, to: row.name };

    if (plan.modelIds) {
      const from = (approvedModelsOf.get(unitId) ?? []).map(
        (r) => modelLabel.get(r.modelId) ?? String(r.modelId),
      );
      const to = plan.modelIds.map((id) => modelLabel.get(id) ?? String(id));
      if (!sameSet(from, to)) {
        await tx.delete(unitApprovedModels).where(eq(unitApprovedModels.unitId, unitId));
        for (const modelId of plan.modelIds) await tx.insert(unitApprovedModels).values({ unitId, modelId });
        changes.approved_models = { from, to };
      }
    }
    if (plan.approvedPeripheralIds) {
      const from = (approvedPeripheralsOf.get(unitId) ?? []).map(
        (r) => peripheralLabel.get(r.peripheralId) ?? '',
      );
      const to = plan.approvedPeripheralIds.map((id) => peripheralLabel.get(id) ?? '');
      if (!sameSet(from, to)) {
        await tx.delete(unitApprovedPeripherals).where(eq(unitApprovedPeripherals.unitId, unitId));
        for (const peripheralId of plan.approvedPeripheralIds) {
          await tx.insert(unitApprovedPeripherals).values({ unitId, peripheralId });
        }
        changes.approved_peripherals = { from, to };
      }
    }
    if (plan.bundle) {
      const label = (item: { peripheralId: number; quantity: number }) =>
        `${peripheralLabel.get(item.peripheralId) ?? ''}${item.quantity === 1 ? '' : `*${item.quantity}`}`;
      const from = (bundleOf.get(unitId) ?? []).map(label);
      const to = plan.bundle.map(label);
      if (!sameSet(from, to)) {
        await tx.delete(unitBundlePeripherals).where(eq(unitBundlePeripherals.unitId, unitId));
        for (const item of plan.bundle) await tx.insert(unitBundlePeripherals).values({ unitId, ...item });
        changes.bundle = { from, to };
      }
    }

    if (!current) {
      await auditImport(run, 'unit', unitId, 'created', changes);
      tally.count('created');
    } else if (Object.keys(changes).length > 0) {
      await auditImport(run, 'unit', unitId, 'updated', changes);
      tally.count('updated');
    } else {
      tally.count('unchanged');
    }
  }
  return {
    ok: true,
    summary: { kind: 'units', rows: rows.length, ...tally, peopleAdded: 0, peopleUpdated: 0, groupsAdded: 0 },
  };
}
