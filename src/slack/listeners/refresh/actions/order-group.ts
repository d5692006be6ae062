import type { App, ButtonAction } from '@slack/bolt';
import {
  renderManifestCsv,
  renderOrderGroupApproved,
  renderOrderGroupMessage,
} from '../../../../../blocks/refresh/messages/order-group.js';
import { renderAssignModal } from '../../../../../blocks/refresh/modals/assign.js';
import { renderOrderGroupPoModal } from '../../../../../blocks/refresh/modals/order-group-po.js';
import type { ServiceContext } from '../../../../services/context.js';
import { invalid } from '../../../../services/errors.js';
import { requireAdmin } from '../../../../services/people/access.js';
import { approveOrderGroup } from '../../../../services/refresh/ordering/approve-order-group.js';
import {
  getOrderGroup,
  manifestCsv,
  waitingSerialsOf,
} from '../../../../services/refresh/ordering/get-order-group.js';
import { sendOrderGroupForApproval } from '../../../../services/refresh/ordering/send-order-group-for-approval.js';
import { ids } from '../../../ids.js';
import { explainError } from '../../../plumbing/answers.js';
import { type OrderGroupButtonValue, orderGroupValue } from '../../../values/refresh.js';
import type { KnownIds } from '../../index.js';
import { type ActionArgs, onAction } from '../../register.js';
import { postWhereAsked } from './assign-run.js';

const malformed =
  'That button is out of date, so nothing was changed. Type `/otto order-group` to find the group.';

function groupButton(args: ActionArgs): OrderGroupButtonValue {
  const value = orderGroupValue.parse((args.action as ButtonAction).value);
  if (!value) throw invalid(malformed);
  return value;
}

function messageRef(args: ActionArgs) {
  const container = args.body.container as { channel_id?: string; message_ts?: string } | undefined;
  return container?.channel_id && container.message_ts
    ? { channel: container.channel_id, ts: container.message_ts }
    : undefined;
}

/** Answers only the person who clicked; the message stays as it is. */
async function answer(args: ActionArgs, error: unknown): Promise<void> {
  const text = explainError(error, args.logger.error.bind(args.logger));
  try {
    await args.respond({ response_type: 'ephemeral', replace_original: false, text });
  } catch {
    const channel = args.body.channel?.id ?? args.body.user.id;
    await args.client.chat.postEphemeral({ channel, user: args.body.user.id, text });
  }
}

/** A button's work: ack, run, and any refusal answered to the clicker alone. */
function button(app: App, known: KnownIds, actionId: string, run: (args: ActionArgs) => Promise<void>) {
  onAction(app, known, actionId, async (args: ActionArgs) => {
    await args.ack();
    try {
      await run(args);
    } catch (error) {
      await answer(args, error);
    }
  });
}

/** The manifest message's buttons and the approvers' Approve. */
export function registerOrderGroupButtons(app: App, ctx: ServiceContext, known: KnownIds): void {
  button(app, known, ids.orderGroupSend, async (args) => {
    const value = groupButton(args);
    const manifest = sendOrderGroupForApproval(ctx, {
      actor: args.body.user.id,
      orderGroupId: value.orderGroupId,
      seenStatus: value.status,
    });
    const note = `Sent to ${manifest.approvers.map((a) => `<@${a}>`).join(', ')} for final approval.`;
    const ref = messageRef(args);
    if (ref) await args.client.chat.update({ ...ref, ...renderOrderGroupMessage(manifest, note) });
  });

  button(app, known, ids.orderGroupRecordPo, async (args) => {
    const value = groupButton(args);
    requireAdmin(ctx, args.body.user.id, 'record purchase orders');
    const manifest = getOrderGroup(ctx, { actor: args.body.user.id, group: value.orderGroupId });
    const ref = messageRef(args);
    await args.client.views.open({
      trigger_id: args.body.trigger_id,
      view: renderOrderGroupPoModal(manifest.group, {
        orderGroupId: manifest.group.id,
        ...(ref ? { channelId: ref.channel, ts: ref.ts } : {}),
      }),
    });
  });

  button(app, known, ids.orderGroupCsv, async (args) => {
    const value = groupButton(args);
    const userId = args.body.user.id;
    const manifest = getOrderGroup(ctx, { actor: userId, group: value.orderGroupId });
    const channelId = messageRef(args)?.channel ?? userId;
    await postWhereAsked(
      args.client,
      { channelId, userId },
      renderManifestCsv(manifest.group.name, manifestCsv(manifest)),
      args.logger.error.bind(args.logger),
    );
  });

  button(app, known, ids.orderGroupAssign, async (args) => {
    const value = groupButton(args);
    const userId = args.body.user.id;
    const { group, lines } = waitingSerialsOf(ctx, { actor: userId, orderGroupId: value.orderGroupId });
    await args.client.views.open({
      trigger_id: args.body.trigger_id,
      view: renderAssignModal(
        {
          channelId: messageRef(args)?.channel ?? userId,
          orderGroupId: group.id,
          groupName: group.name.slice(0, 100),
        },
        lines,
      ),
    });
  });

  button(app, known, ids.orderGroupApprove, async (args) => {
    const value = groupButton(args);
    const manifest = approveOrderGroup(ctx, {
      actor: args.body.user.id,
      orderGroupId: value.orderGroupId,
      seenStatus: value.status,
    });
    const ref = messageRef(args);
    if (ref) await args.client.chat.update({ ...ref, ...renderOrderGroupApproved(manifest) });
  });
}
