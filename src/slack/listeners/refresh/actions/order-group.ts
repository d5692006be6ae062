import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import {
  renderOrderGroupDecided,
  renderOrderGroupMessage,
} from '../../../../../blocks/refresh/messages/order-group.js';
import { renderAssignModal } from '../../../../../blocks/refresh/modals/assign.js';
import { renderOrderGroupDenyModal } from '../../../../../blocks/refresh/modals/order-group-deny.js';
import { renderOrderGroupPoModal } from '../../../../../blocks/refresh/modals/order-group-po.js';
import { joinMd, type Mrkdwn, md, userMention } from '../../../../../blocks/shared/text.js';
import type { ServiceContext } from '../../../../services/context.js';
import { requireAdmin } from '../../../../services/people/access.js';
import {
  approveOrderGroup,
  getOrderGroupForDecision,
} from '../../../../services/refresh/ordering/approve-order-group.js';
import {
  getOrderGroup,
  manifestCsvFiles,
  waitingSerialsOf,
} from '../../../../services/refresh/ordering/get-order-group.js';
import {
  orderGroupMessagesOf,
  recordOrderGroupMessage,
} from '../../../../services/refresh/ordering/order-group-messages.js';
import type { OrderGroupManifest } from '../../../../services/refresh/ordering/order-group-store.js';
import { sendOrderGroupForApproval } from '../../../../services/refresh/ordering/send-order-group-for-approval.js';
import { ids } from '../../../ids.js';
import {
  answerButton,
  type Click,
  type ClickPlace,
  type Log,
  tellRefusal,
} from '../../../plumbing/button.js';
import { publishHome } from '../../../plumbing/publish-home.js';
import { type OrderGroupButtonValue, orderGroupValue } from '../../../values/refresh.js';
import type { KnownIds } from '../../index.js';
import { onAction } from '../../register.js';

/** The manifest message the button is on, when Otto may change it. */
const manifestOf = (place: ClickPlace) => (place.kind === 'message' ? place.message : undefined);

interface Showing {
  ctx: ServiceContext;
  client: WebClient;
  log: Log;
}

/**
 * Every message showing the group follows its state: the admins' manifest messages (with the
 * buttons the new status allows, and the note when given) and, once the group is decided, each
 * approver's request DM (the outcome instead of the buttons). Best effort: a message that cannot
 * be updated is logged and the change stands.
 */
export async function showOrderGroupEverywhere(
  { ctx, client, log }: Showing,
  manifest: OrderGroupManifest,
  note?: Mrkdwn,
): Promise<void> {
  const { manifests, approvalRequests } = await orderGroupMessagesOf(ctx, manifest.group.id);
  const message = renderOrderGroupMessage(manifest, note);
  for (const ref of manifests) {
    try {
      await client.chat.update({ ...ref, ...message });
    } catch (error) {
      log('could not update an order group manifest message', error);
    }
  }
  if (manifest.group.status === 'awaiting_approval') return;
  const decided = renderOrderGroupDecided(manifest);
  for (const ref of approvalRequests) {
    try {
      await client.chat.update({ ...ref, ...decided });
    } catch (error) {
      log('could not update an order group approval DM', error);
    }
  }
}

/** A manifest message clicked is remembered (it may predate the record), so later changes reach it. */
async function remember(ctx: ServiceContext, orderGroupId: number, click: Click): Promise<void> {
  const ref = manifestOf(click.place);
  if (ref && click.place.kind === 'message' && click.place.blockId === 'order_group_actions') {
    await recordOrderGroupMessage(ctx, { orderGroupId, ...ref });
  }
}

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
      answer: async (outcome, click) => {
        await tellRefusal(outcome, click);
        if (!outcome.ok && click.place.kind === 'home')
          await publishHome(ctx, click.client, click.userId, click.log);
      },
    }),
  );
}

/** A file name from the group's name: letters, digits, spaces, dots and hyphens only. */
const fileName = (name: string, part: string) =>
  `${
    name
      .replace(/[^\p{L}\p{N} .-]+/gu, '-')
      .trim()
      .slice(0, 80) || 'order-group'
  } ${part}.csv`;

/** The manifest's buttons, and the approvers' Approve and Deny (DM or Home). */
export function registerOrderGroupButtons(app: App, ctx: ServiceContext, known: KnownIds): void {
  groupButton(app, ctx, known, ids.orderGroupSend, async (value, click) => {
    await remember(ctx, value.orderGroupId, click);
    const manifest = await sendOrderGroupForApproval(ctx, {
      actor: click.userId,
      orderGroupId: value.orderGroupId,
      seenStatus: value.status,
    });
    const note = md`Sent to ${joinMd(manifest.approvers.map(userMention), md`, `)} for final approval.`;
    await showOrderGroupEverywhere(click, manifest, note);
  });

  groupButton(app, ctx, known, ids.orderGroupRecordPo, async (value, click) => {
    await requireAdmin(ctx, click.userId, 'record purchase orders');
    await remember(ctx, value.orderGroupId, click);
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

  // The manifest as CSV files in Slack: one line per ticket, and the counts.
  groupButton(app, ctx, known, ids.orderGroupCsv, async (value, click) => {
    const { userId } = click;
    const manifest = await getOrderGroup(ctx, { actor: userId, group: value.orderGroupId });
    const { tickets, counts } = manifestCsvFiles(manifest);
    const name = manifest.group.name;
    const upload = (channel_id: string) =>
      click.client.filesUploadV2({
        channel_id,
        initial_comment: `Manifest of order group ${name}: one line per ticket, and the counts.`,
        file_uploads: [
          { filename: fileName(name, 'tickets'), title: `${name}: tickets`, content: tickets },
          { filename: fileName(name, 'counts'), title: `${name}: counts`, content: counts },
        ],
      });
    const here = manifestOf(click.place)?.channel;
    try {
      if (here) {
        await upload(here);
        return;
      }
    } catch (error) {
      click.log('could not share the manifest files where asked; sending them by DM', error);
    }
    const dm = await click.client.conversations.open({ users: userId });
    if (!dm.channel?.id) throw new Error('no DM channel with the person');
    await upload(dm.channel.id);
  });

  groupButton(app, ctx, known, ids.orderGroupAssign, async (value, click) => {
    const { userId } = click;
    await remember(ctx, value.orderGroupId, click);
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
    await showOrderGroupEverywhere(click, manifest);
    if (click.place.kind === 'home') await publishHome(ctx, click.client, click.userId, click.log);
  });

  groupButton(app, ctx, known, ids.orderGroupDeny, async (value, click) => {
    const group = await getOrderGroupForDecision(ctx, {
      actor: click.userId,
      orderGroupId: value.orderGroupId,
      seenStatus: value.status,
    });
    await click.client.views.open({
      trigger_id: click.triggerId,
      view: renderOrderGroupDenyModal(group, {
        orderGroupId: group.id,
        status: group.status,
        fromHome: click.place.kind === 'home',
      }),
    });
  });
}
