import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import bolt, { type CustomRoute } from '@slack/bolt';
import type { Logger } from '../logger.js';
import type { ServiceContext } from '../services/context.js';
import { registerListeners } from './listeners/index.js';

const { App, HTTPReceiver, SocketModeReceiver } = bolt;
type BoltApp = InstanceType<typeof App>;

export type SlackConnection =
  | { kind: 'http'; botToken: string; signingSecret: string }
  | { kind: 'socket'; botToken: string; appToken: string };

export interface SlackAppOptions {
  connection: SlackConnection;
  slackApiUrl?: string;
  port: number;
  logger: Logger;
  ctx: ServiceContext;
  routes: CustomRoute[];
  /** Extra listeners, registered after Otto's own (the benchmark uses this). */
  register?: (app: BoltApp) => void;
}

export interface SlackApp {
  readonly app: BoltApp;
  /** Starts listening; resolves to the HTTP port actually bound (useful with port 0). */
  start(): Promise<number>;
  stop(): Promise<void>;
}

/** Bolt in HTTP mode on POST /slack/events, or Socket Mode when an app token is given (SPEC §6). */
export function createSlackApp(options: SlackAppOptions): SlackApp {
  const { connection, logger, routes } = options;
  const receiver =
    connection.kind === 'http'
      ? new HTTPReceiver({
          signingSecret: connection.signingSecret,
          endpoints: '/slack/events',
          customRoutes: routes,
          logger,
          // Slack waits 3 s; a request no listener took is answered before that.
          unhandledRequestTimeoutMillis: 2500,
        })
      : new SocketModeReceiver({
          appToken: connection.appToken,
          customRoutes: routes,
          installerOptions: { port: options.port },
          logger,
        });
  const app = new App({
    token: connection.botToken,
    receiver,
    logger,
    clientOptions: options.slackApiUrl ? { slackApiUrl: options.slackApiUrl } : {},
  });
  registerListeners(app, options.ctx);
  options.register?.(app);
  app.error(async (error) => {
    logger.error('Slack listener failed', error);
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
    },
  };
}
