import { renderTrackingResult } from '../../../../../blocks/refresh/messages/tracking-result.js';
import { renderTrackingModal } from '../../../../../blocks/refresh/modals/tracking.js';
import { notAllowed } from '../../../../services/errors.js';
import { isManager } from '../../../../services/people/access.js';
import { enterTracking } from '../../../../services/refresh/delivery/enter-tracking.js';
import type { SubcommandInteraction, SubcommandReply } from '../../../plumbing/subcommands.js';

/**
 * `/otto tracking <ticket|serial> <number>` for one, lines of them pasted after the command for
 * many, or alone to open the paste form. Every line is checked; one bad line saves nothing.
 */
export async function trackingSubcommand(i: SubcommandInteraction): Promise<SubcommandReply | undefined> {
  const { ctx, userId, rest, client } = i;
  if (!(await isManager(ctx, userId)))
    throw notAllowed('Only refresh managers and admins can enter tracking numbers.');
  if (rest.trim() === '') {
    await client.views.open({
      trigger_id: i.triggerId,
      view: renderTrackingModal({ channelId: i.channelId }),
    });
    return undefined;
  }
  return renderTrackingResult(await enterTracking(ctx, { actor: userId, text: rest }));
}
