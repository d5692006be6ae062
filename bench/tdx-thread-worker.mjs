// The TeamDynamix stand-in (test/helpers/tdx-standin.ts) run on this worker thread; see tdx-thread.ts.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { startTdxStandIn } = await import('../test/helpers/tdx-standin.js');
const tdx = await startTdxStandIn();

parentPort.on('message', async (command) => {
  if (command.kind === 'assets') {
    for (const asset of command.assets) tdx.addAsset(asset);
  } else if (command.kind === 'delay') {
    for (let i = 0; i < command.count; i++) tdx.failNext({ delayMs: command.ms });
  } else if (command.kind === 'close') {
    await tdx.close();
    parentPort.close();
    return;
  }
  parentPort.postMessage({ kind: 'done' });
});
parentPort.postMessage({
  baseUrl: tdx.baseUrl,
  beid: tdx.beid,
  webServicesKey: tdx.webServicesKey,
  appId: tdx.appId,
  env: tdx.env(),
});
