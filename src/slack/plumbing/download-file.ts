import type { WebClient } from '@slack/web-api';
import { invalid } from '../../services/errors.js';

export interface SlackFileRef {
  name?: string | undefined;
  size?: number | undefined;
  url_private: string;
  url_private_download?: string | undefined;
}

export interface DownloadOptions {
  maxBytes: number;
  /** A modal submission must be answered within 3 seconds, download included. */
  timeoutMs: number;
}

/**
 * Fetches a file someone shared with Otto (a modal's file input) as text, with the bot token
 * (`files:read`). The token goes only to Slack's file host or to the host the Web API client
 * already talks to (the stand-in in tests and the sandbox), never to another URL in a payload.
 */
export async function downloadSlackFile(
  client: WebClient,
  file: SlackFileRef,
  options: DownloadOptions,
): Promise<string> {
  const url = new URL(file.url_private_download ?? file.url_private);
  const apiHost = new URL(client.slackApiUrl).hostname;
  if (url.hostname !== 'files.slack.com' && url.hostname !== apiHost) {
    throw invalid('That file is not on Slack, so Otto will not fetch it.');
  }
  const tooBig = `That file is larger than ${Math.round(options.maxBytes / 1_000_000)} MB; import it with \`npm run otto -- import\` instead.`;
  if ((file.size ?? 0) > options.maxBytes) throw invalid(tooBig);
  const late = invalid('Otto could not fetch that file from Slack in time; try again, or paste the rows.');
  // The time limit covers the rows as well as the headers: a file that stops coming is as late.
  const signal = AbortSignal.timeout(options.timeoutMs);
  let response: Response;
  try {
    response = await fetch(url, { headers: { Authorization: `Bearer ${client.token ?? ''}` }, signal });
  } catch {
    throw late;
  }
  // Without files:read Slack answers with its sign-in page rather than an error status.
  const type = response.headers.get('content-type') ?? '';
  if (!response.ok || type.startsWith('text/html')) {
    throw invalid('Slack did not hand Otto that file (does the app have the files:read scope?).');
  }
  if (Number(response.headers.get('content-length') ?? 0) > options.maxBytes) throw invalid(tooBig);
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await response.arrayBuffer());
  } catch {
    throw late;
  }
  if (bytes.byteLength > options.maxBytes) throw invalid(tooBig);
  return new TextDecoder('utf-8').decode(bytes);
}
