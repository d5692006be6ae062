import { rescheduleModal } from '../../../../../blocks/refresh/modals/reschedule.js';
import { getRescheduleForm } from '../../../../services/refresh/booking/reschedule.js';
import type { SubcommandInteraction, SubcommandReply } from '../../../plumbing/subcommands.js';
import { type TicketFormMetadata, ticketFormMetadata } from '../../../values/refresh.js';
import { openBulkReschedule } from '../actions/reschedule.js';

/**
 * `/otto reschedule <number|serial>` opens a manager's reschedule form for one ticket;
 * `/otto reschedule` alone opens the admins' bulk form. Refusals come back as the reply.
 */
export async function rescheduleSubcommand(i: SubcommandInteraction): Promise<SubcommandReply | undefined> {
  const ref = i.words.join(' ').trim();
  if (!ref) {
    await openBulkReschedule(i.ctx, i.client, {
      userId: i.userId,
      triggerId: i.triggerId,
      channelId: i.channelId,
    });
    return undefined;
  }
  const form = await getRescheduleForm(i.ctx, { actor: i.userId, ticket: ref });
  const metadata: TicketFormMetadata = {
    ticketId: form.ticketId,
    status: form.status,
    source: { kind: 'command' },
  };
  await i.client.views.open({
    trigger_id: i.triggerId,
    view: rescheduleModal(form, ticketFormMetadata.encode(metadata)),
  });
  return undefined;
}
