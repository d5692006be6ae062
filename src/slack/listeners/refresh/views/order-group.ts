import type { App } from '@slack/bolt';
import { renderOrderGroupMessage } from '../../../../../blocks/refresh/messages/order-group.js';
import { orderGroupDenyReasonBlock } from '../../../../../blocks/refresh/modals/order-group-deny.js';
import { orderGroupNewInputs as F } from '../../../../../blocks/refresh/modals/order-group-new.js';
import { poInputs } from '../../../../../blocks/refresh/modals/order-group-po.js';
import { md, userMention } from '../../../../../blocks/shared/text.js';
import type { ServiceContext } from '../../../../services/context.js';
import { createOrderGroup } from '../../../../services/refresh/ordering/create-order-group.js';
import { denyOrderGroup } from '../../../../services/refresh/ordering/deny-order-group.js';
import { getOrderGroup } from '../../../../services/refresh/ordering/get-order-group.js';
import { recordOrderGroupMessage } from '../../../../services/refresh/ordering/order-group-messages.js';
import { recordOrderGroupPo } from '../../../../services/refresh/ordering/record-order-group-po.js';
import { ids } from '../../../ids.js';
import { refusalOnField } from '../../../plumbing/answers.js';
import { element, input, inputBlocksOf, readModal } from '../../../plumbing/modal-form.js';
import { postWhereAsked, updateOrPost } from '../../../plumbing/progress-message.js';
import { publishHome } from '../../../plumbing/publish-home.js';
import { closeModal, fieldErrors, handleSubmission } from '../../../plumbing/submission.js';
import {
  orderGroupDenyMetadata,
  orderGroupNewMetadata,
  orderGroupPoMetadata,
} from '../../../values/refresh.js';
import type { KnownIds } from '../../index.js';
import { onView } from '../../register.js';
import { showOrderGroupEverywhere } from '../actions/order-group.js';

const idOf = element.choice.transform((value) => (value ? Number(value) : undefined));
const NewForm = {
  name: input(F.name, F.name, element.text),
  unitId: input(F.unit, F.unit, idOf),
  configId: input(F.config, F.config, idOf),
  modelId: input(F.model, F.model, idOf),
};
const PoForm = {
  poNumber: input(poInputs.poNumber, poInputs.poNumber, element.text),
  requestItem: input(poInputs.requestItem, poInputs.requestItem, element.text),
};

const unreadableNew = 'Otto could not read this form; open it again with `/otto order-group new`.';

/** The new group is made before the modal closes; its manifest is posted where the command was typed. */
function submitNewOrderGroup(ctx: ServiceContext) {
  return handleSubmission(ctx, {
    ack: async ({ view, userId, log }) => {
      const form = readModal(view, orderGroupNewMetadata, NewForm, unreadableNew);
      if (!form.ok) return { answer: fieldErrors({ [F.name]: unreadableNew }) };
      try {
        const created = await createOrderGroup(ctx, { actor: userId, ...form.values });
        return {
          answer: closeModal(),
          later: { groupId: created.groupId, channelId: form.metadata.channelId },
        };
      } catch (error) {
        // No match is said beside the unit when the form has the filters (optional selects), else the name.
        const filters = inputBlocksOf(view).has(F.unit) ? F.unit : undefined;
        return { answer: fieldErrors(refusalOnField(error, { name: F.name, filters }, F.name, log)) };
      }
    },
    lazy: async ({ groupId, channelId }, { userId, client, log }) => {
      const manifest = await getOrderGroup(ctx, { actor: userId, group: groupId });
      const posted = await postWhereAsked(
        client,
        { channelId, userId },
        renderOrderGroupMessage(manifest),
        log,
      );
      if (posted) await recordOrderGroupMessage(ctx, { orderGroupId: groupId, ...posted });
    },
  });
}

const unreadablePo = 'Otto could not read this form; open it again from the order group.';

/** PO and request item: field refusals stay in the form; the manifest message shows them after. */
function submitOrderGroupPo(ctx: ServiceContext) {
  return handleSubmission(ctx, {
    ack: async ({ view, userId, log }) => {
      const form = readModal(view, orderGroupPoMetadata, PoForm, unreadablePo);
      if (!form.ok) return { answer: fieldErrors({ [poInputs.poNumber]: unreadablePo }) };
      const { metadata, values } = form;
      try {
        const manifest = await recordOrderGroupPo(ctx, {
          actor: userId,
          orderGroupId: metadata.orderGroupId,
          ...values,
        });
        return { answer: closeModal(), later: { manifest, metadata } };
      } catch (error) {
        return { answer: fieldErrors(refusalOnField(error, poInputs, poInputs.poNumber, log)) };
      }
    },
    lazy: async ({ manifest, metadata }, { userId, client, log }) => {
      const note = md`PO recorded by ${userMention(userId)}.`;
      const manifestRef =
        metadata.channelId && metadata.ts ? { channel: metadata.channelId, ts: metadata.ts } : undefined;
      const where = { channelId: metadata.channelId ?? userId, userId };
      const shown = await updateOrPost(
        client,
        manifestRef,
        where,
        renderOrderGroupMessage(manifest, note),
        log,
      );
      if (shown) await recordOrderGroupMessage(ctx, { orderGroupId: manifest.group.id, ...shown });
      await showOrderGroupEverywhere({ ctx, client, log }, manifest, note);
    },
  });
}

const DenyForm = { reason: input(orderGroupDenyReasonBlock, orderGroupDenyReasonBlock, element.text) };
const unreadableDeny = 'Otto could not read this form; press Deny on the order group again.';

/** An approver denies an order group with a reason: every message showing it follows. */
function submitOrderGroupDenial(ctx: ServiceContext) {
  return handleSubmission(ctx, {
    ack: async ({ view, userId, log }) => {
      const form = readModal(view, orderGroupDenyMetadata, DenyForm, unreadableDeny);
      if (!form.ok) return { answer: fieldErrors({ [orderGroupDenyReasonBlock]: unreadableDeny }) };
      const { metadata, values } = form;
      try {
        const manifest = await denyOrderGroup(ctx, {
          actor: userId,
          orderGroupId: metadata.orderGroupId,
          seenStatus: metadata.status,
          reason: values.reason,
        });
        return { answer: closeModal(), later: { manifest, fromHome: metadata.fromHome } };
      } catch (error) {
        return {
          answer: fieldErrors(
            refusalOnField(error, { reason: orderGroupDenyReasonBlock }, orderGroupDenyReasonBlock, log),
          ),
        };
      }
    },
    lazy: async ({ manifest, fromHome }, { userId, client, log }) => {
      await showOrderGroupEverywhere({ ctx, client, log }, manifest);
      if (fromHome) await publishHome(ctx, client, userId, log);
    },
  });
}

export function registerOrderGroupViews(app: App, ctx: ServiceContext, known: KnownIds): void {
  onView(app, known, ids.orderGroupNew, submitNewOrderGroup(ctx));
  onView(app, known, ids.orderGroupPoForm, submitOrderGroupPo(ctx));
  onView(app, known, ids.orderGroupDenyForm, submitOrderGroupDenial(ctx));
}
