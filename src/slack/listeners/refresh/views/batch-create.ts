import type { App } from '@slack/bolt';
import type { ServiceContext } from '../../../../services/context.js';
import { createTicketsFromBatch } from '../../../../services/refresh/batches/create-tickets-from-batch.js';
import { ids } from '../../../ids.js';
import { batchCreateMetadata } from '../../../values/refresh.js';
import type { KnownIds } from '../../index.js';
import { onView, type ViewArgs } from '../../register.js';
import { showCreation } from '../actions/batch-message.js';
import { CreationForm, delegateFromSlack, errorsFor, readCreationForm } from './batch-form.js';

/**
 * The "Create tickets" modal of a batch: creates before answering, so a bad choice is
 * answered on its field; then the batch message shows what was created and skipped.
 */
export function registerBatchCreateView(app: App, ctx: ServiceContext, known: KnownIds): void {
  onView(app, known, ids.batchCreate, async ({ ack, body, view, client, logger }: ViewArgs) => {
    const log = logger.error.bind(logger);
    const metadata = batchCreateMetadata.parse(view.private_metadata);
    const form = CreationForm.safeParse(view.state.values);
    if (!metadata || !form.success) {
      await ack({
        response_action: 'errors',
        errors: { config: 'This form is out of date; press *Create tickets* on the batch again.' },
      });
      return;
    }
    const choices = readCreationForm(form.data);
    if (choices.configId === undefined) {
      await ack({ response_action: 'errors', errors: { config: 'Pick a refresh config.' } });
      return;
    }
    let creation: ReturnType<typeof createTicketsFromBatch>;
    try {
      const delegate = await delegateFromSlack(client, choices.delegateUserId);
      creation = createTicketsFromBatch(ctx, {
        actor: body.user.id,
        batchId: metadata.batchId,
        configId: choices.configId,
        delegate,
        noCustomer: choices.noCustomer,
      });
    } catch (error) {
      await ack({ response_action: 'errors', errors: errorsFor(error, 'config', log) });
      return;
    }
    await ack();
    await showCreation(client, ctx, { userId: body.user.id, creation }, log);
  });
}
