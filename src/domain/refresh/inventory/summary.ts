import type { LineError } from './csv.js';
import { formatLineError, type InventoryKind } from './rows.js';

/** What one import did; a re-import of the same file counts every row as unchanged. */
export interface ImportSummary {
  kind: InventoryKind;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  /** People (system users) added or renamed from the file's user_email / user_name. */
  peopleAdded: number;
  peopleUpdated: number;
  /** Groups named in a systems file that did not exist yet. */
  groupsAdded: number;
}

const nouns: Record<InventoryKind, [string, string]> = {
  systems: ['system', 'systems'],
  units: ['unit', 'units'],
  models: ['model', 'models'],
  peripherals: ['peripheral', 'peripherals'],
  software: ['software title', 'software titles'],
  support_teams: ['support team', 'support teams'],
};

const count = (n: number, [one, many]: [string, string]) => `${n} ${n === 1 ? one : many}`;

/** "12 systems: 3 added, 1 updated, 8 unchanged; 2 people added; 1 group added" */
export function describeImport(summary: ImportSummary): string {
  const parts = [
    `${count(summary.rows, nouns[summary.kind])}: ${summary.created} added, ${summary.updated} updated, ${summary.unchanged} unchanged`,
  ];
  const people: string[] = [];
  if (summary.peopleAdded > 0) people.push(`${count(summary.peopleAdded, ['person', 'people'])} added`);
  if (summary.peopleUpdated > 0) people.push(`${count(summary.peopleUpdated, ['person', 'people'])} renamed`);
  if (people.length > 0) parts.push(people.join(', '));
  if (summary.groupsAdded > 0) parts.push(`${count(summary.groupsAdded, ['group', 'groups'])} added`);
  return parts.join('; ');
}

/** "3 lines need fixing; nothing was imported." (a line may have several problems) */
export function describeRefusal(errors: readonly LineError[]): string {
  const lines = new Set(errors.map((error) => error.line)).size;
  return `${lines === 1 ? '1 line needs' : `${lines} lines need`} fixing; nothing was imported.`;
}

/** The first `max` errors, one a line, and how many more there are. */
export function describeLineErrors(errors: readonly LineError[], max: number, lineMax = 200): string {
  const shown = errors.slice(0, max).map((error) => {
    const text = formatLineError(error);
    return text.length <= lineMax ? text : `${text.slice(0, lineMax - 1)}…`;
  });
  if (errors.length > max) shown.push(`…and ${errors.length - max} more`);
  return shown.join('\n');
}
