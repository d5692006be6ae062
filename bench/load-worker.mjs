// Load generator, run in a worker thread so it does not share the server's event loop: for each
// batch of pre-signed requests it is sent, sends them `concurrency` at a time over the same
// keep-alive connections, and reports their latencies. `null` closes its connections and ends it.
import http from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

const { url, concurrency } = workerData;
const target = new URL(url);
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });

// A request may name its own path (a web page's) and the statuses it may answer (200 by default).
function send({ body, headers, path, statuses = [200] }) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const req = http.request(
      {
        host: target.hostname,
        port: target.port,
        path: path ?? target.pathname,
        method: 'POST',
        agent,
        headers,
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          if (!statuses.includes(res.statusCode)) reject(new Error(`HTTP ${res.statusCode}`));
          else resolve(Number(process.hrtime.bigint() - started) / 1e6);
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function run(requests) {
  const latencies = new Array(requests.length);
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests.length) {
        const i = next++;
        latencies[i] = await send(requests[i]);
      }
    }),
  );
  return { latencies, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

parentPort.on('message', (requests) => {
  if (requests === null) {
    agent.destroy();
    parentPort.close();
    return;
  }
  run(requests).then(
    (result) => parentPort.postMessage(result),
    (error) => parentPort.postMessage({ error: String(error) }),
  );
});
