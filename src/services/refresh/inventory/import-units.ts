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
export function importUnits(run: ImportRun, read: InventoryRead<UnitRow>): ImportOutcome {
  const { rows } = read;
  const { tx } = run;
  const allModels = tx.select().from(models).all();
  const resolveModel = modelResolver(allModels);
  const allPeripherals = tx.select().from(peripherals).all();
  const peripheralByName = byName(allPeripherals, (p) => p.name);
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
        if (!found) errors.push({ line, message: `${column}: “${name}” is not a known peripheral` });
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

  const existing = byName(tx.select().from(units).all(), (unit) => unit.name);
  const approvedModelsOf = groupBy(tx.select().from(unitApprovedModels).all(), (r) => r.unitId);
  const approvedPeripheralsOf = groupBy(tx.select().from(unitApprovedPeripherals).all(), (r) => r.unitId);
  const bundleOf = groupBy(tx.select().from(unitBundlePeripherals).all(), (r) => r.unitId);

  const tally = new Tally();
  for (const plan of plans) {
    const { row } = plan;
    const current = existing.get(naturalKey(row.name));
    const unitId =
      current?.id ??
      tx.insert(units).values({ name: row.name, createdAt: run.now }).returning({ id: units.id }).get().id;
    const changes: Changes = {};
    if (current && current.name !== row.name) {
      tx.update(units).set({ name: row.name }).where(eq(units.id, unitId)).run();
      changes.name = { from: current.name, to: row.name };
    }
    if (!current) changes.name = { from: null, to: row.name };

    if (plan.modelIds) {
      const from = (approvedModelsOf.get(unitId) ?? []).map(
        (r) => modelLabel.get(r.modelId) ?? String(r.modelId),
      );
      const to = plan.modelIds.map((id) => modelLabel.get(id) ?? String(id));
      if (!sameSet(from, to)) {
        tx.delete(unitApprovedModels).where(eq(unitApprovedModels.unitId, unitId)).run();
        for (const modelId of plan.modelIds) tx.insert(unitApprovedModels).values({ unitId, modelId }).run();
        changes.approved_models = { from, to };
      }
    }
    if (plan.approvedPeripheralIds) {
      const from = (approvedPeripheralsOf.get(unitId) ?? []).map(
        (r) => peripheralLabel.get(r.peripheralId) ?? '',
      );
      const to = plan.approvedPeripheralIds.map((id) => peripheralLabel.get(id) ?? '');
      if (!sameSet(from, to)) {
        tx.delete(unitApprovedPeripherals).where(eq(unitApprovedPeripherals.unitId, unitId)).run();
        for (const peripheralId of plan.approvedPeripheralIds) {
          tx.insert(unitApprovedPeripherals).values({ unitId, peripheralId }).run();
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
        tx.delete(unitBundlePeripherals).where(eq(unitBundlePeripherals.unitId, unitId)).run();
        for (const item of plan.bundle)
          tx.insert(unitBundlePeripherals)
            .values({ unitId, ...item })
            .run();
        changes.bundle = { from, to };
      }
    }

    if (!current) {
      auditImport(run, 'unit', unitId, 'created', changes);
      tally.count('created');
    } else if (Object.keys(changes).length > 0) {
      auditImport(run, 'unit', unitId, 'updated', changes);
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
