import { Worker } from 'node:worker_threads';

/**
 * SQLite's automatic checkpoint runs inside the commit that fills the WAL past its limit: that one
 * commit writes the WAL's pages back into the database and waits for two fsyncs, on the thread
 * that answers Slack, and every request queued behind it waits too. Otto turns it off and lets one
 * thread per process checkpoint every open database file a few times a second instead, so the WAL
 * stays small and is reused from its start, and no request waits on the disk.
 */
export interface Checkpointer {
  watch(path: string): Promise<void>;
  unwatch(path: string): Promise<void>;
}

let shared: { worker: Worker; pending: Map<number, () => void>; watched: number } | undefined;
let nextId = 0;

function thread() {
  if (shared) return shared;
  const worker = new Worker(new URL('./checkpoint-worker.mjs', import.meta.url), {
    workerData: { intervalMs: 200 },
  });
  const pending = new Map<number, () => void>();
  worker.on('message', (message: { kind: string; id?: number; path?: string; message?: string }) => {
    if (message.kind === 'done' && message.id !== undefined) {
      pending.get(message.id)?.();
      pending.delete(message.id);
      if (pending.size === 0) worker.unref();
    } else if (message.kind === 'failed') {
      process.emitWarning(`SQLite checkpoint of ${message.path} failed: ${message.message}`);
    }
  });
  // A thread that died (it cannot open a file) is replaced by the next watch; nobody waits on it.
  worker.on('error', (error) => {
    process.emitWarning(`The SQLite checkpoint thread stopped: ${error.message}`);
    if (shared?.worker === worker) shared = undefined;
    for (const done of pending.values()) done();
    pending.clear();
  });
  // The thread keeps the process alive only while someone waits for its answer.
  worker.unref();
  shared = { worker, pending, watched: 0 };
  return shared;
}

function send(kind: 'open' | 'close', path: string): Promise<void> {
  const { worker, pending } = thread();
  const id = nextId++;
  return new Promise((resolve) => {
    pending.set(id, resolve);
    worker.ref();
    worker.postMessage({ kind, path, id });
  });
}

export const checkpointer: Checkpointer = {
  async watch(path) {
    thread().watched++;
    await send('open', path);
  },
  async unwatch(path) {
    if (!shared) return;
    await send('close', path);
    if (shared && --shared.watched === 0) {
      const { worker } = shared;
      shared = undefined;
      await worker.terminate();
    }
  },
};
