import type { WebClient } from '@slack/web-api';
import {
  renderAssignProblems,
  renderAssignProgress,
  renderAssignResult,
} from '../../../../../blocks/refresh/messages/assign-progress.js';
import type { RefreshContext } from '../../../../services/refresh/context.js';
import { assignReplacements } from '../../../../services/refresh/ordering/assign-replacements.js';

type Log = (...args: unknown[]) => void;
type Message = { text: string; blocks?: unknown[] };

export interface MessageRef {
  channel: string;
  ts: string;
}

/** Posts where the admin asked; the bot's DM when it cannot post there (not a member). */
export async function postWhereAsked(
  client: WebClient,
  input: { channelId: string; userId: string },
  message: Message,
  log: Log,
): Promise<MessageRef | undefined> {
  const targets =
    input.channelId && input.channelId !== input.userId ? [input.channelId, input.userId] : [input.userId];
  const failures: unknown[] = [];
  for (const channel of targets) {
    try {
      const posted = await client.chat.postMessage({ channel, ...(message as { text: string }) });
      if (posted.channel && posted.ts) return { channel: posted.channel, ts: posted.ts };
    } catch (error) {
      failures.push(error);
    }
  }
  log(`could not post to ${targets.join(' or ')}`, ...failures);
  return undefined;
}

async function update(client: WebClient, ref: MessageRef | undefined, message: Message, log: Log) {
  if (!ref) return;
  try {
    await client.chat.update({ channel: ref.channel, ts: ref.ts, ...(message as { text: string }) });
  } catch (error) {
    log(`could not update the assignment message ${ref.channel}/${ref.ts}`, error);
  }
}

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
  log: Log,
): Promise<void> {
  const ref = await postWhereAsked(
    client,
    input,
    renderAssignProgress({ done: 0, total, groupName: input.groupName }),
    log,
  );
  const outcome = await assignReplacements(
    ctx,
    { actor: input.userId, lines: input.lines, orderGroupId: input.orderGroupId },
    (done, all) =>
      update(client, ref, renderAssignProgress({ done, total: all, groupName: input.groupName }), log),
  );
  // The existence lookup runs in the background; the message does not wait for the ITSM.
  if (outcome.ok && outcome.assigned.length > 0) ctx.refresh?.replacementsQueued?.();
  await update(
    client,
    ref,
    outcome.ok
      ? renderAssignResult(outcome, input.groupName)
      : renderAssignProblems(outcome.problems, outcome.total),
    log,
  );
}
