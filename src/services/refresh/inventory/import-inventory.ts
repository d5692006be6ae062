import { z } from 'zod';
import {
  type InventoryKind,
  inventoryKinds,
  type LineError,
  readInventoryCsv,
} from '../../../domain/refresh/inventory/index.js';
import { SlackUserId } from '../../../domain/slack-ids.js';
import type { ServiceContext } from '../../context.js';
import { requireAdmin } from '../../people/access.js';
import { importCatalog, importModels } from './import-catalog.js';
import { importSupportTeams } from './import-support-teams.js';
import { importSystems } from './import-systems.js';
import { importUnits } from './import-units.js';
import type { ImportOutcome, ImportRun } from './shared.js';

export type { ImportOutcome } from './shared.js';

/** Whoever runs the command line already holds the database, so `cli` needs no Slack role. */
export const cliActor = 'cli';

export const ImportInventoryInput = z.object({
  actor: z.union([SlackUserId, z.literal(cliActor)]),
  kind: z.enum(inventoryKinds),
  csv: z.string(),
});
export type ImportInventoryInput = z.infer<typeof ImportInventoryInput>;

/** Carries line errors out of a transaction so that it rolls back. */
class RowsRefused extends Error {
  constructor(readonly errors: LineError[]) {
    super('inventory rows refused');
  }
}

/**
 * Imports one CSV file of one kind. Every row is checked against the file and the database
 * first; if any is bad the answer lists each with its line and nothing is written. Otherwise
 * all rows are saved in one transaction, upserted by their natural key (serial, name,
 * manufacturer + name, e-mail), so importing the same file again changes nothing and audits
 * nothing.
 */
export async function importInventory(
  ctx: ServiceContext,
  rawInput: ImportInventoryInput,
): Promise<ImportOutcome> {
  const input = ImportInventoryInput.parse(rawInput);
  if (input.actor !== cliActor) await requireAdmin(ctx, input.actor, 'import inventory');
  const read = readFile(input.kind, input.csv);
  if (!read.ok) return read;
  const now = ctx.clock.now();
  try {
    return await ctx.db.transaction(async (tx) => {
      const outcome = await read.save({ tx, actor: input.actor, now, orgTimeZone: ctx.calendar.timeZone });
      // Importers resolve every reference before they write; a refusal still undoes anything written.
      if (!outcome.ok) throw new RowsRefused(outcome.errors);
      return outcome;
    });
  } catch (error) {
    if (error instanceof RowsRefused) return { ok: false, errors: error.errors };
    throw error;
  }
}

type FileRead =
  | { ok: false; errors: LineError[] }
  | { ok: true; save(run: ImportRun): Promise<ImportOutcome> };

/**
 * Parses and checks the file outside the transaction. A file that cannot be read as rows (bad
 * quoting, an unknown column) stops here; bad rows go on to the database checks with the good
 * ones, so every problem is listed in one answer.
 */
function readFile(kind: InventoryKind, csv: string): FileRead {
  const unreadable = (read: { rows: unknown[]; errors: LineError[] }): FileRead | undefined =>
    read.rows.length === 0 && read.errors.length > 0 ? { ok: false, errors: read.errors } : undefined;
  switch (kind) {
    case 'systems': {
      const read = readInventoryCsv(kind, csv);
      return unreadable(read) ?? { ok: true, save: (run) => importSystems(run, read) };
    }
    case 'units': {
      const read = readInventoryCsv(kind, csv);
      return unreadable(read) ?? { ok: true, save: (run) => importUnits(run, read) };
    }
    case 'models': {
      const read = readInventoryCsv(kind, csv);
      return unreadable(read) ?? { ok: true, save: (run) => importModels(run, read) };
    }
    case 'peripherals':
    case 'software': {
      const read = readInventoryCsv(kind, csv);
      return unreadable(read) ?? { ok: true, save: (run) => importCatalog(run, kind, read) };
    }
    case 'support_teams': {
      const read = readInventoryCsv(kind, csv);
      return unreadable(read) ?? { ok: true, save: (run) => importSupportTeams(run, read) };
    }
  }
}
