import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { isTimeZone } from './domain/calendar/format-date-time.js';
import { defaultSlotLeadBusinessDays, maxSlotLeadBusinessDays } from './domain/scheduling/lead-time.js';
import { parseTdxSettings, type TdxConnection, type TdxSettings } from './itsm/tdx-settings.js';

// Every environment variable Otto reads, parsed in one place (SPEC §6).

const blankToUndefined = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;
const linkDaysError = 'must be a whole number of days from 1 to 90';
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema.optional());

const slackUserId = /^[UW][A-Z0-9]{2,}$/;
const isoDate = /^\d{4}-\d{2}-\d{2}$/;

const isRealDate = (day: string) => {
  const date = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(day);
};

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });

const flagValue = z
  .enum(['0', '1', 'true', 'false'], { error: 'must be 1 or 0' })
  .transform((value) => value === '1' || value === 'true');

const tdxAppId = z.coerce
  .number({ error: 'must be a number' })
  .int({ error: 'must be a number' })
  .positive({ error: 'must be a number' });

const EnvSchema = z.object({
  SLACK_BOT_TOKEN: optional(
    z.string().startsWith('xoxb-', { error: 'must be a bot token starting with xoxb-' }),
  ),
  SLACK_SIGNING_SECRET: optional(z.string().min(16, { error: 'must be the app’s signing secret' })),
  SLACK_APP_TOKEN: optional(
    z.string().startsWith('xapp-', { error: 'must be an app token starting with xapp-' }),
  ),
  SLACK_API_URL: optional(httpUrl),
  SLACK_APP_ID: optional(z.string().regex(/^A[A-Z0-9]{2,}$/, { error: 'must be the app id (A…)' })),
  PORT: z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ error: 'must be a port number' })
      .int({ error: 'must be a port number' })
      .min(0, { error: 'must be a port number' })
      .max(65535, { error: 'must be a port number' })
      .default(3000),
  ),
  OTTO_PUBLIC_URL: optional(httpUrl),
  DATABASE_URL: optional(z.string()),
  DATABASE_POOL_SIZE: optional(
    z.coerce
      .number({ error: 'must be a number from 1 to 100' })
      .int({ error: 'must be a number from 1 to 100' })
      .min(1, { error: 'must be a number from 1 to 100' })
      .max(100, { error: 'must be a number from 1 to 100' }),
  ),
  SMTP_URL: optional(z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' })),
  MAIL_FROM: z.preprocess(blankToUndefined, z.string().default('Otto <otto@localhost>')),
  MAIL_DIR: z.preprocess(blankToUndefined, z.string().default('./data/mail')),
  TDX_BASE_URL: optional(httpUrl),
  TDX_BEID: optional(z.string()),
  TDX_WEB_SERVICES_KEY: optional(z.string()),
  TDX_APP_ID: optional(tdxAppId),
  TDX_TICKET_APP_ID: optional(tdxAppId),
  TDX_ASSET_APP_ID: optional(tdxAppId),
  TDX_SETTINGS: optional(z.string()),
  TDX_TIMEOUT_MS: optional(
    z.coerce
      .number({ error: 'must be a number of milliseconds' })
      .int({ error: 'must be a number of milliseconds' })
      .min(100, { error: 'must be at least 100 (milliseconds)' })
      .max(120_000, { error: 'must be at most 120000 (milliseconds)' }),
  ),
  MAC_ENGINEERING_EMAIL: optional(z.email({ error: 'must be an e-mail address' })),
  OTTO_ADMINS: z.preprocess(
    blankToUndefined,
    z
      .string()
      .prefault('')
      .transform((list) =>
        list
          .split(',')
          .map((id) => id.trim())
          .filter(Boolean),
      )
      .refine((ids) => ids.every((id) => slackUserId.test(id)), {
        error: 'must be a comma-separated list of Slack user ids (U…)',
      }),
  ),
  OTTO_TIME_ZONE: z.preprocess(
    blankToUndefined,
    z.string().default('America/Detroit').refine(isTimeZone, { error: 'must be an IANA time zone' }),
  ),
  OTTO_HOLIDAY_REGION: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^[A-Z]{2}(-[A-Z0-9]{1,3})?$/, {
        error: 'must be a country code with an optional state, e.g. US-MI',
      })
      .transform((region) => {
        const [country = 'US', state] = region.split('-');
        return state ? { country, state } : { country };
      })
      .prefault('US-MI'),
  ),
  OTTO_CLOSURE_DAYS: z.preprocess(
    blankToUndefined,
    z
      .string()
      .prefault('')
      .transform((list, ctx) => {
        const ranges: Array<{ from: string; to: string }> = [];
        for (const item of list.split(',').map((part) => part.trim())) {
          if (!item) continue;
          const [from = '', to = from] = item.split('..');
          if (!isoDate.test(from) || !isoDate.test(to) || !isRealDate(from) || !isRealDate(to) || from > to) {
            ctx.addIssue({
              code: 'custom',
              message: `"${item}" is not a date or date range like 2026-12-24..2027-01-01`,
            });
            return z.NEVER;
          }
          ranges.push({ from, to });
        }
        return ranges;
      }),
  ),
  OTTO_CALENDAR_SECRET: optional(
    z.string().min(16, { error: 'must be at least 16 characters (it signs the calendar feed addresses)' }),
  ),
  OTTO_LINK_SECRET: optional(
    z.string().min(32, {
      error: 'must be at least 32 characters (it signs the links e-mails carry to Otto’s web pages)',
    }),
  ),
  OTTO_LINK_DAYS: z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ error: linkDaysError })
      .int({ error: linkDaysError })
      .min(1, { error: linkDaysError })
      .max(90, { error: linkDaysError })
      .default(30),
  ),
  OTTO_SLOT_LEAD_DAYS: z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ error: `must be a whole number of business days from 0 to ${maxSlotLeadBusinessDays}` })
      .int({ error: `must be a whole number of business days from 0 to ${maxSlotLeadBusinessDays}` })
      .min(0, { error: `must be a whole number of business days from 0 to ${maxSlotLeadBusinessDays}` })
      .max(maxSlotLeadBusinessDays, {
        error: `must be a whole number of business days from 0 to ${maxSlotLeadBusinessDays}`,
      })
      .default(defaultSlotLeadBusinessDays),
  ),
  DESK_PENDING_ESCALATION_HOURS: z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ error: 'must be a number of business hours from 0.25 to 200' })
      .min(0.25, { error: 'must be a number of business hours from 0.25 to 200' })
      .max(200, { error: 'must be a number of business hours from 0.25 to 200' })
      .default(4),
  ),
  OTTO_CLOCK_CONTROL: z.preprocess(blankToUndefined, flagValue.default(false)),
  OTTO_JOB_LEASE_MS: optional(
    z.coerce
      .number({ error: 'must be a number of milliseconds from 3000 to 3600000' })
      .int({ error: 'must be a number of milliseconds from 3000 to 3600000' })
      .min(3000, { error: 'must be a number of milliseconds from 3000 to 3600000' })
      .max(3_600_000, { error: 'must be a number of milliseconds from 3000 to 3600000' }),
  ),
  LOG_LEVEL: z.preprocess(blankToUndefined, z.enum(['debug', 'info', 'warn', 'error']).default('info')),
});

export type SlackMode =
  | { kind: 'http'; botToken: string; signingSecret: string }
  | { kind: 'socket'; botToken: string; appToken: string; signingSecret?: string }
  | { kind: 'sandbox' };

export interface Config {
  slack: SlackMode;
  slackApiUrl?: string;
  /** Lets e-mail links open Otto's App Home directly. */
  slackAppId?: string;
  port: number;
  publicUrl: string;
  databaseUrl: string;
  /** PostgreSQL only: connections this process keeps. */
  databasePoolSize?: number;
  mail: { smtpUrl?: string; from: string; dir: string };
  tdx?: TdxConnection;
  /** Where Mac replacements shipped home are sent for MDM setup (SPEC §2.4); unset, the request is skipped. */
  macEngineeringEmail?: string;
  admins: string[];
  calendar: {
    timeZone: string;
    holidays: { country: string; state?: string };
    closureDays: Array<{ from: string; to: string }>;
  };
  /** Signs the calendar feeds' tokens; unset, no feed is served (the sandbox makes one up). */
  calendarSecret?: string;
  /** Signs the links e-mails carry to Otto's web pages; unset, e-mails carry none and the pages are off. */
  linkSecret?: string;
  /** How long a web link works. */
  linkDays: number;
  /** Business days before the first day customers may book: 1 offers slots from the next business day on. */
  slotLeadBusinessDays: number;
  /** Business hours a desk case may stay pending before triage hears of it. */
  deskPendingEscalationHours: number;
  clockControl: boolean;
  /**
   * How long a job run's claim on its tick lasts unless renewed; a replica that dies mid-run has
   * its tick taken over by another within about a lease and a third. Unset, the scheduler's minute.
   */
  jobLeaseMs?: number;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
}

/** A configuration problem, already phrased for the one line the app prints before it exits. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

const tdxVariables = [
  'TDX_BASE_URL',
  'TDX_BEID',
  'TDX_WEB_SERVICES_KEY',
  'TDX_TICKET_APP_ID',
  'TDX_ASSET_APP_ID',
  'TDX_SETTINGS',
] as const;

export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`${String(issue.path[0])}: ${issue.message}`);
  }
  const e = parsed.data;
  const slack = slackMode(e);
  return {
    slack,
    slackApiUrl: e.SLACK_API_URL,
    slackAppId: e.SLACK_APP_ID,
    port: e.PORT,
    publicUrl: (e.OTTO_PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    // The sandbox keeps its demo data apart from a real installation's.
    databaseUrl: e.DATABASE_URL ?? (slack.kind === 'sandbox' ? './data/sandbox.db' : './data/otto.db'),
    ...(e.DATABASE_POOL_SIZE ? { databasePoolSize: e.DATABASE_POOL_SIZE } : {}),
    mail: { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM, dir: e.MAIL_DIR },
    tdx: tdx(e),
    ...(e.MAC_ENGINEERING_EMAIL ? { macEngineeringEmail: e.MAC_ENGINEERING_EMAIL } : {}),
    admins: e.OTTO_ADMINS,
    calendar: {
      timeZone: e.OTTO_TIME_ZONE,
      holidays: e.OTTO_HOLIDAY_REGION,
      closureDays: e.OTTO_CLOSURE_DAYS,
    },
    ...(e.OTTO_CALENDAR_SECRET ? { calendarSecret: e.OTTO_CALENDAR_SECRET } : {}),
    ...(e.OTTO_LINK_SECRET ? { linkSecret: e.OTTO_LINK_SECRET } : {}),
    linkDays: e.OTTO_LINK_DAYS,
    slotLeadBusinessDays: e.OTTO_SLOT_LEAD_DAYS,
    deskPendingEscalationHours: e.DESK_PENDING_ESCALATION_HOURS,
    clockControl: e.OTTO_CLOCK_CONTROL,
    ...(e.OTTO_JOB_LEASE_MS ? { jobLeaseMs: e.OTTO_JOB_LEASE_MS } : {}),
    logLevel: e.LOG_LEVEL,
  };
}

type Env = z.infer<typeof EnvSchema>;

function slackMode(e: Env): SlackMode {
  const { SLACK_BOT_TOKEN: botToken, SLACK_SIGNING_SECRET: signingSecret, SLACK_APP_TOKEN: appToken } = e;
  if (!botToken && !signingSecret && !appToken) return { kind: 'sandbox' };
  if (!botToken) throw new ConfigError('SLACK_BOT_TOKEN: required when other Slack credentials are set');
  if (appToken) return { kind: 'socket', botToken, appToken, ...(signingSecret ? { signingSecret } : {}) };
  if (!signingSecret) {
    throw new ConfigError(
      'SLACK_SIGNING_SECRET: required with SLACK_BOT_TOKEN (or set SLACK_APP_TOKEN for Socket Mode)',
    );
  }
  return { kind: 'http', botToken, signingSecret };
}

function tdx(e: Env): Config['tdx'] {
  // TDX_APP_ID, from before assets had an application of their own, is the ticketing application.
  if (e.TDX_APP_ID !== undefined && e.TDX_TICKET_APP_ID !== undefined && e.TDX_APP_ID !== e.TDX_TICKET_APP_ID)
    throw new ConfigError('TDX_APP_ID: differs from TDX_TICKET_APP_ID (set only TDX_TICKET_APP_ID)');
  const given = { ...e, TDX_TICKET_APP_ID: e.TDX_TICKET_APP_ID ?? e.TDX_APP_ID };
  const named = (name: (typeof tdxVariables)[number]) =>
    name === 'TDX_TICKET_APP_ID' && e.TDX_TICKET_APP_ID === undefined ? 'TDX_APP_ID' : name;
  const missing = tdxVariables.filter((name) => given[name] === undefined);
  if (missing.length === tdxVariables.length) return undefined;
  if (missing.includes('TDX_ASSET_APP_ID') && given.TDX_TICKET_APP_ID !== undefined)
    throw new ConfigError(
      `TDX_ASSET_APP_ID: required: TeamDynamix keeps assets in their own application, apart from the ticketing application ${named('TDX_TICKET_APP_ID')}=${given.TDX_TICKET_APP_ID}`,
    );
  if (missing.length > 0)
    throw new ConfigError(
      `${missing[0]}: required when ${tdxVariables
        .filter((n) => !missing.includes(n))
        .map(named)
        .join(', ')} is set`,
    );
  return {
    baseUrl: given.TDX_BASE_URL!,
    beid: given.TDX_BEID!,
    webServicesKey: given.TDX_WEB_SERVICES_KEY!,
    appId: given.TDX_TICKET_APP_ID!,
    assetAppId: given.TDX_ASSET_APP_ID!,
    settings: tdxSettings(given.TDX_SETTINGS!),
    ...(e.TDX_TIMEOUT_MS ? { timeoutMs: e.TDX_TIMEOUT_MS } : {}),
  };
}

/** `TDX_SETTINGS`: the JSON itself (it starts with `{`), or the path of a file holding it. */
function tdxSettings(value: string): TdxSettings {
  let text = value;
  if (!value.trimStart().startsWith('{')) {
    try {
      text = readFileSync(value, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new ConfigError(`TDX_SETTINGS: cannot read ${value}${code ? ` (${code})` : ''}`);
    }
  }
  const parsed = parseTdxSettings(text);
  if (!parsed.ok) throw new ConfigError(`TDX_SETTINGS: ${parsed.error}`);
  return parsed.settings;
}
