// Fetching a file someone attached to a modal, within the time the modal's answer leaves.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WebClient } from '@slack/web-api';
import { afterEach, describe, expect, it } from 'vitest';
import { downloadSlackFile } from '../../../src/slack/plumbing/download-file.js';

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

/** A file host on the Web API's host; `stall` sends the headers and the first rows, then nothing. */
async function fileHost(stall: boolean): Promise<{ client: WebClient; url: string }> {
  server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/csv' });
    res.write('serial,name\n');
    if (!stall) res.end('SN1,PC-1\n');
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const client = { slackApiUrl: `http://127.0.0.1:${port}/api/`, token: 'xoxb-test' } as WebClient;
  return { client, url: `http://127.0.0.1:${port}/files-pri/T1-F1/systems.csv` };
}

const limits = { maxBytes: 1000, timeoutMs: 300 };

describe('downloadSlackFile', () => {
  it('fetches the file as text', async () => {
    const { client, url } = await fileHost(false);
    await expect(downloadSlackFile(client, { url_private: url }, limits)).resolves.toBe(
      'serial,name\nSN1,PC-1\n',
    );
  });

  it('says the file did not come in time when its rows stop coming, as when it does not start', async () => {
    const { client, url } = await fileHost(true);
    const started = performance.now();
    await expect(downloadSlackFile(client, { url_private: url }, limits)).rejects.toMatchObject({
      kind: 'invalid',
      message: 'Otto could not fetch that file from Slack in time; try again, or paste the rows.',
    });
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
