import type { WebClient } from '@slack/web-api';
import type { ConversationSlack, SlackFileInput } from '../../services/desk/conversation/receive-message.js';
import { downloadSlackFileBytes } from './download-file.js';
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
  return downloadSlackFileBytes(
    client,
    { ...file, url_private: address },
    { maxBytes, timeoutMs: downloadTimeoutMs },
    { tooBig: `larger than ${mb(maxBytes)}`, late: 'Slack did not hand it over in time' },
  );
}
