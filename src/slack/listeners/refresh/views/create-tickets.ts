import type { App } from '@slack/bolt';
import { renderCreateTicketsResult } from '../../../../../blocks/refresh/modals/create-tickets.js';
import type { ServiceContext } from '../../../../services/context.js';
import { createTicketsFromSerials } from '../../../../services/refresh/batches/create-tickets-from-serials.js';
import { ids } from '../../../ids.js';
import { refusalOnField } from '../../../plumbing/answers.js';
import { readForm } from '../../../plumbing/modal-form.js';
import { fieldErrors, handleSubmission, replaceModal } from '../../../plumbing/submission.js';
import type { KnownIds } from '../../index.js';
import { onView } from '../../register.js';
import { CreationForm, creationBlocks, delegateFromSlack } from './batch-form.js';

/** The bulk creator's submission: looks up, creates the ready ones, and shows what it did in the modal. */
function submitTicketCreation(ctx: ServiceContext) {
  return handleSubmission(ctx, {
    ack: async ({ view, userId, client, log }) => {
      const form = readForm(
        CreationForm,
        view.state.values,
        'Otto could not read this form; open it again with `/otto create`.',
      );
      if (!form.ok) return { answer: fieldErrors(form.errors) };
      const { serials, configId, delegateUserId, noCustomer } = form.values;
      try {
        // users.info on the picked delegate decides whether they can be one: part of the answer.
        const delegate = await delegateFromSlack(client, delegateUserId);
        const result = await createTicketsFromSerials(ctx, {
          actor: userId,
          serials,
          configId,
          delegate,
          noCustomer,
        });
        return { answer: replaceModal(renderCreateTicketsResult(result)) };
      } catch (error) {
        return { answer: fieldErrors(refusalOnField(error, creationBlocks, creationBlocks.serials, log)) };
      }
    },
  });
}

export function registerCreateTicketsView(app: App, ctx: ServiceContext, known: KnownIds): void {
  onView(app, known, ids.createTickets, submitTicketCreation(ctx));
}
