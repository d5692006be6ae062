import { systemClock } from './clock.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import { createLogger, type Logger } from './logger.js';
import { logProcessErrors } from './process-errors.js';

interface Running {
  stop(): Promise<void>;
}

async function start(config: Config, logger: Logger): Promise<Running> {
  if (config.slack.kind === 'sandbox') {
    const { startSandbox } = await import('./sandbox/run.js');
    const sandbox = await startSandbox(config, logger);
    console.log(`Otto sandbox is running with demo data: open ${sandbox.url}`);
    return sandbox;
  }
  const { startOtto } = await import('./app.js');
  const { slack } = config;
  const otto = await startOtto({
    config,
    clock: systemClock,
    logger,
    connection:
      slack.kind === 'http'
        ? { kind: 'http', botToken: slack.botToken, signingSecret: slack.signingSecret }
        : { kind: 'socket', botToken: slack.botToken, appToken: slack.appToken },
  });
  console.log(
    slack.kind === 'http'
      ? `Otto is listening on port ${otto.port} (POST /slack/events, GET /healthz)`
      : `Otto is connected to Slack in Socket Mode (GET /healthz on port ${otto.port})`,
  );
  return otto;
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`Otto cannot start: ${error.message}`);
    process.exit(1);
  }
  const logger = createLogger(config.logLevel);
  logProcessErrors(logger);
  let running: Running;
  try {
    running = await start(config, logger);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'EADDRINUSE' ? `port ${config.port} is already in use (set PORT)` : (error as Error).message;
    console.error(`Otto cannot start: ${reason}`);
    process.exit(1);
  }
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping Otto`);
    try {
      await running.stop();
    } catch (error) {
      // Rejections no longer end the process, so a failed stop must.
      logger.error('Otto did not stop cleanly:', error);
      process.exit(1);
    }
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

await main();
