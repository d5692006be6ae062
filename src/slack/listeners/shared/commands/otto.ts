import type { AllMiddlewareArgs, App, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { md, messageText, plainMessageText } from '../../../../../blocks/shared/text.js';
import { SlackUserId } from '../../../../domain/slack-ids.js';
import type { ServiceContext } from '../../../../services/context.js';
import { explainErrorText } from '../../../plumbing/answers.js';
import { subcommands } from '../../../plumbing/subcommands.js';

const OttoCommand = z.object({
  user_id: SlackUserId,
  text: z.string().max(40_000).default(''),
  trigger_id: z.string().default(''),
  channel_id: z.string().default(''),
});

export function registerOttoCommand(app: App, ctx: ServiceContext): void {
  app.command(
    '/otto',
    async ({ command, ack, respond, client, logger }: AllMiddlewareArgs & SlackCommandMiddlewareArgs) => {
      const parsed = OttoCommand.safeParse(command);
      if (!parsed.success) {
        await ack({
          response_type: 'ephemeral',
          text: plainMessageText('Otto could not read that command.'),
        });
        return;
      }
      const { user_id: userId, text, trigger_id: triggerId, channel_id: channelId } = parsed.data;
      const trimmed = text.trim();
      const name = trimmed.split(/\s+/, 1)[0] || 'help';
      const rest = trimmed.slice(name.length).trim();
      const words = rest.split(/\s+/).filter(Boolean);
      const subcommand = subcommands.find((s) => s.name === name.toLowerCase());
      if (!subcommand) {
        await ack({
          response_type: 'ephemeral',
          text: messageText(
            md`Otto has no \`${name.slice(0, 40)}\` command. Type \`/otto help\` to see what it can do.`,
          ),
        });
        return;
      }
      const log = logger.error.bind(logger);
      if (subcommand.run) {
        try {
          await ack({ response_type: 'ephemeral', ...(await subcommand.run(ctx, userId, words)) });
        } catch (error) {
          await ack({ response_type: 'ephemeral', text: explainErrorText(error, log) });
        }
        return;
      }
      await ack();
      try {
        const reply = await subcommand.open?.({
          ctx,
          userId,
          words,
          rest,
          channelId,
          triggerId,
          client,
          log,
        });
        if (reply) await respond({ response_type: 'ephemeral', ...reply });
      } catch (error) {
        await respond({ response_type: 'ephemeral', text: explainErrorText(error, log) });
      }
    },
  );
}
