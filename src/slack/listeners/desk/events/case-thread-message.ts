import type { AllMiddlewareArgs, App, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import { md, messageText } from '../../../../../blocks/shared/text.js';
import { SlackUserId } from '../../../../domain/slack-ids.js';
import type { ServiceContext } from '../../../../services/context.js';
import {
  receiveThreadMessage,
  SlackFileInput,
  type ThreadMessageEvent,
  type ThreadMessageOutcome,
} from '../../../../services/desk/conversation/receive-message.js';
import { conversationSlack } from '../../../plumbing/conversation-slack.js';
import { dmHint } from '../../shared/events/message-im.js';

// Otto reads the messages of the channels it is in and of its DMs (message.channels,
// message.groups, message.im), and acts only on those in the thread of a case's card or of a
// requester's case DM; everything else is left alone (a DM to Otto outside a case gets its hint).

/** A person's message (a bot's carries bot_id, a system message another subtype). */
const PersonMessage = z.object({
  subtype: z.enum(['file_share', 'thread_broadcast']).optional(),
  channel: z.string(),
  channel_type: z.string().optional(),
  user: SlackUserId,
  ts: z.string(),
  thread_ts: z.string().optional(),
  text: z.string().default(''),
  files: z.array(z.unknown()).optional(),
  bot_id: z.never().optional(),
});

const Changed = z.object({
  subtype: z.literal('message_changed'),
  channel: z.string(),
  message: z.object({
    user: SlackUserId,
    ts: z.string(),
    text: z.string().default(''),
    bot_id: z.never().optional(),
    subtype: z.never().optional(),
  }),
});

const Deleted = z.object({
  subtype: z.literal('message_deleted'),
  channel: z.string(),
  deleted_ts: z.string(),
  previous_message: z.object({ bot_id: z.never().optional() }).passthrough().optional(),
});

/** The event as the conversation reads it; undefined for anything that is not a person's doing. */
function threadEventOf(event: unknown, botUserId: string | undefined): ThreadMessageEvent | undefined {
  const changed = Changed.safeParse(event);
  if (changed.success) {
    const { channel, message } = changed.data;
    if (message.user === botUserId) return undefined;
    return { kind: 'edited', channel, ts: message.ts, user: message.user, text: message.text };
  }
  const deleted = Deleted.safeParse(event);
  if (deleted.success) return { kind: 'deleted', channel: deleted.data.channel, ts: deleted.data.deleted_ts };
  const posted = PersonMessage.safeParse(event);
  if (!posted.success || posted.data.user === botUserId) return undefined;
  const { channel, ts, thread_ts: threadTs, user, text } = posted.data;
  if (threadTs === undefined || threadTs === ts) return undefined;
  const files = (posted.data.files ?? []).flatMap((file) => {
    const parsed = SlackFileInput.safeParse(file);
    return parsed.success ? [parsed.data] : [];
  });
  return { kind: 'posted', channel, ts, threadTs, user, text, files };
}

export function registerCaseThreadMessages(app: App, ctx: ServiceContext): void {
  app.event(
    'message',
    async ({ event, client, logger, context }: AllMiddlewareArgs & SlackEventMiddlewareArgs<'message'>) => {
      const thread = threadEventOf(event, context.botUserId);
      let outcome: ThreadMessageOutcome = { kind: 'not_a_case_thread' };
      try {
        if (thread) outcome = await receiveThreadMessage(ctx, thread, conversationSlack(client));
        await answer(client, event, thread, outcome);
      } catch (error) {
        logger.error('could not handle a message in a case thread', error);
      }
    },
  );
}

const lock = 'lock';

async function answer(
  client: WebClient,
  event: unknown,
  thread: ThreadMessageEvent | undefined,
  outcome: ThreadMessageOutcome,
): Promise<void> {
  if (outcome.kind === 'not_a_case_thread') {
    await hintInDm(client, event);
    return;
  }
  if (thread?.kind !== 'posted') return;
  const tell = (text: string) =>
    client.chat.postEphemeral({
      channel: thread.channel,
      user: thread.user,
      thread_ts: thread.threadTs,
      text,
    });
  // One lock on the note itself: the thread stays readable, and everyone in it sees at a glance
  // what the requester never saw; a line "internal note" after every note would double the thread.
  if (outcome.kind === 'note')
    await client.reactions.add({ channel: thread.channel, timestamp: thread.ts, name: lock });
  if (outcome.kind === 'not_relayed' && outcome.tell) {
    await tell(
      outcome.who === 'stranger'
        ? messageText(
            md`Only the people working on case #${outcome.caseId} reach its requester from this thread: your message was not passed on.`,
          )
        : messageText(
            md`This thread is the desk’s side of your case #${outcome.caseId}: your message here was not passed on. Write to the desk in the case’s thread in your direct messages with Otto.`,
          ),
    );
  }
  if ((outcome.kind === 'relayed' || outcome.kind === 'note') && outcome.refusedFiles.length > 0) {
    const list = outcome.refusedFiles.map((f) => `${f.name} (${f.reason})`).join(', ');
    await tell(messageText(md`These files were not kept on case #${outcome.caseId} nor passed on: ${list}.`));
  }
}

/** A person's DM to Otto outside any case thread: today's pointer to the Home and the commands. */
const DirectMessage = z.object({
  channel_type: z.literal('im'),
  channel: z.string(),
  user: SlackUserId,
  ts: z.string(),
  thread_ts: z.string().optional(),
  subtype: z.never().optional(),
  bot_id: z.never().optional(),
});

async function hintInDm(client: WebClient, event: unknown): Promise<void> {
  const parsed = DirectMessage.safeParse(event);
  if (!parsed.success) return;
  await client.chat.postMessage({
    channel: parsed.data.channel,
    thread_ts: parsed.data.thread_ts,
    text: dmHint,
  });
}
