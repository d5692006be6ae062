import { z } from 'zod';
import { isTimeZone } from '../../calendar/format-date-time.js';
import { platforms } from '../enums.js';
import { type CsvRecord, type LineError, parseCsv } from './csv.js';
import { didYouMean } from './near-match.js';

// What each kind of inventory file holds, column by column. A column left out of the header
// leaves that property of existing rows as it is; a column that is there but blank clears it
// (or sets its default). Keys are the header names, so messages can name the column.

export const inventoryKinds = [
  'systems',
  'units',
  'models',
  'peripherals',
  'software',
  'support_teams',
] as const;
export type InventoryKind = (typeof inventoryKinds)[number];

export const inventoryKindLabels: Record<InventoryKind, string> = {
  systems: 'Systems',
  units: 'Units',
  models: 'Models',
  peripherals: 'Peripherals',
  software: 'Software',
  support_teams: 'Support teams',
};

/** Case and spacing do not make two names different: `Dell  latitude` is `dell latitude`. */
export function naturalKey(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** A model as files name it: "Manufacturer Name", e.g. "Dell Latitude 7450". */
export function modelReference(model: { manufacturer: string; name: string }): string {
  return `${model.manufacturer} ${model.name}`;
}

const tooLong = (max: number) => ({ error: `is longer than ${max} characters` });

/** Required text: trimmed, not blank. */
const requiredText = (max: number) =>
  z
    .string()
    .trim()
    .min(1, { error: 'is required' })
    .max(max, tooLong(max))
    .transform((value) => value.replace(/\s+/g, ' '));

/** Optional text: absent column → undefined (leave as is), blank → null (clear). */
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, tooLong(max))
    .transform((value) => (value === '' ? null : value.replace(/\s+/g, ' ')))
    .optional();

const blankToNull = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? null : value);

const platform = z.preprocess(
  (value) => (typeof value === 'string' ? value.trim().toLowerCase() : value),
  z.enum(platforms, {
    error: (issue) =>
      `“${String(issue.input).slice(0, 40)}” is not a platform: write ${platforms.join(' or ')}${didYouMean(String(issue.input), platforms)}`,
  }),
);

const yes = new Set(['yes', 'y', 'true', '1', 'x']);
const no = new Set(['no', 'n', 'false', '0', '']);

/** yes/no, true/false, 1/0 (or x); blank is no. */
const yesNo = z
  .string()
  .transform((value, ctx) => {
    const word = value.trim().toLowerCase();
    if (yes.has(word)) return true;
    if (no.has(word)) return false;
    ctx.addIssue({ code: 'custom', message: `must be yes or no, not “${value.trim()}”` });
    return z.NEVER;
  })
  .optional();

const email = z.preprocess(
  blankToNull,
  z
    .email({ error: (issue) => `“${String(issue.input).slice(0, 60)}” is not an e-mail address` })
    .max(254, tooLong(254))
    .transform((value) => value.toLowerCase())
    .nullable()
    .optional(),
);

/** `;`-separated names; blank is an empty list; the same name twice is a mistake. */
const nameList = (max: number) =>
  z
    .string()
    .transform((value, ctx) => {
      const names = value
        .split(';')
        .map((name) => name.trim().replace(/\s+/g, ' '))
        .filter((name) => name !== '');
      const seen = new Set<string>();
      for (const name of names) {
        if (name.length > max) {
          ctx.addIssue({
            code: 'custom',
            message: `“${name.slice(0, 40)}…” is longer than ${max} characters`,
          });
          return z.NEVER;
        }
        if (seen.has(naturalKey(name))) {
          ctx.addIssue({ code: 'custom', message: `lists “${name}” twice` });
          return z.NEVER;
        }
        seen.add(naturalKey(name));
      }
      return names;
    })
    .optional();

export interface BundleItem {
  name: string;
  quantity: number;
}

const quantitySuffix = /^(.*?)\s*\*\s*(\d+)$/;

/** `;`-separated peripherals, each optionally `*N` for a quantity: `Keyboard and mouse; Monitor*2`. */
const bundleList = nameList(200).transform((names, ctx): BundleItem[] | undefined => {
  if (names === undefined) return undefined;
  const items: BundleItem[] = [];
  for (const entry of names) {
    const match = quantitySuffix.exec(entry);
    const name = match ? (match[1] ?? '') : entry;
    const quantity = match ? Number(match[2]) : 1;
    if (name === '' || quantity < 1 || quantity > 99) {
      ctx.addIssue({ code: 'custom', message: `“${entry}” is not a peripheral with a quantity of 1 to 99` });
      return z.NEVER;
    }
    if (items.some((item) => naturalKey(item.name) === naturalKey(name))) {
      ctx.addIssue({ code: 'custom', message: `lists “${name}” twice` });
      return z.NEVER;
    }
    items.push({ name, quantity });
  }
  return items;
});

export const SystemRow = z.object({
  serial: requiredText(64),
  name: optionalText(120),
  model: optionalText(200),
  platform: z.preprocess(blankToNull, platform.nullable().optional()),
  user_email: email,
  user_name: optionalText(120),
  support_team: optionalText(120),
  building: optionalText(120),
  room: optionalText(60),
  group: optionalText(120),
  unit: optionalText(120),
});
export type SystemRow = z.infer<typeof SystemRow>;

export const UnitRow = z.object({
  name: requiredText(120),
  approved_models: nameList(200),
  approved_peripherals: nameList(200),
  bundle: bundleList,
});
export type UnitRow = z.infer<typeof UnitRow>;

export const ModelRow = z.object({
  manufacturer: requiredText(80),
  name: requiredText(120),
  platform,
});
export type ModelRow = z.infer<typeof ModelRow>;

export const CatalogRow = z.object({
  name: requiredText(200),
  requires_approval: yesNo,
});
export type CatalogRow = z.infer<typeof CatalogRow>;

export const SupportTeamRow = z.object({
  name: requiredText(120),
  slack_channel: z.preprocess(
    blankToNull,
    z
      .string()
      .trim()
      .regex(/^[CG][A-Z0-9]{2,}$/, { error: 'must be a channel id (C… or G…, from the channel’s details)' })
      .nullable()
      .optional(),
  ),
  time_zone: z.preprocess(
    blankToNull,
    z
      .string()
      .trim()
      .refine(isTimeZone, { error: 'is not a time zone like America/Detroit' })
      .nullable()
      .optional(),
  ),
  itsm_group: optionalText(120),
  min_free_slots: z.preprocess(
    blankToNull,
    z.coerce
      .number({ error: 'must be a whole number' })
      .int({ error: 'must be a whole number' })
      .min(0, { error: 'must be 0 or more' })
      .max(1000, { error: 'must be at most 1000' })
      .nullable()
      .optional(),
  ),
});
export type SupportTeamRow = z.infer<typeof SupportTeamRow>;

export interface InventoryRows {
  systems: SystemRow;
  units: UnitRow;
  models: ModelRow;
  peripherals: CatalogRow;
  software: CatalogRow;
  support_teams: SupportTeamRow;
}

export interface KindSpec<R> {
  schema: z.ZodType<R>;
  /** Columns in the order the documentation shows them; the first ones are required. */
  columns: readonly string[];
  required: readonly string[];
  /** What makes a row the same thing as another: re-importing it updates, a second one in a file is an error. */
  keyColumns: readonly string[];
  /** How a message names the key: `serial “SN123”`. */
  keyName: string;
}

const catalog: KindSpec<CatalogRow> = {
  schema: CatalogRow,
  columns: ['name', 'requires_approval'],
  required: ['name'],
  keyColumns: ['name'],
  keyName: 'name',
};

export const inventorySpecs: { [K in InventoryKind]: KindSpec<InventoryRows[K]> } = {
  systems: {
    schema: SystemRow,
    columns: [
      'serial',
      'name',
      'model',
      'platform',
      'user_email',
      'user_name',
      'support_team',
      'building',
      'room',
      'group',
      'unit',
    ],
    required: ['serial'],
    keyColumns: ['serial'],
    keyName: 'serial',
  },
  units: {
    schema: UnitRow,
    columns: ['name', 'approved_models', 'approved_peripherals', 'bundle'],
    required: ['name'],
    keyColumns: ['name'],
    keyName: 'name',
  },
  models: {
    schema: ModelRow,
    columns: ['manufacturer', 'name', 'platform'],
    required: ['manufacturer', 'name', 'platform'],
    keyColumns: ['manufacturer', 'name'],
    keyName: 'model',
  },
  peripherals: catalog,
  software: catalog,
  support_teams: {
    schema: SupportTeamRow,
    columns: ['name', 'slack_channel', 'time_zone', 'itsm_group', 'min_free_slots'],
    required: ['name'],
    keyColumns: ['name'],
    keyName: 'name',
  },
};

/** `User e-mail`, `user-email` and `USER_EMAIL` all name the column `user_email`. */
export function columnName(header: string): string {
  return header
    .trim()
    .toLowerCase()
    .replace(/e-mail/g, 'email')
    .replace(/[\s-]+/g, '_');
}

export interface InventoryRow<R> {
  line: number;
  row: R;
}

export interface InventoryRead<R> {
  /** The rows that are good on their own, to be checked against the database next. */
  rows: InventoryRow<R>[];
  /** Bad rows by line, or what makes the whole file unreadable (then there are no rows). */
  errors: LineError[];
}

/**
 * Reads an inventory CSV of one kind: the header line names the columns, every later line is
 * checked against the kind's schema, and a second row with the same key is an error. Every
 * problem is reported with its line; the good rows come back too, so that the database checks
 * can add theirs and the person fixing the file sees everything at once.
 */
export function readInventoryCsv<K extends InventoryKind>(
  kind: K,
  text: string,
): InventoryRead<InventoryRows[K]> {
  return readCsvBySpec(kind, inventorySpecs[kind] as KindSpec<InventoryRows[K]>, text);
}

/**
 * Reads a CSV file of any kind Otto imports (the desk's too) by its spec, with the same checks
 * and line numbers as inventory files; `kind` names the files in messages.
 */
export function readCsvBySpec<R>(kind: string, spec: KindSpec<R>, text: string): InventoryRead<R> {
  const parsed = parseCsv(text);
  if (!parsed.ok) return { rows: [], errors: [parsed.error] };
  const [header, ...records] = parsed.records;
  if (!header) return { rows: [], errors: [{ line: 1, message: 'the file is empty' }] };

  const headerErrors = checkHeader(kind, spec, header);
  if (headerErrors.length > 0) return { rows: [], errors: headerErrors };
  const columns = header.fields.map(columnName);
  if (records.length === 0) {
    return { rows: [], errors: [{ line: header.line, message: 'there are no rows under the header' }] };
  }

  const errors: LineError[] = [];
  const rows: InventoryRow<R>[] = [];
  const firstLineOf = new Map<string, number>();
  for (const record of records) {
    if (record.fields.length !== columns.length) {
      errors.push({
        line: record.line,
        message: `has ${record.fields.length} fields but the header has ${columns.length}`,
      });
      continue;
    }
    const values: Record<string, string> = {};
    columns.forEach((column, i) => {
      values[column] = record.fields[i] ?? '';
    });
    const result = spec.schema.safeParse(values);
    if (!result.success) {
      for (const issue of result.error.issues) {
        errors.push({ line: record.line, message: `${String(issue.path[0] ?? 'row')}: ${issue.message}` });
      }
    }
    // Keys are compared as written, so a duplicate of a row with other problems is caught too.
    const written = spec.keyColumns
      .map((column) => values[column] ?? '')
      .join(' ')
      .trim()
      .replace(/\s+/g, ' ');
    const key = naturalKey(written);
    const earlier = key === '' ? undefined : firstLineOf.get(key);
    if (earlier !== undefined) {
      errors.push({
        line: record.line,
        message: `${spec.keyName} “${written}” is already on line ${earlier}`,
      });
      continue;
    }
    if (key !== '') firstLineOf.set(key, record.line);
    if (!result.success) continue;
    rows.push({ line: record.line, row: result.data });
  }
  return { rows, errors };
}

function checkHeader(kind: string, spec: KindSpec<unknown>, header: CsvRecord): LineError[] {
  const errors: LineError[] = [];
  const at = (message: string) => errors.push({ line: header.line, message });
  const known = spec.columns.join(', ');
  const seen = new Set<string>();
  for (const raw of header.fields) {
    const column = columnName(raw);
    if (column === '') at('a column has no name in the header');
    else if (!spec.columns.includes(column))
      at(
        `unknown column “${raw.trim().slice(0, 60)}”${didYouMean(column, spec.columns)}; ${kind} files have: ${known}`,
      );
    else if (seen.has(column)) at(`column “${column}” appears twice in the header`);
    seen.add(column);
  }
  for (const column of spec.required) {
    if (!seen.has(column))
      at(`the header has no “${column}” column (${kind} files need ${spec.required.join(', ')})`);
  }
  return errors;
}

/** "line 4: model: “Dell X” is not a known model" */
export function formatLineError(error: LineError): string {
  return `line ${error.line}: ${error.message}`;
}
