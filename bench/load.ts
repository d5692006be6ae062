// Shared by the benchmarks that drive the running app: signed block_actions requests, sent
// from a worker thread (its own event loop) so the load does not share the server's.
import { createHmac } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';

export const benchSigningSecret = 'bench-signing-secret-0123456789abcdef';

export interface SignedRequest {
  body: string;
  headers: Record<string, string>;
  /** Another path than the load's URL (each web page has its own). */
  path?: string;
  /** The statuses the request may be answered with; 200 when left out. */
  statuses?: number[];
}

/** Signs each payload as Slack signs an interaction (form-encoded `payload=`), with the time now. */
export function signedInteractions(payloads: readonly object[]): SignedRequest[] {
  const timestamp = Math.floor(Date.now() / 1000);
  return payloads.map((payload) => {
    const body = `payload=${encodeURIComponent(JSON.stringify(payload))}`;
    const signature = `v0=${createHmac('sha256', benchSigningSecret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
    return {
      body,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'content-length': String(Buffer.byteLength(body)),
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': signature,
      },
    };
  });
}

/** `count` block_actions clicks of the `bench_touch` button, by the users `userOf(i)`, signed now. */
export function signedBlockActions(count: number, userOf: (i: number) => string): SignedRequest[] {
  const actionTs = `${Math.floor(Date.now() / 1000)}.000`;
  return signedInteractions(
    Array.from({ length: count }, (_, i) => {
      const user = userOf(i);
      return {
        type: 'block_actions',
        team: { id: 'T0BENCH', domain: 'bench' },
        user: { id: user, username: user, name: user, team_id: 'T0BENCH' },
        api_app_id: 'A0BENCH',
        token: 'legacy',
        trigger_id: `1.${i}.bench`,
        container: { type: 'view', view_id: 'V0BENCH' },
        actions: [
          {
            type: 'button',
            action_id: 'bench_touch',
            block_id: 'bench',
            value: String(i),
            action_ts: actionTs,
          },
        ],
      };
    }),
  );
}

export interface Load {
  /** Sends the requests, `concurrency` at a time, and reports each one's time to answer. */
  run(requests: SignedRequest[]): Promise<{ latencies: number[]; seconds: number }>;
  close(): Promise<void>;
}

/**
 * A load generator on its own thread that keeps its connections (and its warmed-up code) from one
 * batch to the next: a fresh one's first requests measure its own start more than the server.
 */
export function startLoad(url: string, concurrency: number): Load {
  const worker = new Worker(new URL('./load-worker.mjs', import.meta.url), {
    workerData: { url, concurrency },
  });
  return {
    run(requests) {
      return new Promise((resolve, reject) => {
        const settle = (result: { latencies: number[]; seconds: number } | { error: string }) => {
          worker.off('error', reject);
          if ('error' in result) reject(new Error(result.error));
          else resolve(result);
        };
        worker.once('message', settle);
        worker.once('error', reject);
        worker.postMessage(requests);
      });
    },
    close() {
      return new Promise((resolve) => {
        worker.once('exit', () => resolve());
        worker.postMessage(null);
      });
    },
  };
}

/** Sends the requests, `concurrency` at a time, from a load generator of their own. */
export async function runLoad(
  url: string,
  requests: SignedRequest[],
  concurrency: number,
): Promise<{ latencies: number[]; seconds: number }> {
  const load = startLoad(url, concurrency);
  try {
    return await load.run(requests);
  } finally {
    await load.close();
  }
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/**
 * The main thread's CPU time from now on (JavaScript, and the synchronous SQLite calls it makes),
 * read by the function returned, in ms: on Linux from /proc (the thread's own user and system
 * time), elsewhere its event loop's active time, which a busy machine inflates. On a machine
 * others share, CPU time per operation compares two runs better than their latencies. With
 * BENCH_CPU_PROFILE set, the main thread is also profiled meanwhile, into that .cpuprofile file.
 */
export async function mainThreadBusy(): Promise<() => Promise<number>> {
  const file = process.env.BENCH_CPU_PROFILE;
  const session = file ? new Session() : undefined;
  if (session) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
  }
  const startCpu = mainThreadCpuMs();
  const start = performance.eventLoopUtilization();
  return async () => {
    const cpu = mainThreadCpuMs();
    const busy =
      cpu !== undefined && startCpu !== undefined
        ? cpu - startCpu
        : performance.eventLoopUtilization(start).active;
    if (session && file) {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
    }
    return busy;
  };
}

/** The main thread's user and system time so far (Linux: /proc/self/task/<pid>/stat, in clock ticks of 10 ms). */
function mainThreadCpuMs(): number | undefined {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After the name: state is field 3, utime 14 and stime 15 (1-based), so 11 and 12 here.
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}
