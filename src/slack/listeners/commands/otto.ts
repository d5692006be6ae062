import type { AllMiddlewareArgs, App, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { SlackUserId } from '../../../domain/slack-ids.js';
import type { ServiceContext } from '../../../services/context.js';
import { explainError } from '../../answers.js';
import { subcommands } from './subcommands.js';

const OttoCommand = z.object({ user_id: SlackUserId, text: z.string().max(4000).default('') });

export function registerOttoCommand(app: App, ctx: ServiceContext): void {
  app.command('/otto', async ({ command, ack, logger }: AllMiddlewareArgs & SlackCommandMiddlewareArgs) => {
    const parsed = OttoCommand.safeParse(command);
    if (!parsed.success) {
      await ack({ response_type: 'ephemeral', text: 'Otto could not read that command.' });
      return;
    }
    const [name = 'help', ...words] = parsed.data.text.trim().split(/\s+/).filter(Boolean);
    const subcommand = subcommands.find((s) => s.name === name.toLowerCase());
    if (!subcommand) {
      await ack({
        response_type: 'ephemeral',
        text: `Otto has no \`${name.slice(0, 40)}\` command. Type \`/otto help\` to see what it can do.`,
      });
      return;
    }
    try {
      const reply = subcommand.run(ctx, parsed.data.user_id, words);
      await ack({ response_type: 'ephemeral', ...reply });
    } catch (error) {
      await ack({ response_type: 'ephemeral', text: explainError(error, logger.error.bind(logger)) });
    }
  });
}
