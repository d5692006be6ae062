import { z } from 'zod';
import { type InventoryRead, type KindSpec, readCsvBySpec } from '../refresh/inventory/index.js';
import { DeskName, RulePattern, WordList } from './setup.js';

// The desk's CSV files (`/otto import groups|categories|accounts|rules`), read like inventory
// files: a header naming the columns, a column left out keeps what Otto has, every problem
// reported with its line. Lists in a cell are separated by `;`.

export const deskKinds = ['groups', 'categories', 'accounts', 'rules'] as const;
export type DeskKind = (typeof deskKinds)[number];

export const deskKindLabels: Record<DeskKind, string> = {
  groups: 'Support groups',
  categories: 'Categories',
  accounts: 'Accounts',
  rules: 'Dispatcher rules',
};

/** Text of a cell: trimmed; blank → null; absent column → undefined. */
const optional = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { error: `is longer than ${max} characters` })
    .transform((value) => (value === '' ? null : value.replace(/\s+/g, ' ')))
    .optional();

/** `;`-separated items; blank is none. */
const list = z
  .string()
  .transform((value) =>
    value
      .split(/[;\n]/)
      .map((item) => item.trim().replace(/\s+/g, ' '))
      .filter((item) => item !== ''),
  )
  .optional();

const yesNo = z
  .string()
  .transform((value, ctx) => {
    const word = value.trim().toLowerCase();
    if (['yes', 'y', 'true', '1', 'x'].includes(word)) return true;
    if (['no', 'n', 'false', '0', ''].includes(word)) return false;
    ctx.addIssue({ code: 'custom', message: `must be yes or no, not “${value.trim().slice(0, 20)}”` });
    return z.NEVER;
  })
  .optional();

const channel = z
  .string()
  .trim()
  .transform((value) => (value === '' ? null : value))
  .pipe(
    z
      .string()
      .regex(/^[CG][A-Z0-9]{2,}$/, { error: 'must be a channel id (C… or G…, from the channel’s details)' })
      .nullable(),
  )
  .optional();

export const GroupRow = z.object({
  name: DeskName,
  slack_channel: channel,
  main_person: optional(254),
  members: list,
  triage: yesNo,
});
export type GroupRow = z.infer<typeof GroupRow>;

export const CategoryRow = z.object({
  name: DeskName,
  default_group: optional(80),
  statuses: list,
});
export type CategoryRow = z.infer<typeof CategoryRow>;

export const AccountRow = z.object({
  name: DeskName,
  environments: list,
  members: list,
});
export type AccountRow = z.infer<typeof AccountRow>;

export const RuleRow = z.object({
  name: DeskName,
  category: optional(80),
  subject_words: WordList.optional(),
  description_words: WordList.optional(),
  pattern: RulePattern.optional(),
  group: DeskName,
  person: optional(254),
});
export type RuleRow = z.infer<typeof RuleRow>;

export interface DeskRows {
  groups: GroupRow;
  categories: CategoryRow;
  accounts: AccountRow;
  rules: RuleRow;
}

export const deskSpecs: { [K in DeskKind]: KindSpec<DeskRows[K]> } = {
  groups: {
    schema: GroupRow,
    columns: ['name', 'slack_channel', 'main_person', 'members', 'triage'],
    required: ['name'],
    keyColumns: ['name'],
    keyName: 'group',
  },
  categories: {
    schema: CategoryRow,
    columns: ['name', 'default_group', 'statuses'],
    required: ['name'],
    keyColumns: ['name'],
    keyName: 'category',
  },
  accounts: {
    schema: AccountRow,
    columns: ['name', 'environments', 'members'],
    required: ['name'],
    keyColumns: ['name'],
    keyName: 'account',
  },
  rules: {
    schema: RuleRow,
    columns: ['name', 'group', 'person', 'category', 'subject_words', 'description_words', 'pattern'],
    required: ['name', 'group'],
    keyColumns: ['name'],
    keyName: 'rule',
  },
};

export function readDeskCsv<K extends DeskKind>(kind: K, text: string): InventoryRead<DeskRows[K]> {
  return readCsvBySpec(kind, deskSpecs[kind] as KindSpec<DeskRows[K]>, text);
}

/** What one desk import did. */
export interface DeskImportSummary {
  kind: DeskKind;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
}

const nouns: Record<DeskKind, [string, string]> = {
  groups: ['support group', 'support groups'],
  categories: ['category', 'categories'],
  accounts: ['account', 'accounts'],
  rules: ['rule', 'rules'],
};

/** "4 support groups: 3 added, 1 updated, 0 unchanged" */
export function describeDeskImport(summary: DeskImportSummary): string {
  const [one, many] = nouns[summary.kind];
  return `${summary.rows} ${summary.rows === 1 ? one : many}: ${summary.created} added, ${summary.updated} updated, ${summary.unchanged} unchanged`;
}
