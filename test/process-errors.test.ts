import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/** Runs `body` as an ES module in a fresh Node, with or without Otto's process error logging. */
function run(body: string, installed = true) {
  const script = [
    "import { createLogger } from './src/logger.js';",
    "import { logProcessErrors } from './src/process-errors.js';",
    installed ? "logProcessErrors(createLogger('error'));" : '',
    body,
  ].join('\n');
  return spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    env: { PATH: process.env.PATH },
    encoding: 'utf8',
    timeout: 20_000,
  });
}

const rejectThenWork = `
Promise.reject(new Error('nobody awaited this'));
setTimeout(() => console.log('still serving'), 50);
`;

describe('logProcessErrors', () => {
  it('logs an unhandled rejection and keeps the process running', () => {
    const result = run(rejectThenWork);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('still serving\n');
    expect(result.stderr).toContain(
      'Unhandled promise rejection; Otto keeps running: Error: nobody awaited this',
    );
  });

  it('is what keeps it running: without it Node ends the process', () => {
    const result = run(rejectThenWork, false);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
  });

  it('logs an uncaught exception and exits 1', () => {
    const result = run(`
setTimeout(() => { throw new Error('thrown from a callback'); }, 0);
setTimeout(() => console.log('never'), 100);
`);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('Uncaught exception; Otto stops: Error: thrown from a callback');
  });
});
