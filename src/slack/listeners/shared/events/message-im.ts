import type { AllMiddlewareArgs, App, SlackEventMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { md, messageText } from '../../../../../blocks/shared/text.js';
import { SlackUserId } from '../../../../domain/slack-ids.js';

// Only a person's own new message: edits, joins and bot messages carry a subtype or bot_id.
const PersonMessage = z.object({
  channel_type: z.literal('im'),
  channel: z.string(),
  user: SlackUserId,
  ts: z.string(),
  thread_ts: z.string().optional(),
  subtype: z.never().optional(),
  bot_id: z.never().optional(),
});

export const dmHint = messageText(
  md`Hi! I’m Otto. Your refresh and anything waiting for you are on my *Home* tab; type \`/otto help\` to see my commands.`,
);

export function registerMessageIm(app: App): void {
  app.event(
    'message',
    async ({ event, client, logger }: AllMiddlewareArgs & SlackEventMiddlewareArgs<'message'>) => {
      const parsed = PersonMessage.safeParse(event);
      if (!parsed.success) return;
      try {
        await client.chat.postMessage({
          channel: parsed.data.channel,
          thread_ts: parsed.data.thread_ts,
          text: dmHint,
        });
      } catch (error) {
        logger.error('could not answer a direct message', error);
      }
    },
  );
}
