// `npm run bench`: every benchmark on SQLite, then on PostgreSQL when BENCH_POSTGRES_URL names a
// server whose role may create databases, each in a process of its own; then their figures side
// by side. `npm run bench -- ack bookings` runs only those.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dialectOf } from '../db/client.js';
import { type Figure, formatGoal, formatValue, meets } from './figures.js';

const all = [
  'ack',
  'refresh',
  'ordering',
  'lookup',
  'tdx-sync',
  'slots',
  'bookings',
  'web-booking',
  'calendar',
  'web-wizard',
  'desk-dispatch',
  'desk-open',
  'desk-relay',
  'desk-home',
];
const chosen = process.argv.slice(2);
const unknown = chosen.filter((name) => !all.includes(name));
if (unknown.length > 0) {
  console.error(`No benchmark named ${unknown.join(', ')}; there are ${all.join(', ')}.`);
  process.exit(2);
}
const scripts = chosen.length > 0 ? chosen : all;

const postgres = process.env.BENCH_POSTGRES_URL ?? '';
if (postgres !== '' && dialectOf(postgres) !== 'postgres') {
  console.error('BENCH_POSTGRES_URL must be a postgres:// URL.');
  process.exit(2);
}
const engines = [
  { name: 'SQLite', server: '' },
  ...(postgres === '' ? [] : [{ name: 'PostgreSQL', server: postgres }]),
];

const dir = mkdtempSync(join(tmpdir(), 'otto-bench-figures-'));
/** Figures by engine, in the order they were measured. */
const figures = new Map<string, Figure[]>(engines.map((engine) => [engine.name, []]));
let failed = false;

function run(script: string, engine: (typeof engines)[number]): Promise<number> {
  const file = join(dir, `${script}-${engine.name}.jsonl`);
  writeFileSync(file, '');
  console.log(`\n── ${script} on ${engine.name}`);
  const child = spawn(process.execPath, ['--import', 'tsx', `bench/${script}.ts`], {
    env: { ...process.env, BENCH_DATABASE: engine.server, BENCH_FIGURES: file },
    stdio: 'inherit',
  });
  return new Promise((resolve) => {
    child.on('exit', (code) => {
      const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
      figures.get(engine.name)!.push(...lines.map((line) => JSON.parse(line) as Figure));
      resolve(code ?? 1);
    });
  });
}

try {
  for (const script of scripts) {
    for (const engine of engines) {
      if ((await run(script, engine)) !== 0) failed = true;
    }
  }
  printTable();
  if (postgres === '') {
    console.log(
      '\nPostgreSQL was not measured: set BENCH_POSTGRES_URL to a server Otto may create databases on.',
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
if (failed) process.exitCode = 1;

function printTable(): void {
  const names = [...new Set([...figures.values()].flatMap((list) => list.map((f) => f.name)))];
  const cell = (engine: string, name: string) => {
    const found = figures.get(engine)!.find((f) => f.name === name);
    if (found === undefined) return '—';
    const value = formatValue(found.value, found.unit);
    if (found.goal === undefined) return value;
    return `${value} ${meets(found.value, found.goal) ? 'ok' : `MISSES ${formatGoal(found.goal, found.unit)}`}`;
  };
  const goals = (name: string) => {
    const stated = engines.flatMap((engine) => {
      const found = figures.get(engine.name)!.find((f) => f.name === name);
      return found?.goal === undefined ? [] : [`${engine.name} ${formatGoal(found.goal, found.unit)}`];
    });
    const texts = stated.map((text) => text.replace(/^\S+ /, ''));
    return new Set(texts).size === 1 ? (texts[0] ?? '') : stated.join('; ');
  };
  const rows = [
    ['', ...engines.map((engine) => engine.name), 'goal'],
    ...names.map((name) => [name, ...engines.map((engine) => cell(engine.name, name)), goals(name)]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  console.log('\nSide by side:');
  for (const row of rows)
    console.log(`  ${row.map((text, i) => text.padEnd(widths[i]!)).join('   ')}`.trimEnd());
}
