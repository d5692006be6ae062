// What a benchmark measured, as data: bench/run.ts puts the figures of both databases side by side.
import { appendFileSync } from 'node:fs';
import { benchOnPostgres } from './database.js';

export type Unit = 'ms' | '/s' | '×' | 'min' | 'times';
export type Goal = { readonly below: number } | { readonly atLeast: number };

export interface Figure {
  /** What was measured, as the table's row says it. */
  readonly name: string;
  readonly value: number;
  readonly unit: Unit;
  readonly goal?: Goal;
}

/** Records a figure for the side-by-side table, when bench/run.ts runs the benchmark. */
export function figure(name: string, value: number, unit: Unit, goal?: Goal): void {
  const file = process.env.BENCH_FIGURES;
  const measured: Figure = goal === undefined ? { name, value, unit } : { name, value, unit, goal };
  if (file) appendFileSync(file, `${JSON.stringify(measured)}\n`);
}

/**
 * A goal set for SQLite only: the issues set PostgreSQL's own goals for the ack, the batch and
 * the digest, and its other figures are shown beside SQLite's without one.
 */
export function sqliteGoal(goal: Goal): Goal | undefined {
  return benchOnPostgres ? undefined : goal;
}

export function meets(value: number, goal: Goal): boolean {
  return 'below' in goal ? value < goal.below : value >= goal.atLeast;
}

export function formatValue(value: number, unit: Unit): string {
  if (unit === 'ms') return `${value < 10 ? value.toFixed(2) : value.toFixed(0)} ms`;
  if (unit === '×') return `${value.toFixed(2)}×`;
  if (unit === 'min') return `${value.toFixed(1)} min`;
  if (unit === 'times') return `${value.toFixed(0)}`;
  return `${value.toFixed(0)}/s`;
}

export function formatGoal(goal: Goal, unit: Unit): string {
  return 'below' in goal ? `< ${formatValue(goal.below, unit)}` : `≥ ${formatValue(goal.atLeast, unit)}`;
}
