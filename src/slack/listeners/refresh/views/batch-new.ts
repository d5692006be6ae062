import type { App } from '@slack/bolt';
import { batchNameInput } from '../../../../../blocks/refresh/modals/batch-new.js';
import { creationInputs as F } from '../../../../../blocks/refresh/modals/create-options.js';
import type { ServiceContext } from '../../../../services/context.js';
import { createBatch } from '../../../../services/refresh/batches/create-batch.js';
import { ids } from '../../../ids.js';
import { refusalOnField } from '../../../plumbing/answers.js';
import { element, input, readModal } from '../../../plumbing/modal-form.js';
import { closeModal, fieldErrors, handleSubmission } from '../../../plumbing/submission.js';
import { batchNewMetadata } from '../../../values/refresh.js';
import type { KnownIds } from '../../index.js';
import { onView } from '../../register.js';
import { lookUpNewBatch } from '../actions/batch-message.js';
import { creationBlocks } from './batch-form.js';

const BatchNewForm = {
  name: input(batchNameInput, batchNameInput, element.text),
  serials: input(F.serials, F.serials, element.text),
};
const unreadable = 'Otto could not read this form; open it again with `/otto batch new`.';

/**
 * A new batch: saved before the modal closes (a bad name or paste is answered on its field),
 * then its lookup shows progress in one message where the command was typed.
 */
function submitNewBatch(ctx: ServiceContext) {
  return handleSubmission(ctx, {
    ack: async ({ view, userId, log }) => {
      const form = readModal(view, batchNewMetadata, BatchNewForm, unreadable);
      if (!form.ok) return { answer: fieldErrors({ [batchNameInput]: unreadable }) };
      try {
        const created = await createBatch(ctx, { actor: userId, ...form.values });
        return { answer: closeModal(), later: { created, channelId: form.metadata.channelId } };
      } catch (error) {
        return { answer: fieldErrors(refusalOnField(error, creationBlocks, batchNameInput, log)) };
      }
    },
    lazy: ({ created, channelId }, { userId, client, log }) =>
      lookUpNewBatch(ctx, client, { userId, channelId, created }, log),
  });
}

export function registerBatchNewView(app: App, ctx: ServiceContext, known: KnownIds): void {
  onView(app, known, ids.batchNew, submitNewBatch(ctx));
}
