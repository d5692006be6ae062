import type { Tx } from '../../../../db/client.js';
import {
  didYouMean,
  type LineError,
  modelReference,
  naturalKey,
} from '../../../domain/refresh/inventory/index.js';
import type { ImportSummary } from '../../../domain/refresh/inventory/summary.js';
import { recordAudit } from '../../audit.js';

export interface ImportRun {
  tx: Tx;
  actor: string;
  now: Date;
  /** Support teams without a time zone get the organisation's. */
  orgTimeZone: string;
}

export type ImportOutcome = { ok: true; summary: ImportSummary } | { ok: false; errors: LineError[] };

/** The file's problems and the database's, in the order of the file's lines. */
export function refused(errors: readonly LineError[]): ImportOutcome {
  return { ok: false, errors: [...errors].sort((a, b) => a.line - b.line) };
}

export type Scalar = string | number | boolean | null;
export type Changes = Record<string, { from: unknown; to: unknown }>;

/** The fields of `next` whose value differs from `current`; undefined in `next` means "leave as is". */
export function changedFields(
  current: Record<string, Scalar>,
  next: Record<string, Scalar | undefined>,
): Changes {
  const changes: Changes = {};
  for (const [field, to] of Object.entries(next)) {
    if (to === undefined) continue;
    const from = current[field] ?? null;
    if (from !== to) changes[field] = { from, to };
  }
  return changes;
}

/** The values a new row is created with, as an audit's changes. */
export function createdFields(values: Record<string, unknown>): Changes {
  const changes: Changes = {};
  for (const [field, to] of Object.entries(values)) {
    if (to !== null && to !== undefined) changes[field] = { from: null, to };
  }
  return changes;
}

/** One audit row per inventory row that really changed; unchanged rows leave no trace. */
export async function auditImport(
  run: ImportRun,
  entity: string,
  id: number,
  action: 'created' | 'updated',
  changes: Changes,
): Promise<void> {
  await recordAudit(run.tx, { entity, entityId: id, action, actor: run.actor, changes }, run.now);
}

export class Tally {
  created = 0;
  updated = 0;
  unchanged = 0;

  count(outcome: 'created' | 'updated' | 'unchanged'): void {
    this[outcome] += 1;
  }
}

/** Finds rows by name regardless of case and spacing. */
export function byName<T>(rows: readonly T[], name: (row: T) => string): Map<string, T> {
  return new Map(rows.map((row) => [naturalKey(name(row)), row]));
}

export interface KnownModel {
  id: number;
  manufacturer: string;
  name: string;
  platform: 'windows' | 'mac';
}

/**
 * Resolves "Manufacturer Name" references. Two models whose references read the same
 * ("Dell Latitude" + "7450" and "Dell" + "Latitude 7450") cannot be told apart, so such a
 * reference is refused rather than guessed.
 */
export function modelResolver(models: readonly KnownModel[]) {
  const found = new Map<string, KnownModel | 'ambiguous'>();
  for (const model of models) {
    const key = naturalKey(modelReference(model));
    found.set(key, found.has(key) ? 'ambiguous' : model);
  }
  return (reference: string): KnownModel | string => {
    const model = found.get(naturalKey(reference));
    if (model === undefined)
      return `“${reference}” is not a known model (write it as “Manufacturer Name”, as imported)${didYouMean(reference, models.map(modelReference))}`;
    if (model === 'ambiguous') return `“${reference}” names more than one model`;
    return model;
  };
}
