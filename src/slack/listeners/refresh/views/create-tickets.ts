import type { App } from '@slack/bolt';
import { renderCreateTicketsResult } from '../../../../../blocks/refresh/modals/create-tickets.js';
import type { ServiceContext } from '../../../../services/context.js';
import { createTicketsFromSerials } from '../../../../services/refresh/batches/create-tickets-from-serials.js';
import { ids } from '../../../ids.js';
import type { KnownIds } from '../../index.js';
import { onView, type ViewArgs } from '../../register.js';
import { CreationForm, delegateFromSlack, errorsFor, readCreationForm } from './batch-form.js';

/** The bulk creator's submission: looks up, creates the ready ones, and shows what it did in the modal. */
export function registerCreateTicketsView(app: App, ctx: ServiceContext, known: KnownIds): void {
  onView(app, known, ids.createTickets, async ({ ack, body, view, client, logger }: ViewArgs) => {
    const log = logger.error.bind(logger);
    const form = CreationForm.safeParse(view.state.values);
    if (!form.success) {
      await ack({
        response_action: 'errors',
        errors: { serials: 'Otto could not read this form; open it again with `/otto create`.' },
      });
      return;
    }
    const choices = readCreationForm(form.data);
    if (choices.configId === undefined) {
      await ack({ response_action: 'errors', errors: { config: 'Pick a refresh config.' } });
      return;
    }
    let result: ReturnType<typeof createTicketsFromSerials>;
    try {
      const delegate = await delegateFromSlack(client, choices.delegateUserId);
      result = createTicketsFromSerials(ctx, {
        actor: body.user.id,
        serials: choices.serials,
        configId: choices.configId,
        delegate,
        noCustomer: choices.noCustomer,
      });
    } catch (error) {
      await ack({ response_action: 'errors', errors: errorsFor(error, 'serials', log) });
      return;
    }
    await ack({ response_action: 'update', view: renderCreateTicketsResult(result) });
  });
}
