import type { App } from '@slack/bolt';
import type { ServiceContext } from '../../../../services/context.js';
import { createTicketsFromBatch } from '../../../../services/refresh/batches/create-tickets-from-batch.js';
import { ids } from '../../../ids.js';
import { refusalOnField } from '../../../plumbing/answers.js';
import { readModal } from '../../../plumbing/modal-form.js';
import { closeModal, fieldErrors, handleSubmission } from '../../../plumbing/submission.js';
import { batchCreateMetadata } from '../../../values/refresh.js';
import type { KnownIds } from '../../index.js';
import { onView } from '../../register.js';
import { showCreation } from '../actions/batch-message.js';
import { CreationForm, creationBlocks, delegateFromSlack } from './batch-form.js';

const outOfDate = 'This form is out of date; press *Create tickets* on the batch again.';

/**
 * The "Create tickets" modal of a batch: creates before answering, so a bad choice is
 * answered on its field; then the batch message shows what was created and skipped.
 */
function submitBatchCreation(ctx: ServiceContext) {
  return handleSubmission(ctx, {
    ack: async ({ view, userId, client, log }) => {
      const form = readModal(view, batchCreateMetadata, CreationForm, outOfDate);
      if (!form.ok) {
        // No field errors: the metadata itself is out of date.
        const errors =
          Object.keys(form.errors).length > 0 ? form.errors : { [creationBlocks.config]: outOfDate };
        return { answer: fieldErrors(errors) };
      }
      const {
        metadata,
        values: { configId, delegateUserId, noCustomer },
      } = form;
      try {
        // users.info on the picked delegate decides whether they can be one: part of the answer.
        const delegate = await delegateFromSlack(client, delegateUserId);
        const creation = await createTicketsFromBatch(ctx, {
          actor: userId,
          batchId: metadata.batchId,
          configId,
          delegate,
          noCustomer,
        });
        return { answer: closeModal(), later: creation };
      } catch (error) {
        return { answer: fieldErrors(refusalOnField(error, creationBlocks, creationBlocks.config, log)) };
      }
    },
    lazy: (creation, { userId, client, log }) => showCreation(client, ctx, { userId, creation }, log),
  });
}

export function registerBatchCreateView(app: App, ctx: ServiceContext, known: KnownIds): void {
  onView(app, known, ids.batchCreate, submitBatchCreation(ctx));
}
