import type { App } from '@slack/bolt';
import { describeLineProblems } from '../../../../../blocks/refresh/messages/assign-progress.js';
import { renderTrackingResult } from '../../../../../blocks/refresh/messages/tracking-result.js';
import { trackingLinesInput } from '../../../../../blocks/refresh/modals/tracking.js';
import type { ServiceContext } from '../../../../services/context.js';
import { enterTracking } from '../../../../services/refresh/delivery/enter-tracking.js';
import { ids } from '../../../ids.js';
import { explainError } from '../../../plumbing/answers.js';
import { element, input, readModal } from '../../../plumbing/modal-form.js';
import { closeModal, fieldErrors, handleSubmission } from '../../../plumbing/submission.js';
import { trackingMetadata } from '../../../values/refresh.js';
import type { KnownIds } from '../../register.js';
import { onView } from '../../register.js';

const TrackingForm = { lines: input(trackingLinesInput, trackingLinesInput, element.text) };
const unreadable = 'Otto could not read this form; open it again with `/otto tracking`.';

const errorsOn = (text: string) => fieldErrors({ [trackingLinesInput]: text.slice(0, 2000) });

/** The paste form: bad lines (and refusals) stay on the field; a clean paste saves, closes and confirms. */
function submitTracking(ctx: ServiceContext) {
  return handleSubmission(ctx, {
    ack: async ({ view, userId, log }) => {
      const form = readModal(view, trackingMetadata, TrackingForm, unreadable);
      if (!form.ok) return { answer: errorsOn(unreadable) };
      const { metadata } = form;
      try {
        const result = await enterTracking(ctx, { actor: userId, text: form.values.lines });
        if (result.problems.length > 0) {
          return { answer: errorsOn(`Nothing was saved.\n${describeLineProblems(result.problems)}`) };
        }
        return { answer: closeModal(), later: { reply: renderTrackingResult(result), metadata } };
      } catch (error) {
        return { answer: errorsOn(explainError(error, log)) };
      }
    },
    lazy: async ({ reply, metadata }, { userId, client }) => {
      await client.chat.postEphemeral({ channel: metadata.channelId, user: userId, ...reply });
    },
  });
}

export function registerTrackingView(app: App, ctx: ServiceContext, known: KnownIds): void {
  onView(app, known, ids.trackingEntry, submitTracking(ctx));
}
