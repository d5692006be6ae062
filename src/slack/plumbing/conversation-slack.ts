import type { WebClient } from '@slack/web-api';
import type { ConversationSlack, SlackFileInput } from '../../services/desk/conversation/receive-message.js';
import { lookUpUserInTime, slackNameOf } from './look-up-user.js';

/** Long enough for a 10 MB file from Slack's file host; the event was answered long before. */
const downloadTimeoutMs = 30_000;
/** Names change rarely; every message of a busy thread would otherwise ask users.info again. */
const nameTtlMs = 5 * 60_000;
const namesKept = 2000;

type Person = { name?: string | undefined; iconUrl?: string | undefined };
const people = new Map<string, { person: Person | undefined; until: number }>();

/**
 * What the conversation service needs of Slack: people's names and pictures (users.info, kept a
 * few minutes) and files' bytes with the bot token (files:read), within a size limit checked
 * before and while reading. The token goes only to Slack's file host or the Web API's own host.
 */
export function conversationSlack(client: WebClient): ConversationSlack {
  return {
    async person(userId) {
      const now = Date.now();
      const known = people.get(userId);
      if (known && known.until > now) return known.person;
      const user = await lookUpUserInTime(client, userId);
      const person = user && {
        name: slackNameOf(user),
        iconUrl: user.profile?.image_72 ?? user.profile?.image_48 ?? undefined,
      };
      if (people.size >= namesKept) people.clear();
      if (person) people.set(userId, { person, until: now + nameTtlMs });
      return person;
    },
    download: (file, maxBytes) => downloadBytes(client, file, maxBytes),
  };
}

const mb = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

async function downloadBytes(client: WebClient, file: SlackFileInput, maxBytes: number): Promise<Buffer> {
  const address = file.url_private_download ?? file.url_private;
  if (!address) throw new Error('Slack gave no address to fetch it from');
  const url = new URL(address);
  const apiHost = new URL(client.slackApiUrl).hostname;
  if (url.hostname !== 'files.slack.com' && url.hostname !== apiHost) throw new Error('it is not on Slack');
  const tooBig = new Error(`larger than ${mb(maxBytes)}`);
  if ((file.size ?? 0) > maxBytes) throw tooBig;
  const response = await fetch(url, {
    headers: { Authorization: `Bearer ${client.token ?? ''}` },
    signal: AbortSignal.timeout(downloadTimeoutMs),
  });
  const type = response.headers.get('content-type') ?? '';
  if (!response.ok || !response.body || type.startsWith('text/html')) {
    throw new Error('Slack did not hand it over');
  }
  if (Number(response.headers.get('content-length') ?? 0) > maxBytes) throw tooBig;
  const chunks: Buffer[] = [];
  let size = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooBig;
    }
    chunks.push(Buffer.from(value));
  }
  return Buffer.concat(chunks);
}
