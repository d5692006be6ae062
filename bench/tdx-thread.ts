// The TeamDynamix stand-in on a thread of its own. A real TeamDynamix answers in its own time, on
// its own machine: in the app's process and event loop, the stand-in's 20 ms timers would wait on
// the app's work, and its HTTP server's work would be counted as the app's.
import { Worker } from 'node:worker_threads';
import type { TdxStandIn } from '../test/helpers/tdx-standin.js';

export interface TdxThread {
  /** The Web API root to give the adapter (…/TDWebApi). */
  baseUrl: string;
  beid: string;
  webServicesKey: string;
  appId: number;
  /** Every TDX_* variable Otto needs to use the stand-in. */
  env: Record<string, string>;
  addAssets(assets: Array<Parameters<TdxStandIn['addAsset']>[0]>): Promise<void>;
  /** The next `count` calls (logins aside) answer after `ms`. */
  delayNext(count: number, ms: number): Promise<void>;
  close(): Promise<void>;
}

export async function startTdxThread(): Promise<TdxThread> {
  const worker = new Worker(new URL('./tdx-thread-worker.mjs', import.meta.url));
  const reply = () =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const fail = (error: Error) => reject(error);
      worker.once('error', fail);
      worker.once('message', (message: Record<string, unknown>) => {
        worker.off('error', fail);
        resolve(message);
      });
    });
  const started = (await reply()) as Pick<TdxThread, 'baseUrl' | 'beid' | 'webServicesKey' | 'appId' | 'env'>;
  const ask = async (command: object) => {
    const answered = reply();
    worker.postMessage(command);
    await answered;
  };
  return {
    ...started,
    addAssets: (assets) => ask({ kind: 'assets', assets }),
    delayNext: (count, ms) => ask({ kind: 'delay', count, ms }),
    close: () =>
      new Promise((resolve) => {
        worker.once('exit', () => resolve());
        worker.postMessage({ kind: 'close' });
      }),
  };
}
