// `npm run otto -- <command>`: admin work from a shell, against the same database and Slack
// workspace the app uses (the same environment variables, src/config.ts).
import { readFileSync } from 'node:fs';
import { WebClient } from '@slack/web-api';
import { describeSlackMatch } from '../blocks/shared/import-result.js';
import { openDatabase } from '../db/client.js';
import { systemClock } from './clock.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import { createBusinessCalendar } from './domain/calendar/index.js';
import { type DeskKind, describeDeskImport, deskKinds, deskSpecs } from './domain/desk/csv.js';
import {
  describeImport,
  describeLineErrors,
  describeRefusal,
  type InventoryKind,
  inventoryKinds,
  inventorySpecs,
} from './domain/refresh/inventory/index.js';
import { createBuiltinItsm } from './itsm/builtin.js';
import { createLogger } from './logger.js';
import type { ServiceContext } from './services/context.js';
import { importDesk } from './services/desk/setup/import-desk.js';
import { cliActor, importInventory } from './services/refresh/inventory/import-inventory.js';
import { matchPeopleToSlack } from './services/refresh/inventory/match-people-to-slack.js';
import { lookUpByEmail } from './slack/plumbing/look-up-by-email.js';

/** 0: done; 1: refused (bad rows, bad configuration, unreadable file); 2: not a command. */
type ExitCode = 0 | 1 | 2;

interface Output {
  out(line: string): void;
  err(line: string): void;
}

interface Command {
  name: string;
  usage: string;
  summary: string;
  run(args: string[], io: Output): Promise<ExitCode>;
}

const isKind = (word: string): word is InventoryKind => (inventoryKinds as readonly string[]).includes(word);

const commands: Command[] = [
  {
    name: 'import',
    usage: 'import <kind> <file.csv>',
    summary: 'imports inventory or the desk set-up from a CSV file: every row, or none if any is bad',
    run: importCommand,
  },
  {
    name: 'help',
    usage: 'help',
    summary: 'lists these commands',
    run: async (_args, io) => {
      help(io.out);
      return 0;
    },
  },
];

function help(print: (line: string) => void): void {
  print('Usage: npm run otto -- <command>');
  print('');
  for (const command of commands) print(`  ${command.usage.padEnd(26)} ${command.summary}`);
  print('');
  print('Kinds and their columns (the header line; * required):');
  for (const kind of inventoryKinds) {
    const { columns, required } = inventorySpecs[kind];
    print(`  ${kind.padEnd(14)} ${columns.map((c) => (required.includes(c) ? `${c}*` : c)).join(',')}`);
  }
  print('Service desk set-up (lists in a cell separated by ;):');
  for (const kind of deskKinds) {
    const { columns, required } = deskSpecs[kind];
    print(`  ${kind.padEnd(14)} ${columns.map((c) => (required.includes(c) ? `${c}*` : c)).join(',')}`);
  }
}

const isDeskKind = (word: string): word is DeskKind => (deskKinds as readonly string[]).includes(word);

async function importCommand(args: string[], io: Output): Promise<ExitCode> {
  const [kind, path, ...extra] = args;
  if (kind === undefined || path === undefined || extra.length > 0 || !(isKind(kind) || isDeskKind(kind))) {
    io.err(`Usage: npm run otto -- ${commands[0]?.usage}`);
    if (kind !== undefined && !isKind(kind) && !isDeskKind(kind))
      io.err(`“${kind}” is not a kind Otto imports.`);
    return 2;
  }
  let csv: string;
  try {
    csv = readFileSync(path, 'utf8');
  } catch (error) {
    io.err(`Cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    return 1;
  }
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.err(`Otto cannot start: ${error.message}`);
    return 1;
  }
  const database = await openDatabase(config.databaseUrl);
  try {
    const ctx: ServiceContext = {
      db: database.db,
      clock: systemClock,
      // Imports write no notices; the running app's dispatcher would deliver any it found.
      noticesWritten: () => {},
      links: { openApp: config.publicUrl, publicUrl: config.publicUrl },
      calendar: createBusinessCalendar(config.calendar),
      itsm: createBuiltinItsm(database.db, systemClock, config.calendar.timeZone),
    };
    if (isDeskKind(kind)) {
      const outcome = await importDesk(ctx, { actor: cliActor, kind, csv });
      if (!outcome.ok) {
        io.err(`${path}: ${describeRefusal(outcome.errors)}`);
        io.err(describeLineErrors(outcome.errors, Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY));
        return 1;
      }
      io.out(`Imported ${describeDeskImport(outcome.summary)}.`);
      return 0;
    }
    const outcome = await importInventory(ctx, { actor: cliActor, kind, csv });
    if (!outcome.ok) {
      io.err(`${path}: ${describeRefusal(outcome.errors)}`);
      io.err(describeLineErrors(outcome.errors, Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY));
      return 1;
    }
    io.out(`Imported ${describeImport(outcome.summary)}.`);
    if (config.slack.kind === 'sandbox') return 0;
    const slack = new WebClient(config.slack.botToken, {
      slackApiUrl: config.slackApiUrl,
      logger: createLogger('error', 'otto-cli'),
    });
    const match = await matchPeopleToSlack(ctx, lookUpByEmail(slack));
    const matched = describeSlackMatch(match);
    if (matched) io.out(matched);
    return 0;
  } finally {
    await database.close();
  }
}

async function runCli(argv: string[], io: Output): Promise<ExitCode> {
  const [name, ...args] = argv;
  const command = commands.find((c) => c.name === (name ?? 'help'));
  if (!command) {
    io.err(`Otto has no “${name}” command.`);
    help(io.err);
    return 2;
  }
  return command.run(args, io);
}

process.exitCode = await runCli(process.argv.slice(2), {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
});
