import type { KnownBlock } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import type { MessageText } from '../../../blocks/shared/text.js';

type Log = (...args: unknown[]) => void;

export interface MessageRef {
  channel: string;
  ts: string;
}

/** A message Otto posts or updates; `text` is made by `messageText` (blocks/shared/text.ts), so it is escaped. */
export interface SlackMessage {
  text: MessageText;
  blocks?: KnownBlock[] | undefined;
}

/**
 * Posts where the person asked; in Otto's DM with them when Otto cannot post there (not a member
 * of the channel, someone else's DM). Undefined, and logged, when neither takes it.
 */
export async function postWhereAsked(
  client: WebClient,
  where: { channelId: string; userId: string },
  message: SlackMessage,
  log: Log,
): Promise<MessageRef | undefined> {
  const targets =
    where.channelId && where.channelId !== where.userId ? [where.channelId, where.userId] : [where.userId];
  const failures: unknown[] = [];
  for (const channel of targets) {
    try {
      const posted = await client.chat.postMessage({ channel, ...message });
      if (posted.channel && posted.ts) return { channel: posted.channel, ts: posted.ts };
    } catch (error) {
      // Not in that channel is expected; only when the DM fails too is something wrong.
      failures.push(error);
    }
  }
  log(`could not post to ${targets.join(' or ')}`, ...failures);
  return undefined;
}

/**
 * One message that shows a long job's progress and then its outcome (SPEC §5: bulk work reports
 * progress by updating one message). An update that fails is logged; the work goes on.
 */
export interface ProgressMessage {
  readonly ref: MessageRef | undefined;
  show(message: SlackMessage): Promise<void>;
}

export function progressMessage(client: WebClient, ref: MessageRef | undefined, log: Log): ProgressMessage {
  return {
    ref,
    async show(message) {
      if (!ref) return;
      try {
        await client.chat.update({ channel: ref.channel, ts: ref.ts, ...message });
      } catch (error) {
        log(`could not update the message ${ref.channel}/${ref.ts}`, error);
      }
    },
  };
}

/** Posts the first state of a job where the person asked, and returns the message that follows it. */
export async function postProgressMessage(
  client: WebClient,
  where: { channelId: string; userId: string },
  first: SlackMessage,
  log: Log,
): Promise<ProgressMessage> {
  return progressMessage(client, await postWhereAsked(client, where, first, log), log);
}

/**
 * Shows a message's new state in place when Otto knows where it is and can still change it;
 * otherwise posts it anew where the person asked. Returns where it now stands.
 */
export async function updateOrPost(
  client: WebClient,
  ref: MessageRef | undefined,
  where: { channelId: string; userId: string },
  message: SlackMessage,
  log: Log,
): Promise<MessageRef | undefined> {
  if (ref) {
    try {
      await client.chat.update({ channel: ref.channel, ts: ref.ts, ...message });
      return ref;
    } catch (error) {
      log(`could not update the message ${ref.channel}/${ref.ts}; posting a new one`, error);
    }
  }
  return postWhereAsked(client, where, message, log);
}
