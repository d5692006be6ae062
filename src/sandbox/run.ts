// `npm start` without Slack credentials: the real app against the local Slack stand-in, with demo
// data, and a browser page that acts for the demo people (SPEC §6).
import { randomBytes } from 'node:crypto';
import { type Otto, startOtto } from '../app.js';
import { systemClock } from '../clock.js';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { demoChannels, demoPeople, seedDemoData } from './demo-data.js';
import { showDemoConversations } from './demo-desk.js';
import { appShortcuts } from './manifest.js';
import { createSlackDriver, type SlackDriver } from './slack-driver.js';
import { type SlackStandIn, startSlackStandIn } from './slack-standin.js';
import { startSandboxPage } from './web.js';

export interface Sandbox {
  /** The browser page. */
  readonly url: string;
  readonly port: number;
  /** Where the app takes Slack's requests (PORT+1). */
  readonly appEventsUrl: string;
  readonly otto: Otto;
  readonly standIn: SlackStandIn;
  readonly driver: SlackDriver;
  /** Whether this start filled an empty database with the demo. */
  readonly seeded: boolean;
  stop(): Promise<void>;
}

/** Starts the stand-in, the app on PORT+1 (a free port when PORT is 0) and the page on PORT. */
export async function startSandbox(config: Config, logger: Logger): Promise<Sandbox> {
  const standIn = await startSlackStandIn({
    host: '127.0.0.1',
    port: 0,
    botToken: `xoxb-sandbox-${randomBytes(12).toString('hex')}`,
  });
  const stopped: Array<() => Promise<void>> = [() => standIn.close()];
  const stopAll = async () => {
    for (const stop of stopped.splice(0).reverse()) await stop();
  };

  try {
    for (const person of demoPeople) {
      standIn.addUser({
        id: person.id,
        name: person.name,
        realName: person.realName,
        email: person.email,
        tz: config.calendar.timeZone,
      });
    }
    // The stand-in takes any C… channel; the demo channels fill as the app posts to them.

    const signingSecret = randomBytes(32).toString('hex');
    const appPort = config.port === 0 ? 0 : config.port + 1;
    let otto: Otto;
    try {
      otto = await startOtto({
        config: {
          ...config,
          slackApiUrl: standIn.apiUrl,
          port: appPort,
          // The page moves the app's time to show timers, reminders and the Friday digest.
          clockControl: true,
          // The sandbox serves calendar feeds with a secret of its own when none is set.
          calendarSecret: config.calendarSecret ?? randomBytes(24).toString('hex'),
          // …and signs the links in its e-mails to Otto's web pages the same way.
          linkSecret: config.linkSecret ?? randomBytes(24).toString('hex'),
        },
        connection: { kind: 'http', botToken: standIn.botToken, signingSecret },
        clock: systemClock,
        logger,
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
      // Not PORT itself: say which port, since the app's is one above the page's.
      throw new Error(`port ${appPort} is already in use (the sandbox runs the app on PORT+1; set PORT)`);
    }
    stopped.push(() => otto.stop());

    const seeded = await seedDemoData(otto.ctx, otto.ctx.clock.now());
    if (seeded) logger.info('sandbox: filled the empty database with demo data');
    // The stand-in starts empty: the demo's conversations are said again in their threads.
    await showDemoConversations(otto.ctx, standIn);

    const driver = createSlackDriver({
      eventsUrl: `http://127.0.0.1:${otto.port}/slack/events`,
      signingSecret,
      standIn,
    });
    const appEventsUrl = `http://localhost:${otto.port}/slack/events`;
    const page = await startSandboxPage({
      port: config.port,
      // Anyone who reaches the page can act as any demo person: keep it on this machine.
      host: '127.0.0.1',
      standIn,
      driver,
      people: demoPeople,
      channels: demoChannels,
      appEventsUrl,
      mailDir: config.mail.dir,
      timeZone: config.calendar.timeZone,
      logger,
      shortcuts: appShortcuts(),
    });
    stopped.push(() => page.stop());

    return {
      url: page.url,
      port: page.port,
      appEventsUrl,
      otto,
      standIn,
      driver,
      seeded,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
