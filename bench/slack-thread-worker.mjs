// The Slack stand-in (src/sandbox/slack-standin.ts) run on this worker thread; see slack-thread.ts.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { startSlackStandIn } = await import('../src/sandbox/slack-standin.js');
const standIn = await startSlackStandIn();

parentPort.on('message', async (command) => {
  if (command.kind === 'users') {
    for (const user of command.users) standIn.addUser(user);
    parentPort.postMessage({ kind: 'done' });
  } else if (command.kind === 'messages') {
    parentPort.postMessage({ kind: 'done', messages: standIn.messages(command.channel) });
  } else if (command.kind === 'close') {
    await standIn.close();
    parentPort.close();
  }
});
parentPort.postMessage({ apiUrl: standIn.apiUrl, botToken: standIn.botToken, botUserId: standIn.botUserId });
