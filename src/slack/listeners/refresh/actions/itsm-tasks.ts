import type { App, ButtonAction } from '@slack/bolt';
import { renderItsmTicketMessage } from '../../../../../blocks/refresh/messages/itsm-ticket.js';
import type { ServiceContext } from '../../../../services/context.js';
import { invalid } from '../../../../services/errors.js';
import {
  type BuiltinTicketStep,
  workBuiltinTicket,
} from '../../../../services/refresh/itsm/work-builtin-ticket.js';
import { ids } from '../../../ids.js';
import { explainError } from '../../../plumbing/answers.js';
import { type ItsmTicketButtonValue, itsmTicketValue } from '../../../values/refresh.js';
import type { KnownIds } from '../../register.js';
import { type ActionArgs, onAction } from '../../register.js';

const malformed = 'That button is out of date, so nothing was changed.';

/** The clicked message shows the ticket as it now is; refusals go to the clicker alone. */
async function work(
  ctx: ServiceContext,
  args: ActionArgs,
  stepOf: (value: ItsmTicketButtonValue) => BuiltinTicketStep,
) {
  await args.ack();
  const userId = args.body.user.id;
  try {
    const value = itsmTicketValue.parse((args.action as ButtonAction).value);
    if (!value) throw invalid(malformed);
    const ticket = workBuiltinTicket(ctx, {
      actor: userId,
      itsmTicketId: value.itsmTicketId,
      step: stepOf(value),
    });
    const container = args.body.container as { channel_id?: string; message_ts?: string } | undefined;
    if (container?.channel_id && container.message_ts) {
      await args.client.chat.update({
        channel: container.channel_id,
        ts: container.message_ts,
        ...renderItsmTicketMessage(ticket),
      });
    }
  } catch (error) {
    const text = explainError(error, args.logger.error.bind(args.logger));
    await args.respond({ response_type: 'ephemeral', replace_original: false, text });
  }
}

/** The built-in ITSM ticket's buttons in the support team's channel (managers and admins). */
export function registerItsmTaskActions(app: App, ctx: ServiceContext, known: KnownIds): void {
  onAction(app, known, ids.itsmTaskDone, (args: ActionArgs) =>
    work(ctx, args, (value) => {
      if (!value.taskId) throw invalid(malformed);
      return { kind: 'task_done', taskId: value.taskId };
    }),
  );
  onAction(app, known, ids.itsmTicketInstalled, (args: ActionArgs) =>
    work(ctx, args, () => ({ kind: 'installed' })),
  );
  onAction(app, known, ids.itsmTicketClosed, (args: ActionArgs) =>
    work(ctx, args, () => ({ kind: 'closed' })),
  );
}
