import type { App } from '@slack/bolt';
import { z } from 'zod';
import { renderOrderGroupMessage } from '../../../../../blocks/refresh/messages/order-group.js';
import { orderGroupNewInputs as F } from '../../../../../blocks/refresh/modals/order-group-new.js';
import { poInputs } from '../../../../../blocks/refresh/modals/order-group-po.js';
import type { ServiceContext } from '../../../../services/context.js';
import { ServiceError } from '../../../../services/errors.js';
import {
  createOrderGroup,
  OrderGroupFieldError,
} from '../../../../services/refresh/ordering/create-order-group.js';
import { getOrderGroup } from '../../../../services/refresh/ordering/get-order-group.js';
import {
  PoFieldError,
  recordOrderGroupPo,
} from '../../../../services/refresh/ordering/record-order-group-po.js';
import { ids } from '../../../ids.js';
import { explainError } from '../../../plumbing/answers.js';
import { postWhereAsked, updateOrPost } from '../../../plumbing/progress-message.js';
import { orderGroupNewMetadata, orderGroupPoMetadata } from '../../../values/refresh.js';
import type { KnownIds } from '../../index.js';
import { onView, type ViewArgs } from '../../register.js';

const text = z.object({ value: z.string().nullish() });
const choice = z.object({ selected_option: z.object({ value: z.string() }).nullish() });
const NewForm = z.object({
  [F.name]: z.object({ [F.name]: text }),
  [F.unit]: z.object({ [F.unit]: choice }).optional(),
  [F.config]: z.object({ [F.config]: choice }).optional(),
  [F.model]: z.object({ [F.model]: choice }).optional(),
});
const PoForm = z.object({
  [poInputs.poNumber]: z.object({ [poInputs.poNumber]: text }),
  [poInputs.requestItem]: z.object({ [poInputs.requestItem]: text }),
});

const idOf = (picked: { selected_option?: { value: string } | null } | undefined) => {
  const value = picked?.selected_option?.value;
  return value ? Number(value) : undefined;
};

export function registerOrderGroupViews(app: App, ctx: ServiceContext, known: KnownIds): void {
  /** The new group is made before the modal closes; its manifest is posted where the command was typed. */
  onView(app, known, ids.orderGroupNew, async ({ ack, body, view, client, logger }: ViewArgs) => {
    const log = logger.error.bind(logger);
    const metadata = orderGroupNewMetadata.parse(view.private_metadata);
    const form = NewForm.safeParse(view.state.values);
    if (!metadata || !form.success) {
      await ack({
        response_action: 'errors',
        errors: { [F.name]: 'Otto could not read this form; open it again with `/otto order-group new`.' },
      });
      return;
    }
    const userId = body.user.id;
    const values = form.data;
    let created: ReturnType<typeof createOrderGroup>;
    try {
      created = createOrderGroup(ctx, {
        actor: userId,
        name: values[F.name][F.name].value ?? '',
        unitId: idOf(values[F.unit]?.[F.unit]),
        configId: idOf(values[F.config]?.[F.config]),
        modelId: idOf(values[F.model]?.[F.model]),
      });
    } catch (error) {
      // No match is said beside the name too: the filters are optional selects that may be absent.
      const message = error instanceof ServiceError ? error.message : explainError(error, log);
      const field =
        error instanceof OrderGroupFieldError && error.field === 'filters' && values[F.unit]
          ? F.unit
          : F.name;
      await ack({ response_action: 'errors', errors: { [field]: message } });
      return;
    }
    await ack();
    const manifest = getOrderGroup(ctx, { actor: userId, group: created.groupId });
    await postWhereAsked(
      client,
      { channelId: metadata.channelId, userId },
      renderOrderGroupMessage(manifest),
      log,
    );
  });

  /** PO and request item: field refusals stay in the form; the manifest message shows them after. */
  onView(app, known, ids.orderGroupPoForm, async ({ ack, body, view, client, logger }: ViewArgs) => {
    const log = logger.error.bind(logger);
    const metadata = orderGroupPoMetadata.parse(view.private_metadata);
    const form = PoForm.safeParse(view.state.values);
    if (!metadata || !form.success) {
      await ack({
        response_action: 'errors',
        errors: { [poInputs.poNumber]: 'Otto could not read this form; open it again from the order group.' },
      });
      return;
    }
    const userId = body.user.id;
    let manifest: ReturnType<typeof recordOrderGroupPo>;
    try {
      manifest = recordOrderGroupPo(ctx, {
        actor: userId,
        orderGroupId: metadata.orderGroupId,
        poNumber: form.data[poInputs.poNumber][poInputs.poNumber].value ?? '',
        requestItem: form.data[poInputs.requestItem][poInputs.requestItem].value ?? '',
      });
    } catch (error) {
      const field =
        error instanceof PoFieldError && error.field === 'requestItem'
          ? poInputs.requestItem
          : poInputs.poNumber;
      const message = error instanceof ServiceError ? error.message : explainError(error, log);
      await ack({ response_action: 'errors', errors: { [field]: message } });
      return;
    }
    await ack();
    const message = renderOrderGroupMessage(manifest, `PO recorded by <@${userId}>.`);
    const manifestRef =
      metadata.channelId && metadata.ts ? { channel: metadata.channelId, ts: metadata.ts } : undefined;
    await updateOrPost(
      client,
      manifestRef,
      { channelId: metadata.channelId ?? userId, userId },
      message,
      log,
    );
  });
}
