import type { ServerResponse } from 'node:http';
import type { CustomRoute } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import { sql } from 'drizzle-orm';
import { type OpenDatabase, openDatabase } from '../db/client.js';
import { calendarFeedRoute } from './calendar-feed-route.js';
import { type Clock, controllable } from './clock.js';
import { clockControlRoute, resumeControlledClock } from './clock-control.js';
import type { Config } from './config.js';
import { createBusinessCalendar } from './domain/calendar/index.js';
import { createDispatcher, type Dispatcher } from './effects/dispatcher.js';
import { createItsm } from './itsm/index.js';
import { buildJobs, createScheduler, type Scheduler } from './jobs/index.js';
import { createLogger, type Logger } from './logger.js';
import { createMailer } from './mail/mailer.js';
import { loadTemplates } from './mail/templates.js';
import { ensureConfiguredAdmins } from './services/people/ensure-configured-admins.js';
import type { RefreshContext } from './services/refresh/context.js';
import { createSlackApp, identifyBot, type SlackApp, type SlackConnection } from './slack/app.js';
import { slackSurfaces } from './slack/surfaces.js';
import { webPages } from './web/pages/index.js';
import { webRoutes } from './web/routes.js';

export interface OttoOptions {
  config: Config;
  /** The Slack credentials to run with; the sandbox passes the stand-in's. */
  connection: SlackConnection;
  clock: Clock;
  logger?: Logger;
  /** Extra HTTP routes beside /slack/events and /healthz. */
  routes?: CustomRoute[];
  /** Tests drive the dispatcher and the jobs by hand. */
  background?: { dispatcher: boolean; scheduler: boolean };
  register?: Parameters<typeof createSlackApp>[0]['register'];
}

export interface Otto {
  readonly port: number;
  readonly ctx: RefreshContext;
  readonly database: OpenDatabase;
  readonly dispatcher: Dispatcher;
  readonly scheduler: Scheduler;
  readonly slack: SlackApp;
  stop(): Promise<void>;
}

/** How often, under clock control, the scheduler looks for jobs that came due. */
const clockControlPollMs = 1000;

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** Wires config, database, clock, Slack, outbox and jobs together and starts listening. */
export async function startOtto(options: OttoOptions): Promise<Otto> {
  const { config, connection } = options;
  // Under clock control the time is moved from outside, and the jobs follow it (/sandbox/clock).
  const clockControl = config.clockControl ? controllable(options.clock) : undefined;
  const clock = clockControl ?? options.clock;
  const logger = options.logger ?? createLogger(config.logLevel);
  const background = options.background ?? { dispatcher: true, scheduler: true };
  const database = await openDatabase(config.databaseUrl, { poolSize: config.databasePoolSize });
  const { db } = database;
  if (clockControl) await resumeControlledClock(db, clockControl);

  // The dispatcher's own client hands 429s back to the outbox, which honours Retry-After
  // without holding up anything else; Bolt's client keeps its own retries for listeners.
  const dispatcherSlack = new WebClient(connection.botToken, {
    slackApiUrl: config.slackApiUrl,
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
    logger,
  });
  // One port for the outbox's writes and the services' reads.
  const itsm = createItsm(config, db, clock);
  const dispatcher = createDispatcher({
    db,
    clock,
    slack: dispatcherSlack,
    mailer: createMailer({ smtpUrl: config.mail.smtpUrl, mailDir: config.mail.dir, from: config.mail.from }),
    templates: await loadTemplates(),
    logger,
    messageIdDomain: new URL(config.publicUrl).hostname,
    itsm,
    webLinks: config.linkSecret
      ? { secret: config.linkSecret, publicUrl: config.publicUrl, ttlMs: config.linkDays * 86_400_000 }
      : undefined,
  });
  // Slack follows what people do on Otto's web pages; a slow Slack must not hold a page for long.
  const surfacesClient = new WebClient(connection.botToken, {
    slackApiUrl: config.slackApiUrl,
    retryConfig: { retries: 1, maxTimeout: 1000 },
    timeout: 5000,
    logger,
  });
  const bot = await identifyBot({ botToken: connection.botToken, slackApiUrl: config.slackApiUrl, logger });
  const ctx: RefreshContext = {
    db,
    clock,
    noticesWritten: () => dispatcher.kick(),
    links: {
      openApp: config.slackAppId
        ? `https://slack.com/app_redirect?app=${config.slackAppId}&team=${bot.teamId}`
        : bot.workspaceUrl,
      publicUrl: config.publicUrl,
    },
    calendar: createBusinessCalendar(config.calendar),
    itsm,
    calendarSecret: config.calendarSecret,
    linkSecret: config.linkSecret,
    slotLeadBusinessDays: config.slotLeadBusinessDays,
    deskPendingEscalationHours: config.deskPendingEscalationHours,
    surfaces: slackSurfaces(() => ctx, surfacesClient, logger),
    refresh: {
      macEngineeringEmail: config.macEngineeringEmail,
      mailFrom: config.mail.from,
      // Tests run jobs by hand; the running app looks new replacements up at once.
      ...(background.scheduler
        ? {
            replacementsQueued: () => scheduler.wake('replacement-lookup'),
            heldAppointmentDue: () => scheduler.wake('held-appointments'),
          }
        : {}),
    },
  };
  const scheduler = createScheduler({
    db,
    clock,
    timeZone: config.calendar.timeZone,
    jobs: buildJobs(ctx),
    logger,
    ...(clockControl ? { pollMs: clockControlPollMs } : {}),
    ...(config.jobLeaseMs ? { leaseMs: config.jobLeaseMs } : {}),
  });

  const granted = await ensureConfiguredAdmins(ctx, config.admins);
  if (granted.length > 0) logger.info(`granted admin to ${granted.join(', ')} from OTTO_ADMINS`);

  const routes: CustomRoute[] = [
    {
      path: '/healthz',
      method: ['GET'],
      handler: async (_req, res) => {
        try {
          await db.rows(sql`select 1 as ok`);
          json(res, 200, { ok: true });
        } catch (error) {
          json(res, 503, { ok: false, error: String(error) });
        }
      },
    },
    calendarFeedRoute(ctx, logger),
    ...webRoutes(ctx, webPages, logger),
    ...(clockControl
      ? [clockControlRoute({ clock: clockControl, scheduler, dispatcher, calendar: ctx.calendar, logger })]
      : []),
    ...(options.routes ?? []),
  ];

  const slack = createSlackApp({
    connection,
    bot,
    slackApiUrl: config.slackApiUrl,
    port: config.port,
    logger,
    ctx,
    routes,
    register: options.register,
  });
  const port = await slack.start();
  if (background.dispatcher) dispatcher.start();
  if (background.scheduler) await scheduler.start();

  return {
    port,
    ctx,
    database,
    dispatcher,
    scheduler,
    slack,
    async stop() {
      await slack.stop();
      await scheduler.stop();
      await dispatcher.stop();
      await database.close();
    },
  };
}
