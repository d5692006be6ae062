import type { App } from '@slack/bolt';
import { z } from 'zod';
import { describeLineProblems } from '../../../../../blocks/refresh/messages/assign-progress.js';
import { renderTrackingResult } from '../../../../../blocks/refresh/messages/tracking-result.js';
import { trackingLinesInput } from '../../../../../blocks/refresh/modals/tracking.js';
import type { ServiceContext } from '../../../../services/context.js';
import { enterTracking } from '../../../../services/refresh/delivery/enter-tracking.js';
import { ids } from '../../../ids.js';
import { explainError } from '../../../plumbing/answers.js';
import { trackingMetadata } from '../../../values/refresh.js';
import type { KnownIds } from '../../register.js';
import { onView, type ViewArgs } from '../../register.js';

const TrackingForm = z.object({
  [trackingLinesInput]: z.object({ [trackingLinesInput]: z.object({ value: z.string().nullish() }) }),
});

/** The paste form: bad lines (and refusals) stay on the field; a clean paste saves, closes and confirms. */
export function registerTrackingView(app: App, ctx: ServiceContext, known: KnownIds): void {
  onView(app, known, ids.trackingEntry, async ({ ack, body, view, client, logger }: ViewArgs) => {
    const log = logger.error.bind(logger);
    const errorsOn = (text: string) =>
      ack({ response_action: 'errors', errors: { [trackingLinesInput]: text.slice(0, 2000) } });
    const metadata = trackingMetadata.parse(view.private_metadata);
    const form = TrackingForm.safeParse(view.state.values);
    if (!metadata || !form.success) {
      await errorsOn('Otto could not read this form; open it again with `/otto tracking`.');
      return;
    }
    const userId = body.user.id;
    let reply: ReturnType<typeof renderTrackingResult>;
    try {
      const result = enterTracking(ctx, {
        actor: userId,
        text: form.data[trackingLinesInput][trackingLinesInput].value ?? '',
      });
      if (result.problems.length > 0) {
        await errorsOn(`Nothing was saved.\n${describeLineProblems(result.problems)}`);
        return;
      }
      reply = renderTrackingResult(result);
    } catch (error) {
      await errorsOn(explainError(error, log));
      return;
    }
    await ack();
    try {
      await client.chat.postEphemeral({ channel: metadata.channelId, user: userId, ...reply });
    } catch (error) {
      log('could not confirm the tracking numbers', error);
    }
  });
}
