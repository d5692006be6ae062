import { asc } from 'drizzle-orm';
import { z } from 'zod';
import { deskRules } from '../../../../db/schema/index.js';
import {
  type AccountRow,
  type CategoryRow,
  type DeskImportSummary,
  type DeskKind,
  deskKinds,
  type GroupRow,
  type RuleRow,
  readDeskCsv,
} from '../../../domain/desk/csv.js';
import type { LineError } from '../../../domain/refresh/inventory/index.js';
import { SlackUserId } from '../../../domain/slack-ids.js';
import type { ServiceContext } from '../../context.js';
import { cliActor } from '../../refresh/inventory/import-inventory.js';
import { requireDeskAdmin } from './access.js';
import {
  renumber,
  resolvePeople,
  type SaveOutcome,
  SetupProblem,
  type SetupRun,
  saveAccount,
  saveCategory,
  saveGroup,
  saveRule,
} from './store.js';

export const ImportDeskInput = z.object({
  actor: z.union([SlackUserId, z.literal(cliActor)]),
  kind: z.enum(deskKinds),
  csv: z.string(),
});
export type ImportDeskInput = z.infer<typeof ImportDeskInput>;

export type DeskImportOutcome = { ok: true; summary: DeskImportSummary } | { ok: false; errors: LineError[] };

class RowsRefused extends Error {
  constructor(readonly errors: LineError[]) {
    super('desk rows refused');
  }
}

/** Which column a set-up field is written in, so a line error names the column of the file. */
const columnOf: Record<string, string> = {
  name: 'name',
  channel: 'slack_channel',
  main: 'main_person',
  members: 'members',
  triage: 'triage',
  defaultGroup: 'default_group',
  statuses: 'statuses',
  environments: 'environments',
  category: 'category',
  words: 'subject_words',
  subjectWords: 'subject_words',
  descriptionWords: 'description_words',
  pattern: 'pattern',
  group: 'group',
  person: 'person',
};

/**
 * Imports one desk CSV file: every row is checked, against the file and then the database; if
 * any is wrong the answer lists each with its line and nothing is written (the transaction rolls
 * back). Rows are matched to what exists by name, so the same file again changes nothing. A rules
 * file gives the order the rules are tried in; rules it does not name come after them.
 */
export async function importDesk(ctx: ServiceContext, raw: ImportDeskInput): Promise<DeskImportOutcome> {
  const input = ImportDeskInput.parse(raw);
  if (input.actor !== cliActor) await requireDeskAdmin(ctx, input.actor, 'import the desk’s set-up');
  const read = readDeskCsv(input.kind, input.csv);
  if (read.rows.length === 0 && read.errors.length > 0) return { ok: false, errors: read.errors };
  const errors = [...read.errors];
  const extra = fileProblems(input.kind, read.rows);
  errors.push(...extra);
  const now = ctx.clock.now();
  try {
    return await ctx.db.transaction(async (tx) => {
      const run: SetupRun = { tx, actor: input.actor, now };
      const summary: DeskImportSummary = {
        kind: input.kind,
        rows: read.rows.length,
        created: 0,
        updated: 0,
        unchanged: 0,
      };
      const saved: number[] = [];
      for (const { line, row } of read.rows) {
        try {
          const outcome = await saveRow(run, input.kind, row as never);
          summary[outcome.outcome] += 1;
          saved.push(outcome.id);
        } catch (error) {
          if (!(error instanceof SetupProblem)) throw error;
          errors.push({ line, message: `${columnOf[error.field] ?? error.field}: ${error.message}` });
        }
      }
      if (errors.length > 0) throw new RowsRefused(errors);
      if (input.kind === 'rules') await putRulesInFileOrder(run, saved);
      return { ok: true as const, summary };
    });
  } catch (error) {
    if (error instanceof RowsRefused)
      return { ok: false, errors: [...error.errors].sort((a, b) => a.line - b.line) };
    throw error;
  }
}

/** Problems only the whole file shows: two groups marked triage. */
function fileProblems(kind: DeskKind, rows: { line: number; row: unknown }[]): LineError[] {
  if (kind !== 'groups') return [];
  const triage = rows.filter(({ row }) => (row as { triage?: boolean }).triage === true);
  return triage.slice(1).map(({ line }) => ({
    line,
    message: `triage: only one group is triage, and line ${triage[0]!.line} already is`,
  }));
}

async function saveRow<K extends DeskKind>(run: SetupRun, kind: K, row: never): Promise<SaveOutcome> {
  switch (kind) {
    case 'groups': {
      const r = row as GroupRow;
      const [main] = r.main_person ? await resolvePeople(run.tx, [r.main_person], 'main') : [null];
      const members = r.members === undefined ? undefined : await resolvePeople(run.tx, r.members, 'members');
      return await saveGroup(run, {
        name: r.name,
        slackChannelId: r.slack_channel,
        mainSlackUserId: r.main_person === undefined ? undefined : (main ?? null),
        members,
        isTriage: r.triage,
      });
    }
    case 'categories': {
      const r = row as CategoryRow;
      return await saveCategory(run, {
        name: r.name,
        defaultGroup:
          r.default_group === undefined
            ? undefined
            : r.default_group === null
              ? null
              : { name: r.default_group },
        statuses: r.statuses,
      });
    }
    case 'accounts': {
      const r = row as AccountRow;
      const members = r.members === undefined ? undefined : await resolvePeople(run.tx, r.members, 'members');
      return await saveAccount(run, { name: r.name, environments: r.environments, members });
    }
    default: {
      const r = row as RuleRow;
      const [person] = r.person ? await resolvePeople(run.tx, [r.person], 'person') : [null];
      return await saveRule(run, {
        name: r.name,
        category: r.category ? { name: r.category } : null,
        subjectWords: r.subject_words ?? [],
        descriptionWords: r.description_words ?? [],
        pattern: r.pattern ?? null,
        group: { name: r.group },
        person: person ?? null,
      });
    }
  }
}

/** The file's rules first, in its order; the others after them, in theirs. */
async function putRulesInFileOrder(run: SetupRun, fileOrder: number[]): Promise<void> {
  const rows = await run.tx
    .select({ id: deskRules.id, position: deskRules.position })
    .from(deskRules)
    .orderBy(asc(deskRules.position), asc(deskRules.id));
  const inFile = new Set(fileOrder);
  const byId = new Map(rows.map((r) => [r.id, r]));
  await renumber(run.tx, [...fileOrder.map((id) => byId.get(id)!), ...rows.filter((r) => !inFile.has(r.id))]);
}
