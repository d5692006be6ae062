// The Slack stand-in on a thread of its own: a real Slack answers on its own machines, so its
// HTTP work is not counted as the app's when a benchmark measures the app's main thread.
import { Worker } from 'node:worker_threads';
import type { StandInUser, StoredMessage } from '../src/sandbox/slack-standin.js';

export interface SlackThread {
  apiUrl: string;
  botToken: string;
  botUserId: string;
  addUsers(users: StandInUser[]): Promise<void>;
  messages(channel: string): Promise<StoredMessage[]>;
  close(): Promise<void>;
}

export async function startSlackThread(): Promise<SlackThread> {
  const worker = new Worker(new URL('./slack-thread-worker.mjs', import.meta.url));
  const reply = () =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const fail = (error: Error) => reject(error);
      worker.once('error', fail);
      worker.once('message', (message: Record<string, unknown>) => {
        worker.off('error', fail);
        resolve(message);
      });
    });
  const started = (await reply()) as Pick<SlackThread, 'apiUrl' | 'botToken' | 'botUserId'>;
  const ask = async (command: object) => {
    const answered = reply();
    worker.postMessage(command);
    return answered;
  };
  return {
    ...started,
    async addUsers(users) {
      await ask({ kind: 'users', users });
    },
    async messages(channel) {
      return (await ask({ kind: 'messages', channel })).messages as StoredMessage[];
    },
    async close() {
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      worker.postMessage({ kind: 'close' });
      await exited;
    },
  };
}
