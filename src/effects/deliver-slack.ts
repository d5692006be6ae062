import type { WebClient } from '@slack/web-api';
import type { SlackChannelPayload } from './render/messages.js';

/** The metadata event every notice message carries, so a resend can find the first send. */
export const noticeEventType = 'otto_notice';

interface PostedMessage {
  ts?: string;
  metadata?: { event_type?: string; event_payload?: unknown };
}

function carriesOutboxId(message: PostedMessage, outboxId: number): boolean {
  const payload = message.metadata?.event_payload as { outbox_id?: unknown } | undefined;
  return message.metadata?.event_type === noticeEventType && Number(payload?.outbox_id) === outboxId;
}

export interface SlackNotice {
  outboxId: number;
  channel: 'slack_dm' | 'slack_channel';
  recipient: string;
  payload: SlackChannelPayload;
  /** True when an earlier claim may have posted it already (a crash between post and mark). */
  mayHaveBeenPosted: boolean;
}

/** Posts a notice (after conversations.open for a DM) and returns `channel:ts`. */
export async function deliverSlackNotice(slack: WebClient, notice: SlackNotice): Promise<string> {
  const channel = notice.channel === 'slack_dm' ? await openDm(slack, notice.recipient) : notice.recipient;
  const { text, blocks, thread_ts, as } = notice.payload;
  if (notice.mayHaveBeenPosted) {
    const ts = await findPostedNotice(slack, channel, notice.outboxId, thread_ts);
    if (ts) return `${channel}:${ts}`;
  }
  const posted = await slack.chat.postMessage({
    channel,
    text,
    ...(blocks ? { blocks } : {}),
    ...(thread_ts ? { thread_ts } : {}),
    ...(as ? { username: as.username, ...(as.iconUrl ? { icon_url: as.iconUrl } : {}) } : {}),
    metadata: { event_type: noticeEventType, event_payload: { outbox_id: notice.outboxId } },
  });
  if (!posted.ts) throw new Error('chat.postMessage returned no ts');
  return `${posted.channel ?? channel}:${posted.ts}`;
}

/** A message reference (`channel:ts`, a Slack notice's delivery ref) as its two parts. */
export function messageRef(ref: string): { channel: string; ts: string } {
  const split = ref.lastIndexOf(':');
  const channel = ref.slice(0, split);
  const ts = ref.slice(split + 1);
  if (split <= 0 || !ts) throw new Error(`not a message reference: ${ref}`);
  return { channel, ts };
}

/**
 * Rewrites a message Otto posted (`channel:ts`, its notice's delivery ref) with the notice's
 * text and blocks, and returns the same ref. Updating twice leaves the same message, so a resend
 * after a crash needs no look-up first.
 */
export async function updateSlackMessage(
  slack: WebClient,
  ref: string,
  payload: Pick<SlackChannelPayload, 'text' | 'blocks'>,
): Promise<string> {
  const { channel, ts } = messageRef(ref);
  await slack.chat.update({
    channel,
    ts,
    text: payload.text,
    ...(payload.blocks ? { blocks: payload.blocks } : {}),
  });
  return ref;
}

async function openDm(slack: WebClient, userId: string): Promise<string> {
  const opened = await slack.conversations.open({ users: userId });
  const id = opened.channel?.id;
  if (!id) throw new Error(`conversations.open returned no channel for ${userId}`);
  return id;
}

/** The ts of a message already carrying this outbox id, looked up in the recent history or thread. */
export async function findPostedNotice(
  slack: WebClient,
  channel: string,
  outboxId: number,
  threadTs?: string,
): Promise<string | undefined> {
  if (!threadTs) {
    const history = await slack.conversations.history({ channel, limit: 100, include_all_metadata: true });
    return (history.messages as PostedMessage[] | undefined)?.find((m) => carriesOutboxId(m, outboxId))?.ts;
  }
  let cursor: string | undefined;
  do {
    const replies = await slack.conversations.replies({
      channel,
      ts: threadTs,
      limit: 200,
      include_all_metadata: true,
      ...(cursor ? { cursor } : {}),
    });
    const found = (replies.messages as PostedMessage[] | undefined)?.find((m) =>
      carriesOutboxId(m, outboxId),
    );
    if (found?.ts) return found.ts;
    cursor = replies.response_metadata?.next_cursor || undefined;
  } while (cursor);
  return undefined;
}
