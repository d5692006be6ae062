import type { App } from '@slack/bolt';
import { renderItsmTicketMessage } from '../../../../../blocks/refresh/messages/itsm-ticket.js';
import type { ServiceContext } from '../../../../services/context.js';
import { invalid } from '../../../../services/errors.js';
import {
  type BuiltinTicketStep,
  workBuiltinTicket,
} from '../../../../services/refresh/itsm/work-builtin-ticket.js';
import { ids } from '../../../ids.js';
import { answerButton, tellRefusal } from '../../../plumbing/button.js';
import { type ItsmTicketButtonValue, itsmTicketValue } from '../../../values/refresh.js';
import type { KnownIds } from '../../register.js';
import { onAction } from '../../register.js';

const malformed = 'That button is out of date, so nothing was changed.';

/** The clicked message shows the ticket as it now is; refusals go to the clicker alone. */
function work(ctx: ServiceContext, stepOf: (value: ItsmTicketButtonValue) => BuiltinTicketStep) {
  return answerButton(ctx, {
    read: (click) => itsmTicketValue.parse(click.raw),
    staleNote: malformed,
    run: async (value: ItsmTicketButtonValue, { userId, client, place }) => {
      const ticket = await workBuiltinTicket(ctx, {
        actor: userId,
        itsmTicketId: value.itsmTicketId,
        step: stepOf(value),
      });
      const ref = place.kind === 'message' ? place.message : undefined;
      if (ref) await client.chat.update({ ...ref, ...renderItsmTicketMessage(ticket) });
    },
    answer: tellRefusal,
  });
}

/** The built-in ITSM ticket's buttons in the support team's channel (managers and admins). */
export function registerItsmTaskActions(app: App, ctx: ServiceContext, known: KnownIds): void {
  onAction(
    app,
    known,
    ids.itsmTaskDone,
    work(ctx, (value) => {
      if (!value.taskId) throw invalid(malformed);
      return { kind: 'task_done', taskId: value.taskId };
    }),
  );
  onAction(
    app,
    known,
    ids.itsmTicketInstalled,
    work(ctx, () => ({ kind: 'installed' })),
  );
  onAction(
    app,
    known,
    ids.itsmTicketClosed,
    work(ctx, () => ({ kind: 'closed' })),
  );
}
