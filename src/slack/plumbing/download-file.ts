import type { WebClient } from '@slack/web-api';
import { invalid, ServiceError } from '../../services/errors.js';

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

/** What to say when a file is refused: too large, or not fetched in time. */
interface Refusals {
  tooBig: string;
  late: string;
}

/**
 * Reads a response's body, giving up as soon as it passes `maxBytes`: a file larger than it said
 * (or that said nothing) is not read to its end.
 */
async function readAtMost(response: Response, maxBytes: number, refusals: Refusals): Promise<Buffer> {
  if (!response.body) return Buffer.alloc(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      length += value.byteLength;
      if (length > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw invalid(refusals.tooBig);
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof ServiceError) throw error;
    throw invalid(refusals.late);
  }
  return Buffer.concat(chunks, length);
}

/**
 * Fetches a file someone shared with Otto (a modal's file input) with the bot token
 * (`files:read`), within a size limit checked before reading (the size Slack gave, the
 * content-length) and while reading. The token goes only to Slack's file host or to the host the
 * Web API client already talks to (the stand-in in tests and the sandbox), never to another URL
 * in a payload.
 */
export async function downloadSlackFileBytes(
  client: WebClient,
  file: SlackFileRef,
  options: DownloadOptions,
  refusals: Refusals,
): Promise<Buffer> {
  const url = new URL(file.url_private_download ?? file.url_private);
  const apiHost = new URL(client.slackApiUrl).hostname;
  if (url.hostname !== 'files.slack.com' && url.hostname !== apiHost) {
    throw invalid('That file is not on Slack, so Otto will not fetch it.');
  }
  if ((file.size ?? 0) > options.maxBytes) throw invalid(refusals.tooBig);
  // The time limit covers the body as well as the headers: a file that stops coming is as late.
  const signal = AbortSignal.timeout(options.timeoutMs);
  let response: Response;
  try {
    response = await fetch(url, { headers: { Authorization: `Bearer ${client.token ?? ''}` }, signal });
  } catch {
    throw invalid(refusals.late);
  }
  if (response.status === 404) {
    await response.body?.cancel().catch(() => undefined);
    throw invalid('Slack no longer has that file; it may have been deleted.');
  }
  // Without files:read Slack answers with its sign-in page rather than an error status.
  const type = response.headers.get('content-type') ?? '';
  if (!response.ok || type.startsWith('text/html')) {
    await response.body?.cancel().catch(() => undefined);
    throw invalid('Slack did not hand Otto that file (does the app have the files:read scope?).');
  }
  if (Number(response.headers.get('content-length') ?? 0) > options.maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw invalid(refusals.tooBig);
  }
  return readAtMost(response, options.maxBytes, refusals);
}

/** Fetches a CSV file someone shared with Otto (the import modal's file input) as text. */
export async function downloadSlackFile(
  client: WebClient,
  file: SlackFileRef,
  options: DownloadOptions,
): Promise<string> {
  const bytes = await downloadSlackFileBytes(client, file, options, {
    tooBig: `That file is larger than ${Math.round(options.maxBytes / 1_000_000)} MB; import it with \`npm run otto -- import\` instead.`,
    late: 'Otto could not fetch that file from Slack in time; try again, or paste the rows.',
  });
  return new TextDecoder('utf-8').decode(bytes);
}
