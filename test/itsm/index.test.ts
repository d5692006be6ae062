import { afterEach, describe, expect, it } from 'vitest';
import type { OpenDatabase } from '../../db/client.js';
import { events } from '../../db/schema/index.js';
import { ManualClock } from '../../src/clock.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { ItsmError } from '../../src/itsm/errors.js';
import { createItsm } from '../../src/itsm/index.js';
import { withItsmEvent } from '../../src/itsm/record.js';
import { openTestDatabase } from '../helpers/database.js';
import { startTdxStandIn, type TdxStandIn, tdxSettingsFor } from '../helpers/tdx-standin.js';

const tdxEnv = {
  TDX_BASE_URL: 'https://example.teamdynamix.com/TDWebApi',
  TDX_BEID: 'beid',
  TDX_WEB_SERVICES_KEY: 'key',
  TDX_APP_ID: '42',
  TDX_ASSET_APP_ID: '43',
  TDX_SETTINGS: JSON.stringify(tdxSettingsFor()),
};

let database: OpenDatabase | undefined;
let tdx: TdxStandIn | undefined;
afterEach(async () => {
  await database?.close();
  database = undefined;
  await tdx?.close();
  tdx = undefined;
});

describe('createItsm', () => {
  it('uses the built-in desk unless TeamDynamix is configured', async () => {
    database = await openTestDatabase();
    const clock = new ManualClock('2026-11-16T15:00:00Z');
    expect(createItsm(loadConfig({}), database.db, clock).name).toBe('builtin');
    expect(createItsm(loadConfig(tdxEnv), database.db, clock).name).toBe('teamdynamix');
  });

  it('passes TDX_TIMEOUT_MS to the TeamDynamix adapter', async () => {
    tdx = await startTdxStandIn();
    database = await openTestDatabase();
    const config = loadConfig({
      ...tdx.env(),
      TDX_TIMEOUT_MS: '120',
    });
    expect(config.tdx?.timeoutMs).toBe(120);
    const itsm = createItsm(config, database.db, new ManualClock('2026-11-16T15:00:00Z'));
    tdx.failNext({ delayMs: 1000 }, /loginadmin/);
    await expect(itsm.lookupSystem('SN1')).rejects.toThrow('within 120 ms');
  });

  it('refuses a TDX_TIMEOUT_MS that is not a sensible number of milliseconds', () => {
    expect(() => loadConfig({ ...tdxEnv, TDX_TIMEOUT_MS: 'soon' })).toThrow(
      new ConfigError('TDX_TIMEOUT_MS: must be a number of milliseconds'),
    );
    expect(() => loadConfig({ ...tdxEnv, TDX_TIMEOUT_MS: '5' })).toThrow(
      new ConfigError('TDX_TIMEOUT_MS: must be at least 100 (milliseconds)'),
    );
    expect(loadConfig(tdxEnv).tdx).not.toHaveProperty('timeoutMs');
  });
});

describe('withItsmEvent', () => {
  it('records a direct call and its outcome on the ticket, failures too', async () => {
    database = await openTestDatabase();
    const clock = new ManualClock('2026-11-16T15:00:00Z');
    const deps = { db: database.db, clock };
    const call = {
      ticketId: null,
      kind: 'itsm_lookup_system',
      adapter: 'teamdynamix',
      detail: { serial: 'SN1' },
    };
    const found = await withItsmEvent(
      deps,
      call,
      async () => ({ found: true, assetId: '501' }),
      (r) => ({ found: r.found, assetId: r.assetId }),
    );
    expect(found.assetId).toBe('501');
    await expect(
      withItsmEvent(deps, call, () => Promise.reject(new ItsmError('TeamDynamix answered 500'))),
    ).rejects.toThrow('TeamDynamix answered 500');
    expect(await database.db.select().from(events)).toEqual([
      expect.objectContaining({
        source: 'itsm',
        kind: 'itsm_lookup_system',
        ok: true,
        detail: { adapter: 'teamdynamix', serial: 'SN1', found: true, assetId: '501' },
        at: clock.now(),
      }),
      expect.objectContaining({
        ok: false,
        detail: { adapter: 'teamdynamix', serial: 'SN1', error: 'TeamDynamix answered 500' },
      }),
    ]);
  });
});
