import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, type CustomRoute, defaultBodyLimit, HTTPReceiver, SocketModeReceiver } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import type { Logger } from '../logger.js';
import type { ServiceContext } from '../services/context.js';
import { type KnownIds, registerListeners } from './listeners/index.js';
import { createKnownIds } from './listeners/register.js';
import { handleEachEventOnce } from './plumbing/handle-once.js';
import { homesBeingRepublished } from './plumbing/publish-home.js';
import { guardSlackRequests } from './plumbing/request-guard.js';
import { createWorkAfterAnswer } from './plumbing/work-after-answer.js';

type BoltApp = App;

export type SlackConnection =
  | { kind: 'http'; botToken: string; signingSecret: string }
  | { kind: 'socket'; botToken: string; appToken: string };

export interface SlackAppOptions {
  connection: SlackConnection;
  bot: BotIdentity;
  slackApiUrl?: string;
  port: number;
  logger: Logger;
  ctx: ServiceContext;
  routes: CustomRoute[];
  /** Extra listeners, registered after Otto's own (the benchmark uses this); list their ids in `known`. */
  register?: (app: BoltApp, known: KnownIds) => void;
}

export interface SlackApp {
  readonly app: BoltApp;
  /** Starts listening; resolves to the HTTP port actually bound (useful with port 0). */
  start(): Promise<number>;
  /**
   * Stops taking requests, then waits (10 s at most) for what the listeners still do after their
   * answers, so the database can be closed behind it.
   */
  stop(): Promise<void>;
}

/** How long stopping waits for the work after the answers; whatever is still running then may fail. */
const stopWaitsAtMostMs = 10_000;

export interface BotIdentity {
  botUserId: string;
  botId: string;
  teamId: string;
  /** The workspace's URL, e.g. https://example.slack.com/. */
  workspaceUrl: string;
}

/** Slack's answer to the bot token, checked once at start so a bad token stops the app at once. */
export async function identifyBot(options: {
  botToken: string;
  slackApiUrl?: string | undefined;
  logger: Logger;
}): Promise<BotIdentity> {
  const client = new WebClient(options.botToken, {
    slackApiUrl: options.slackApiUrl,
    logger: options.logger,
    retryConfig: { retries: 2, factor: 1, minTimeout: 200 },
  });
  try {
    const identity = await client.auth.test();
    return {
      botUserId: String(identity.user_id),
      botId: String(identity.bot_id),
      teamId: String(identity.team_id),
      workspaceUrl: String(identity.url ?? 'https://slack.com/'),
    };
  } catch (error) {
    const reason = (error as { data?: { error?: string } }).data?.error ?? (error as Error).message;
    throw new Error(`Slack refused SLACK_BOT_TOKEN (auth.test: ${reason})`);
  }
}

/**
 * Bolt's HTTP receiver on POST /slack/events, behind a guard that reads the body, verifies the
 * signature and time, and answers the requests Bolt would choke on. The request listener is the
 * receiver's public way in. Bolt's own signature check is off: it would compute the same HMAC
 * again on every request (and checks the time one way only), and the guard already stands in
 * front of every request Bolt takes as an event, matching the same path and method.
 */
function httpReceiver(signingSecret: string, routes: CustomRoute[], logger: Logger): HTTPReceiver {
  const endpoint = '/slack/events';
  const receiver = new HTTPReceiver({
    signingSecret,
    signatureVerification: false,
    endpoints: endpoint,
    customRoutes: routes,
    logger,
    // Slack waits 3 s; a request no listener took is answered before that.
    unhandledRequestTimeoutMillis: 2500,
  });
  // The guard reads the body, so its limit is the one that answers 413; Bolt reuses what it read.
  receiver.requestListener = guardSlackRequests(receiver.requestListener, {
    signingSecret,
    endpoint,
    bodyLimit: defaultBodyLimit,
    logger,
  });
  return receiver;
}

/** Bolt in HTTP mode on POST /slack/events, or Socket Mode when an app token is given (SPEC §6). */
export function createSlackApp(options: SlackAppOptions): SlackApp {
  const { connection, logger, routes } = options;
  const receiver =
    connection.kind === 'http'
      ? httpReceiver(connection.signingSecret, routes, logger)
      : new SocketModeReceiver({
          appToken: connection.appToken,
          customRoutes: routes,
          // clientOptions here are the Socket Mode client's own: apps.connections.open goes to SLACK_API_URL too.
          installerOptions: {
            port: options.port,
            ...(options.slackApiUrl ? { clientOptions: { slackApiUrl: options.slackApiUrl } } : {}),
          },
          logger,
        });
  const app = new App({
    token: connection.botToken,
    botUserId: options.bot.botUserId,
    botId: options.bot.botId,
    tokenVerificationEnabled: false,
    receiver,
    logger,
    // Bolt resets its logger's level to its own default unless told.
    logLevel: logger.getLevel(),
    clientOptions: options.slackApiUrl ? { slackApiUrl: options.slackApiUrl } : {},
    // Nothing reads Bolt's per-conversation state, and its in-memory store (one replica's only)
    // would cost every request a lookup that throws when nothing is stored.
    convoStore: false,
  });
  const known = createKnownIds();
  const afterAnswer = createWorkAfterAnswer(() => homesBeingRepublished(options.ctx));
  app.use(afterAnswer.middleware);
  app.use(handleEachEventOnce(options.ctx));
  registerListeners(app, options.ctx, known);
  options.register?.(app, known);
  app.error(async (error) => {
    logger.error('Slack listener failed', error);
    // Rethrown so the receiver answers 500 at once when nothing was acked yet, rather than
    // leaving Slack waiting out its 3 seconds.
    throw error;
  });

  let server: Server | undefined;
  return {
    app,
    async start() {
      if (connection.kind === 'http') {
        server = (await app.start(options.port)) as Server;
        return (server.address() as AddressInfo).port;
      }
      await app.start();
      return options.port;
    },
    async stop() {
      await app.stop();
      const left = await afterAnswer.settled(stopWaitsAtMostMs);
      if (left > 0) logger.warn(`stopping with ${left} Slack request(s) still at work after the answer`);
    },
  };
}
