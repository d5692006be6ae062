import type { WebClient } from '@slack/web-api';
import {
  renderAssignProblems,
  renderAssignProgress,
  renderAssignResult,
} from '../../../../../blocks/refresh/messages/assign-progress.js';
import type { RefreshContext } from '../../../../services/refresh/context.js';
import { assignReplacements } from '../../../../services/refresh/ordering/assign-replacements.js';
import { orderGroupManifest } from '../../../../services/refresh/ordering/order-group-store.js';
import { postProgressMessage } from '../../../plumbing/progress-message.js';
import { showOrderGroupEverywhere } from './order-group.js';

/**
 * Applies a checked paste, showing its progress and then its outcome in ONE message (SPEC §5:
 * long bulk work reports progress by updating one message).
 */
export async function runAssignment(
  ctx: RefreshContext,
  client: WebClient,
  input: {
    userId: string;
    channelId: string;
    lines: string;
    orderGroupId?: number | undefined;
    groupName?: string | undefined;
  },
  total: number,
  log: (...args: unknown[]) => void,
): Promise<void> {
  const { groupName } = input;
  const message = await postProgressMessage(
    client,
    input,
    renderAssignProgress({ done: 0, total, groupName }),
    log,
  );
  const outcome = await assignReplacements(
    ctx,
    { actor: input.userId, lines: input.lines, orderGroupId: input.orderGroupId },
    (done, all) => message.show(renderAssignProgress({ done, total: all, groupName })),
  );
  await message.show(
    outcome.ok
      ? renderAssignResult(outcome, groupName)
      : renderAssignProblems(outcome.problems, outcome.total),
  );
  // The group's manifest messages count the tickets still waiting for a replacement.
  if (outcome.ok && input.orderGroupId !== undefined) {
    const manifest = await orderGroupManifest(ctx.db, input.orderGroupId);
    await showOrderGroupEverywhere({ ctx, client, log }, manifest);
  }
}
