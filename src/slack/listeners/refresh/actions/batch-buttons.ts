import type { App } from '@slack/bolt';
import { creatableCount, plural } from '../../../../../blocks/refresh/messages/batch.js';
import { renderBatchCreateModal } from '../../../../../blocks/refresh/modals/batch-create.js';
import type { ServiceContext } from '../../../../services/context.js';
import { conflict } from '../../../../services/errors.js';
import { requireAdmin } from '../../../../services/people/access.js';
import { getBatch } from '../../../../services/refresh/batches/get-batch.js';
import { recordBatchMessage } from '../../../../services/refresh/batches/record-batch-message.js';
import { ids } from '../../../ids.js';
import { answerButton, type Click, tellRefusal } from '../../../plumbing/button.js';
import { type BatchButtonValue, batchValue } from '../../../values/refresh.js';
import type { KnownIds } from '../../index.js';
import { onAction } from '../../register.js';
import { lookUpWithProgress } from './batch-message.js';
import { configSelectFor } from './create-config-options.js';

/** A batch message's button: its value read through its pair, refusals answered to the clicker alone. */
function batchButton(ctx: ServiceContext, run: (value: BatchButtonValue, click: Click) => Promise<void>) {
  return answerButton(ctx, {
    read: (click) => batchValue.parse(click.raw),
    staleNote: 'That button is out of date, so nothing was changed. Type `/otto batch` to find the batch.',
    run,
    answer: tellRefusal,
  });
}

/** "Create tickets" on a batch message opens the modal (config, delegate, no customer). */
export function registerBatchCreateButton(app: App, ctx: ServiceContext, known: KnownIds): void {
  onAction(
    app,
    known,
    ids.batchCreateTickets,
    batchButton(ctx, async ({ batchId }, { userId, client, triggerId }) => {
      await requireAdmin(ctx, userId, 'create refresh tickets');
      const batch = await getBatch(ctx, { actor: userId, batch: batchId });
      const creatable = creatableCount(batch.counts);
      if (creatable === 0) {
        throw conflict(
          batch.ticketsCreated > 0
            ? `Nothing to create: the ${plural(batch.ticketsCreated, 'ticket')} of batch “${batch.name}” ${batch.ticketsCreated === 1 ? 'exists' : 'exist'} already and no other serial is ready.`
            : `No serial of batch “${batch.name}” is ready. Fix the inventory, then press *Look up again*.`,
        );
      }
      await client.views.open({
        trigger_id: triggerId,
        view: renderBatchCreateModal({
          batch: { id: batch.id, name: batch.name, ready: creatable, withoutUser: batch.counts.no_user },
          configs: await configSelectFor(ctx, userId, batch.configId),
        }),
      });
    }),
  );
}

/** "Look up again" (after fixing the inventory): the clicked message shows the new lookup. */
export function registerBatchLookUpAgainButton(app: App, ctx: ServiceContext, known: KnownIds): void {
  onAction(
    app,
    known,
    ids.batchLookUpAgain,
    batchButton(ctx, async ({ batchId }, { userId, client, place, log }) => {
      await requireAdmin(ctx, userId, 'look up batches');
      const batch = await getBatch(ctx, { actor: userId, batch: batchId });
      const ref = place.kind === 'message' ? place.message : undefined;
      if (ref) await recordBatchMessage(ctx, { batchId: batch.id, ...ref });
      await lookUpWithProgress(client, ctx, { batchId: batch.id, userId, ref }, log);
    }),
  );
}
