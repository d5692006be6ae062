// The test's side of the replicas: each one an Otto in a child process (replica.ts) on its own
// loopback port, started, moved in time, killed and stopped from here.
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createSlackDriver, type SlackDriver, type SlackStandIn } from '../helpers/slack.js';
import type { FromReplica, ToReplica } from './replica.js';

const entry = fileURLToPath(new URL('./replica.ts', import.meta.url));
const root = fileURLToPath(new URL('../../', import.meta.url));

export const replicaSigningSecret = 'replica-signing-secret-0123456789abcdef';

export interface ReplicaOptions {
  /** Also its PostgreSQL application_name, so the test can find its connections. */
  name: string;
  databaseUrl: string;
  standIn: SlackStandIn;
  smtpUrl: string;
  /** Where its clock starts. */
  clock: Date;
  env?: Record<string, string>;
}

export interface Replica {
  readonly name: string;
  readonly port: number;
  /** Signs and sends Slack's requests to this replica only. */
  readonly driver: SlackDriver;
  /** Its log lines, `level: line`, in order. */
  readonly logs: string[];
  /** Resolves when the process has ended. */
  readonly exited: Promise<void>;
  /** Moves its clock (forward only); resolves once it has. */
  setClock(at: Date): Promise<void>;
  /** SIGKILL: no chance to finish anything, as when a machine dies. */
  kill(): Promise<void>;
  /** Stops it as SIGTERM would (its work finishes first), killing it after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

export async function startReplica(options: ReplicaOptions): Promise<Replica> {
  const { name, standIn } = options;
  const logs: string[] = [];
  const child: ChildProcess = fork(entry, [], {
    cwd: root,
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      PGAPPNAME: name,
      DATABASE_URL: options.databaseUrl,
      DATABASE_POOL_SIZE: '4',
      PORT: '0',
      SLACK_API_URL: standIn.apiUrl,
      SLACK_BOT_TOKEN: standIn.botToken,
      SLACK_SIGNING_SECRET: replicaSigningSecret,
      SMTP_URL: options.smtpUrl,
      MAIL_FROM: 'Otto <otto@example.edu>',
      OTTO_PUBLIC_URL: 'https://otto.example.edu',
      // The jobs follow the clock the test moves, not croner's real time.
      OTTO_CLOCK_CONTROL: '1',
      LOG_LEVEL: 'info',
      REPLICA_CLOCK_START: options.clock.toISOString(),
      ...options.env,
    },
  });
  for (const stream of [child.stdout, child.stderr]) {
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      for (const line of chunk.split('\n')) if (line.trim() !== '') logs.push(`output: ${line}`);
    });
  }
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  const waiting = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  let nextId = 0;
  let onReady: ((port: number) => void) | undefined;
  let onFailed: ((error: Error) => void) | undefined;
  child.on('message', (message: FromReplica) => {
    if (message.type === 'log') logs.push(`${message.level}: ${message.line}`);
    else if (message.type === 'ready') onReady?.(message.port);
    else if (message.type === 'failed') onFailed?.(new Error(`${name} did not start: ${message.error}`));
    else if (message.type === 'clock-set') {
      const call = waiting.get(message.id);
      waiting.delete(message.id);
      if (message.error) call?.reject(new Error(`${name}: ${message.error}`));
      else call?.resolve();
    }
  });
  void exited.then(() => {
    for (const call of waiting.values()) call.reject(new Error(`${name} has ended`));
    waiting.clear();
    onFailed?.(new Error(`${name} ended before it was ready:\n${logs.join('\n')}`));
  });

  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${name} was not ready after 30 s:\n${logs.join('\n')}`)),
      30_000,
    );
    onReady = (ready) => {
      clearTimeout(timer);
      resolve(ready);
    };
    onFailed = (error) => {
      clearTimeout(timer);
      reject(error);
    };
  }).catch(async (error: unknown) => {
    child.kill('SIGKILL');
    await exited;
    throw error;
  });
  onFailed = undefined;

  const send = (message: ToReplica) => {
    if (child.connected) child.send(message);
  };
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };
  return {
    name,
    port,
    driver: createSlackDriver({
      eventsUrl: `http://127.0.0.1:${port}/slack/events`,
      signingSecret: replicaSigningSecret,
      standIn,
    }),
    logs,
    exited,
    setClock(at) {
      return new Promise<void>((resolve, reject) => {
        if (!child.connected) {
          reject(new Error(`${name} has ended`));
          return;
        }
        nextId += 1;
        waiting.set(nextId, { resolve, reject });
        send({ type: 'set-clock', id: nextId, at: at.toISOString() });
      });
    },
    kill,
    async stop(graceMs = 15_000) {
      send({ type: 'stop' });
      const timer = setTimeout(() => void kill(), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Hands out the replicas in turn, as a round-robin balancer hands out requests. */
export function roundRobin<T>(items: readonly T[]): () => T {
  let next = 0;
  return () => {
    const item = items[next % items.length]!;
    next += 1;
    return item;
  };
}
