import type { App, ButtonAction } from '@slack/bolt';
import { plural } from '../../../../../blocks/refresh/messages/batch.js';
import { renderBatchCreateModal } from '../../../../../blocks/refresh/modals/batch-create.js';
import type { ServiceContext } from '../../../../services/context.js';
import { conflict, invalid } from '../../../../services/errors.js';
import { requireAdmin } from '../../../../services/people/access.js';
import { getBatch } from '../../../../services/refresh/batches/get-batch.js';
import { recordBatchMessage } from '../../../../services/refresh/batches/record-batch-message.js';
import { ids } from '../../../ids.js';
import { explainError } from '../../../plumbing/answers.js';
import { batchValue } from '../../../values/refresh.js';
import type { KnownIds } from '../../index.js';
import { type ActionArgs, onAction } from '../../register.js';
import { lookUpWithProgress } from './batch-message.js';
import { configSelectFor } from './create-config-options.js';

const malformed = 'That button is out of date, so nothing was changed. Type `/otto batch` to find the batch.';

function batchIdOf(args: ActionArgs): number {
  const value = batchValue.parse((args.action as ButtonAction).value);
  if (!value) throw invalid(malformed);
  return value.batchId;
}

/** Answers only the person who clicked, leaving the batch message as it is. */
async function answer(args: ActionArgs, error: unknown): Promise<void> {
  const text = explainError(error, args.logger.error.bind(args.logger));
  try {
    await args.respond({ response_type: 'ephemeral', replace_original: false, text });
  } catch {
    const channel = args.body.channel?.id ?? args.body.user.id;
    await args.client.chat.postEphemeral({ channel, user: args.body.user.id, text });
  }
}

/** "Create tickets" on a batch message opens the modal (config, delegate, no customer). */
export function registerBatchCreateButton(app: App, ctx: ServiceContext, known: KnownIds): void {
  onAction(app, known, ids.batchCreateTickets, async (args: ActionArgs) => {
    await args.ack();
    const userId = args.body.user.id;
    try {
      requireAdmin(ctx, userId, 'create refresh tickets');
      const batch = getBatch(ctx, { actor: userId, batch: batchIdOf(args) });
      if (batch.counts.ready === 0) {
        throw conflict(
          batch.ticketsCreated > 0
            ? `Nothing to create: the ${plural(batch.ticketsCreated, 'ticket')} of batch “${batch.name}” ${batch.ticketsCreated === 1 ? 'exists' : 'exist'} already and no other serial is ready.`
            : `No serial of batch “${batch.name}” is ready. Fix the inventory, then press *Look up again*.`,
        );
      }
      await args.client.views.open({
        trigger_id: args.body.trigger_id,
        view: renderBatchCreateModal({
          batch: { id: batch.id, name: batch.name, ready: batch.counts.ready },
          configs: configSelectFor(ctx, userId, batch.configId),
        }),
      });
    } catch (error) {
      await answer(args, error);
    }
  });
}

/** "Look up again" (after fixing the inventory): the clicked message shows the new lookup. */
export function registerBatchLookUpAgainButton(app: App, ctx: ServiceContext, known: KnownIds): void {
  onAction(app, known, ids.batchLookUpAgain, async (args: ActionArgs) => {
    await args.ack();
    const userId = args.body.user.id;
    const log = args.logger.error.bind(args.logger);
    try {
      requireAdmin(ctx, userId, 'look up batches');
      const batch = getBatch(ctx, { actor: userId, batch: batchIdOf(args) });
      const container = args.body.container as { channel_id?: string; message_ts?: string } | undefined;
      const ref =
        container?.channel_id && container.message_ts
          ? { channel: container.channel_id, ts: container.message_ts }
          : undefined;
      if (ref) recordBatchMessage(ctx, { batchId: batch.id, ...ref });
      await lookUpWithProgress(args.client, ctx, { batchId: batch.id, userId, ref }, log);
    } catch (error) {
      await answer(args, error);
    }
  });
}
