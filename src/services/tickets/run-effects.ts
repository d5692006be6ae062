import type { Tx } from '../../../db/client.js';
import type { RefreshEffect } from '../../domain/refresh/index.js';
import { enqueueCustomerNotice, enqueueNotice } from '../../effects/outbox.js';
import type { ServiceContext } from '../context.js';
import type { TicketRow } from './load-ticket.js';
import { approversOf, customerRecipient } from './recipients.js';

const customerTexts = {
  submitted: (id: number) => ({
    subject: `Refresh #${id}: we have your choices`,
    text: `Thanks! Otto has your choices for refresh #${id}.`,
  }),
  approved: (id: number) => ({
    subject: `Refresh #${id} was approved`,
    text: `Your refresh #${id} was approved and goes to ordering.`,
  }),
  denied: (id: number) => ({
    subject: `Refresh #${id} needs another look`,
    text: `Your refresh #${id} was not approved as requested. Open Otto to see why and choose again.`,
  }),
} as const;

/**
 * Turns the effects of a transition into outbox rows, inside the transaction that saved it,
 * so the notices leave only if the change is committed (SPEC §3).
 */
export function enqueueTicketEffects(
  tx: Tx,
  ctx: Pick<ServiceContext, 'links'>,
  ticket: TicketRow,
  effects: readonly RefreshEffect[],
  now: Date,
): void {
  for (const effect of effects) {
    if (effect.type === 'notify_customer') {
      const recipient = customerRecipient(tx, ticket);
      if (!recipient) continue;
      const { subject, text } = customerTexts[effect.notice](ticket.id);
      enqueueCustomerNotice(
        tx,
        {
          slackUserId: recipient.slackUserId,
          email: recipient.email,
          notice: effect.notice,
          text,
          subject,
          data: { title: subject, intro: text, action: { label: 'Open Otto', url: ctx.links.openApp } },
          ticketId: ticket.id,
        },
        now,
      );
    } else if (effect.type === 'notify_approvers') {
      for (const approver of approversOf(tx, ticket.configId)) {
        enqueueNotice(
          tx,
          {
            channel: 'slack_dm',
            recipient: approver,
            notice: 'approval_requested',
            payload: {
              text: `Refresh #${ticket.id} needs your approval. Open Otto’s Home tab to approve or deny it.`,
            },
            ticketId: ticket.id,
          },
          now,
        );
      }
    }
    // lookup_replacement and invite_to_schedule belong to the ordering and scheduling issues.
  }
}
