import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { TdxSettings } from '../src/itsm/tdx-settings.js';
import { tdxSettingsFor } from './helpers/tdx-standin.js';

const secret = 'abcdef0123456789abcdef0123456789';

function errorOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a configuration error');
}

describe('loadConfig', () => {
  it('runs the sandbox with defaults when no Slack credentials are set', () => {
    const config = loadConfig({});
    expect(config.slack).toEqual({ kind: 'sandbox' });
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBe('./data/sandbox.db');
    expect(config.calendar).toEqual({
      timeZone: 'America/Detroit',
      holidays: { country: 'US', state: 'MI' },
      closureDays: [],
    });
    expect(config.tdx).toBeUndefined();
    expect(config.clockControl).toBe(false);
    expect(config.jobLeaseMs).toBeUndefined();
    expect(config.slotLeadBusinessDays).toBe(1);
  });

  it('reads the slot lead time in business days, 0 offering today’s later slots too', () => {
    expect(loadConfig({ OTTO_SLOT_LEAD_DAYS: '0' }).slotLeadBusinessDays).toBe(0);
    expect(loadConfig({ OTTO_SLOT_LEAD_DAYS: ' 3 ' }).slotLeadBusinessDays).toBe(3);
    expect(loadConfig({ OTTO_SLOT_LEAD_DAYS: '' }).slotLeadBusinessDays).toBe(1);
  });

  it('reads the business hours a desk case may stay pending before it is escalated, 4 by default', () => {
    expect(loadConfig({}).deskPendingEscalationHours).toBe(4);
    expect(loadConfig({ DESK_PENDING_ESCALATION_HOURS: '' }).deskPendingEscalationHours).toBe(4);
    expect(loadConfig({ DESK_PENDING_ESCALATION_HOURS: ' 2.5 ' }).deskPendingEscalationHours).toBe(2.5);
  });

  it('uses HTTP mode with a bot token and signing secret, Socket Mode with an app token', () => {
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: secret }).slack).toEqual({
      kind: 'http',
      botToken: 'xoxb-1',
      signingSecret: secret,
    });
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }).slack).toMatchObject({
      kind: 'socket',
      appToken: 'xapp-1',
    });
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: secret }).databaseUrl).toBe(
      './data/otto.db',
    );
  });

  it('parses admins, closure days, the holiday region, TeamDynamix settings and the job lease', () => {
    const config = loadConfig({
      OTTO_ADMINS: 'U123ABC, W99XYZ',
      OTTO_CLOSURE_DAYS: '2026-12-24..2027-01-01, 2027-03-10',
      OTTO_HOLIDAY_REGION: 'CA-ON',
      TDX_BASE_URL: 'https://tdx.example.edu/TDWebApi',
      TDX_BEID: 'beid',
      TDX_WEB_SERVICES_KEY: 'key',
      TDX_APP_ID: '31',
      TDX_ASSET_APP_ID: '32',
      TDX_SETTINGS: JSON.stringify(tdxSettingsFor()),
      OTTO_CLOCK_CONTROL: '1',
      DATABASE_URL: 'file:///tmp/otto.db',
      DATABASE_POOL_SIZE: '20',
      OTTO_JOB_LEASE_MS: '15000',
    });
    expect(config.admins).toEqual(['U123ABC', 'W99XYZ']);
    expect(config.calendar.closureDays).toEqual([
      { from: '2026-12-24', to: '2027-01-01' },
      { from: '2027-03-10', to: '2027-03-10' },
    ]);
    expect(config.calendar.holidays).toEqual({ country: 'CA', state: 'ON' });
    expect(config.tdx).toEqual({
      baseUrl: 'https://tdx.example.edu/TDWebApi',
      beid: 'beid',
      webServicesKey: 'key',
      appId: 31,
      assetAppId: 32,
      settings: TdxSettings.parse(tdxSettingsFor()),
    });
    expect(config.clockControl).toBe(true);
    expect(config.databaseUrl).toBe('file:///tmp/otto.db');
    expect(config.databasePoolSize).toBe(20);
    expect(config.jobLeaseMs).toBe(15_000);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT: must be a port number'],
    [{ PORT: '70000' }, 'PORT: must be a port number'],
    [{ SLACK_API_URL: 'not a url' }, 'SLACK_API_URL: must be an http(s) URL'],
    [{ SLACK_BOT_TOKEN: 'xoxp-user' }, 'SLACK_BOT_TOKEN: must be a bot token starting with xoxb-'],
    [{ SLACK_BOT_TOKEN: 'xoxb-1' }, 'SLACK_SIGNING_SECRET: required with SLACK_BOT_TOKEN'],
    [{ SLACK_SIGNING_SECRET: secret }, 'SLACK_BOT_TOKEN: required when other Slack credentials are set'],
    [{ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xoxb-2' }, 'SLACK_APP_TOKEN: must be an app token'],
    [{ OTTO_ADMINS: 'U123,bob' }, 'OTTO_ADMINS: must be a comma-separated list of Slack user ids'],
    [{ OTTO_TIME_ZONE: 'Mars/Olympus' }, 'OTTO_TIME_ZONE: must be an IANA time zone'],
    [{ OTTO_CLOSURE_DAYS: '2026-02-30' }, 'OTTO_CLOSURE_DAYS: "2026-02-30" is not a date'],
    [
      { OTTO_CLOSURE_DAYS: '2027-01-01..2026-12-24' },
      'OTTO_CLOSURE_DAYS: "2027-01-01..2026-12-24" is not a date',
    ],
    [{ OTTO_HOLIDAY_REGION: 'michigan' }, 'OTTO_HOLIDAY_REGION: must be a country code'],
    [{ SMTP_URL: 'http://mail' }, 'SMTP_URL: must be an smtp:// or smtps:// URL'],
    [{ TDX_BEID: 'beid' }, 'TDX_BASE_URL: required when TDX_BEID is set'],
    [{ TDX_APP_ID: 'abc' }, 'TDX_APP_ID: must be a number'],
    [{ OTTO_CLOCK_CONTROL: 'yes' }, 'OTTO_CLOCK_CONTROL: must be 1 or 0'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL:'],
    [{ DATABASE_POOL_SIZE: '0' }, 'DATABASE_POOL_SIZE: must be a number from 1 to 100'],
    [{ DATABASE_POOL_SIZE: 'many' }, 'DATABASE_POOL_SIZE: must be a number from 1 to 100'],
    [
      { OTTO_JOB_LEASE_MS: '500' },
      'OTTO_JOB_LEASE_MS: must be a number of milliseconds from 3000 to 3600000',
    ],
    [{ OTTO_JOB_LEASE_MS: '3600001' }, 'OTTO_JOB_LEASE_MS: must be a number of milliseconds from 3000'],
    [{ OTTO_JOB_LEASE_MS: '2.5s' }, 'OTTO_JOB_LEASE_MS: must be a number of milliseconds from 3000'],
    [
      { OTTO_SLOT_LEAD_DAYS: 'tomorrow' },
      'OTTO_SLOT_LEAD_DAYS: must be a whole number of business days from 0 to 20',
    ],
    [
      { OTTO_SLOT_LEAD_DAYS: '1.5' },
      'OTTO_SLOT_LEAD_DAYS: must be a whole number of business days from 0 to 20',
    ],
    [
      { OTTO_SLOT_LEAD_DAYS: '-1' },
      'OTTO_SLOT_LEAD_DAYS: must be a whole number of business days from 0 to 20',
    ],
    [
      { OTTO_SLOT_LEAD_DAYS: '21' },
      'OTTO_SLOT_LEAD_DAYS: must be a whole number of business days from 0 to 20',
    ],
    [
      { DESK_PENDING_ESCALATION_HOURS: 'four' },
      'DESK_PENDING_ESCALATION_HOURS: must be a number of business hours from 0.25 to 200',
    ],
    [
      { DESK_PENDING_ESCALATION_HOURS: '0' },
      'DESK_PENDING_ESCALATION_HOURS: must be a number of business hours from 0.25 to 200',
    ],
  ])('refuses %j naming the variable', (env, message) => {
    expect(errorOf(env)).toContain(message);
  });

  it('never repeats a secret in its message', () => {
    expect(errorOf({ SLACK_BOT_TOKEN: 'xoxp-very-secret' })).not.toContain('very-secret');
  });
});

const tdxEnv = {
  TDX_BASE_URL: 'https://tdx.example.edu/TDWebApi',
  TDX_BEID: 'beid',
  TDX_WEB_SERVICES_KEY: 'key',
  TDX_TICKET_APP_ID: '31',
  TDX_ASSET_APP_ID: '32',
  TDX_SETTINGS: JSON.stringify(tdxSettingsFor()),
};

describe('TeamDynamix configuration', () => {
  it('takes the ticketing and asset applications and the settings, from JSON or a file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'otto-tdx-'));
    const file = join(dir, 'tdx.json');
    writeFileSync(file, JSON.stringify(tdxSettingsFor({ installed: { status: 'Installed' } })));
    const config = loadConfig({ ...tdxEnv, TDX_SETTINGS: file });
    expect(config.tdx).toMatchObject({ appId: 31, assetAppId: 32 });
    expect(config.tdx?.settings.installed).toEqual({ status: 'Installed' });
    expect(config.tdx?.settings.tickets.refresh).toEqual({
      typeId: 101,
      formId: 201,
      statusId: 301,
      priorityId: 20,
      accountId: 5,
      sourceId: 8,
      serviceId: 77,
      tasks: 'otto',
    });
    // TDX_APP_ID is the ticketing application, as before.
    const { TDX_TICKET_APP_ID: _ticket, ...legacy } = tdxEnv;
    expect(loadConfig({ ...legacy, TDX_APP_ID: '31' }).tdx).toMatchObject({ appId: 31, assetAppId: 32 });
    expect(loadConfig({ ...tdxEnv }).tdx?.settings.installed).toEqual({ task: 'nit_delivery' });
  });

  const settingsWith = (change: (s: ReturnType<typeof tdxSettingsFor>) => unknown) => {
    const settings = tdxSettingsFor();
    change(settings);
    return JSON.stringify(settings);
  };

  it.each([
    [
      { TDX_ASSET_APP_ID: '' },
      'TDX_ASSET_APP_ID: required: TeamDynamix keeps assets in their own application, apart from the ticketing application TDX_TICKET_APP_ID=31',
    ],
    [{ TDX_ASSET_APP_ID: 'assets' }, 'TDX_ASSET_APP_ID: must be a number'],
    [{ TDX_APP_ID: '30' }, 'TDX_APP_ID: differs from TDX_TICKET_APP_ID (set only TDX_TICKET_APP_ID)'],
    [
      { TDX_SETTINGS: '' },
      'TDX_SETTINGS: required when TDX_BASE_URL, TDX_BEID, TDX_WEB_SERVICES_KEY, TDX_TICKET_APP_ID, TDX_ASSET_APP_ID is set',
    ],
    [{ TDX_SETTINGS: '/nowhere/tdx.json' }, 'TDX_SETTINGS: cannot read /nowhere/tdx.json (ENOENT)'],
    [{ TDX_SETTINGS: '{"tickets": ' }, 'TDX_SETTINGS: is not JSON ('],
    [
      { TDX_SETTINGS: settingsWith((s) => delete (s.tickets.refresh as { typeId?: number }).typeId) },
      'TDX_SETTINGS: tickets.refresh.typeId: is required',
    ],
    [
      { TDX_SETTINGS: settingsWith((s) => Object.assign(s.tickets.change_request, { priorityId: 'High' })) },
      'TDX_SETTINGS: tickets.change_request.priorityId: must be a TeamDynamix id (a whole number)',
    ],
    [
      { TDX_SETTINGS: settingsWith((s) => Object.assign(s.tickets.refresh, { typeID: 5 })) },
      'TDX_SETTINGS: tickets.refresh: unknown field "typeID"',
    ],
    [
      { TDX_SETTINGS: settingsWith((s) => Object.assign(s, { defaultRequestorUid: 'otto@example.edu' })) },
      'TDX_SETTINGS: defaultRequestorUid: must be a TeamDynamix person UID (a GUID)',
    ],
    [
      { TDX_SETTINGS: settingsWith((s) => Object.assign(s.tickets.refresh, { tasks: 'both' })) },
      'TDX_SETTINGS: tickets.refresh.tasks: must be "otto" or "workflow"',
    ],
    [
      { TDX_SETTINGS: settingsWith((s) => Object.assign(s.tickets.refresh, { workflowId: 600 })) },
      'TDX_SETTINGS: tickets.refresh.workflowId: only with "tasks": "workflow"',
    ],
    [
      { TDX_SETTINGS: settingsWith((s) => Object.assign(s.tickets.refresh, { tasks: 'workflow' })) },
      'TDX_SETTINGS: workflowTasks.nit_delivery: required when tickets.refresh.tasks is "workflow" (the workflow task that means installed)',
    ],
    [
      { TDX_SETTINGS: settingsWith((s) => Object.assign(s, { responsibleGroups: { 'NIT-North': 0 } })) },
      'TDX_SETTINGS: responsibleGroups.NIT-North: must be a TeamDynamix id (a whole number)',
    ],
  ])('refuses %j in one line', (change, message) => {
    expect(errorOf({ ...tdxEnv, ...change })).toContain(message);
  });
});

describe('starting with a bad configuration', () => {
  it('exits with code 1 and one line naming the variable, no stack trace', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: { PATH: process.env.PATH, PORT: 'eighty' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toEqual(['Otto cannot start: PORT: must be a port number']);
    expect(result.stdout).toBe('');
  });

  it('refuses TeamDynamix without its asset application in one line', () => {
    const { TDX_ASSET_APP_ID: _assets, TDX_TICKET_APP_ID: _tickets, ...env } = tdxEnv;
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: { PATH: process.env.PATH, ...env, TDX_APP_ID: '31' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      'Otto cannot start: TDX_ASSET_APP_ID: required: TeamDynamix keeps assets in their own application, apart from the ticketing application TDX_APP_ID=31',
    ]);
    expect(result.stdout).toBe('');
  });
});
