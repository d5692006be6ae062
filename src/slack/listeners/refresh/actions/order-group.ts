import type { App } from '@slack/bolt';
import {
  renderManifestCsv,
  renderOrderGroupApproved,
  renderOrderGroupMessage,
} from '../../../../../blocks/refresh/messages/order-group.js';
import { renderAssignModal } from '../../../../../blocks/refresh/modals/assign.js';
import { renderOrderGroupPoModal } from '../../../../../blocks/refresh/modals/order-group-po.js';
import { joinMd, md, userMention } from '../../../../../blocks/shared/text.js';
import type { ServiceContext } from '../../../../services/context.js';
import { requireAdmin } from '../../../../services/people/access.js';
import { approveOrderGroup } from '../../../../services/refresh/ordering/approve-order-group.js';
import {
  getOrderGroup,
  manifestCsv,
  waitingSerialsOf,
} from '../../../../services/refresh/ordering/get-order-group.js';
import { sendOrderGroupForApproval } from '../../../../services/refresh/ordering/send-order-group-for-approval.js';
import { ids } from '../../../ids.js';
import { answerButton, type Click, type ClickPlace, tellRefusal } from '../../../plumbing/button.js';
import { postWhereAsked } from '../../../plumbing/progress-message.js';
import { type OrderGroupButtonValue, orderGroupValue } from '../../../values/refresh.js';
import type { KnownIds } from '../../index.js';
import { onAction } from '../../register.js';

/** The manifest message the button is on, when Otto may change it. */
const manifestOf = (place: ClickPlace) => (place.kind === 'message' ? place.message : undefined);

/** A manifest button: its value read through its pair, refusals answered to the clicker alone. */
function groupButton(
  app: App,
  ctx: ServiceContext,
  known: KnownIds,
  actionId: string,
  run: (value: OrderGroupButtonValue, click: Click) => Promise<void>,
): void {
  onAction(
    app,
    known,
    actionId,
    answerButton(ctx, {
      read: (click) => orderGroupValue.parse(click.raw),
      staleNote:
        'That button is out of date, so nothing was changed. Type `/otto order-group` to find the group.',
      run,
      answer: tellRefusal,
    }),
  );
}

/** The manifest message's buttons and the approvers' Approve. */
export function registerOrderGroupButtons(app: App, ctx: ServiceContext, known: KnownIds): void {
  groupButton(app, ctx, known, ids.orderGroupSend, async (value, click) => {
    const manifest = await sendOrderGroupForApproval(ctx, {
      actor: click.userId,
      orderGroupId: value.orderGroupId,
      seenStatus: value.status,
    });
    const note = md`Sent to ${joinMd(manifest.approvers.map(userMention), md`, `)} for final approval.`;
    const ref = manifestOf(click.place);
    if (ref) await click.client.chat.update({ ...ref, ...renderOrderGroupMessage(manifest, note) });
  });

  groupButton(app, ctx, known, ids.orderGroupRecordPo, async (value, click) => {
    await requireAdmin(ctx, click.userId, 'record purchase orders');
    const manifest = await getOrderGroup(ctx, { actor: click.userId, group: value.orderGroupId });
    const ref = manifestOf(click.place);
    await click.client.views.open({
      trigger_id: click.triggerId,
      view: renderOrderGroupPoModal(manifest.group, {
        orderGroupId: manifest.group.id,
        ...(ref ? { channelId: ref.channel, ts: ref.ts } : {}),
      }),
    });
  });

  groupButton(app, ctx, known, ids.orderGroupCsv, async (value, click) => {
    const { userId } = click;
    const manifest = await getOrderGroup(ctx, { actor: userId, group: value.orderGroupId });
    const channelId = manifestOf(click.place)?.channel ?? userId;
    await postWhereAsked(
      click.client,
      { channelId, userId },
      renderManifestCsv(manifest.group.name, manifestCsv(manifest)),
      click.log,
    );
  });

  groupButton(app, ctx, known, ids.orderGroupAssign, async (value, click) => {
    const { userId } = click;
    const { group, lines } = await waitingSerialsOf(ctx, { actor: userId, orderGroupId: value.orderGroupId });
    await click.client.views.open({
      trigger_id: click.triggerId,
      view: renderAssignModal(
        {
          channelId: manifestOf(click.place)?.channel ?? userId,
          orderGroupId: group.id,
          groupName: group.name.slice(0, 100),
        },
        lines,
      ),
    });
  });

  groupButton(app, ctx, known, ids.orderGroupApprove, async (value, click) => {
    const manifest = await approveOrderGroup(ctx, {
      actor: click.userId,
      orderGroupId: value.orderGroupId,
      seenStatus: value.status,
    });
    const ref = manifestOf(click.place);
    if (ref) await click.client.chat.update({ ...ref, ...renderOrderGroupApproved(manifest) });
  });
}
