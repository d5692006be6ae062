// The thread that checkpoints the SQLite databases Otto has open (see db/checkpointer.ts). It
// opens its own connection to each file and copies the WAL's committed pages back into the
// database a few times a second. A PASSIVE checkpoint never waits for the app's writer, and its
// fsyncs happen here, not on the thread that answers Slack.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const connections = new Map();
const intervalMs = workerData?.intervalMs ?? 200;

function checkpoint(path, connection) {
  try {
    connection.pragma('wal_checkpoint(PASSIVE)');
  } catch (error) {
    parentPort.postMessage({ kind: 'failed', path, message: String(error?.message ?? error) });
  }
}

setInterval(() => {
  for (const [path, connection] of connections) checkpoint(path, connection);
}, intervalMs);

parentPort.on('message', (message) => {
  if (message.kind === 'open' && !connections.has(message.path)) {
    try {
      const connection = new Database(message.path, { fileMustExist: true });
      connection.pragma('busy_timeout = 0');
      connections.set(message.path, connection);
    } catch (error) {
      parentPort.postMessage({
        kind: 'failed',
        path: message.path,
        message: String(error?.message ?? error),
      });
    }
  } else if (message.kind === 'close') {
    const connection = connections.get(message.path);
    connections.delete(message.path);
    connection?.close();
  }
  parentPort.postMessage({ kind: 'done', id: message.id });
});
