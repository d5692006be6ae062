import type { BlockAction } from '@slack/bolt';
import type { KnownBlock, ModalView } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import {
  renderTicketCard,
  ticketCardModal,
  ticketNoticeModal,
} from '../../../../../blocks/refresh/messages/ticket-card.js';
import { renderHome } from '../../../../../blocks/shared/home.js';
import type { ServiceContext } from '../../../../services/context.js';
import { getHome } from '../../../../services/home/get-home.js';
import { approvalRequestMessages } from '../../../../services/refresh/approvals/approval-request-messages.js';
import { getTicketCard } from '../../../../services/refresh/tickets/ticket-card.js';
import { explainError } from '../../../plumbing/answers.js';
import {
  cardModalMetadata,
  type TicketButtonValue,
  type TicketSource,
  ticketValue,
} from '../../../values/refresh.js';
import type { ActionArgs } from '../../register.js';

/** Block id of the card's buttons: a click there re-renders the card it came from. */
export const cardActionsBlock = 'ticket_card_actions';

export function sourceOf(body: BlockAction): TicketSource | undefined {
  if (body.view?.type === 'home') return { kind: 'home' };
  if (body.view?.type === 'modal') {
    const card = cardModalMetadata.parse(body.view.private_metadata);
    return { kind: 'modal', viewId: body.view.id, fromHome: card?.fromHome ?? false };
  }
  if (body.response_url) {
    return {
      kind: 'message',
      responseUrl: body.response_url,
      card: body.actions[0]?.block_id === cardActionsBlock,
    };
  }
  return undefined;
}

/** The ticket and status a button carries; undefined for a forged or malformed value. */
export function buttonValue(body: BlockAction): TicketButtonValue | undefined {
  const action = body.actions[0];
  return ticketValue.parse(action && 'value' in action ? action.value : undefined);
}

export interface Outcome {
  ok: boolean;
  /** What the person is told: the result, or why nothing changed. */
  note: string;
  ticketId?: number | undefined;
  /** What an approval DM becomes after a decision made from it. */
  replacement?: { text: string; blocks: KnownBlock[] } | undefined;
}

export interface Answering {
  ctx: ServiceContext;
  client: WebClient;
  userId: string;
  log: (...args: unknown[]) => void;
}

async function postToResponseUrl(url: string, body: Record<string, unknown>): Promise<void> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`response_url answered ${response.status}`);
}

export async function publishHome({ ctx, client, userId }: Answering): Promise<void> {
  await client.views.publish({ user_id: userId, view: renderHome(getHome(ctx, userId)) });
}

/** A note to the person where they will see it after a Home click: Otto's DM with them. */
async function noteByDm({ client, userId }: Answering, text: string): Promise<void> {
  await client.chat.postMessage({ channel: userId, text });
}

/** The card for the viewer now, or a notice when they can no longer see it. */
function cardModal(answering: Answering, ticketId: number, fromHome: boolean, note: string): ModalView {
  try {
    const card = getTicketCard(answering.ctx, { actor: answering.userId, ticket: ticketId });
    return ticketCardModal(card, { fromHome, note });
  } catch (error) {
    return ticketNoticeModal(`Refresh #${ticketId}`, `${note}\n\n${explainError(error, answering.log)}`);
  }
}

/**
 * Answers a ticket button or form where it came from: the Home is re-published (a refusal also
 * comes by DM), a card is re-rendered with the note on top, an approval DM is replaced by the
 * decision or answered ephemerally. Failures to answer are logged; the change stands.
 */
export async function answerTicketAction(
  answering: Answering,
  source: TicketSource | undefined,
  outcome: Outcome,
): Promise<void> {
  try {
    if (!source || source.kind === 'command') {
      await noteByDm(answering, outcome.note);
      return;
    }
    if (source.kind === 'home') {
      await publishHome(answering);
      if (!outcome.ok) await noteByDm(answering, outcome.note);
      return;
    }
    if (source.kind === 'modal') {
      const view =
        outcome.ticketId === undefined
          ? ticketNoticeModal('Otto', outcome.note)
          : cardModal(answering, outcome.ticketId, source.fromHome, outcome.note);
      await answering.client.views.update({ view_id: source.viewId, view });
      if (source.fromHome) await publishHome(answering);
      return;
    }
    if (source.card && outcome.ticketId !== undefined) {
      let card: { text: string; blocks: KnownBlock[] };
      try {
        card = renderTicketCard(
          getTicketCard(answering.ctx, { actor: answering.userId, ticket: outcome.ticketId }),
          outcome.note,
        );
      } catch (error) {
        card = { text: `${outcome.note} ${explainError(error, answering.log)}`, blocks: [] };
      }
      await postToResponseUrl(source.responseUrl, {
        replace_original: true,
        text: card.text,
        ...(card.blocks.length > 0 ? { blocks: card.blocks } : {}),
      });
      return;
    }
    if (outcome.ok && outcome.replacement) {
      await postToResponseUrl(source.responseUrl, { replace_original: true, ...outcome.replacement });
      return;
    }
    await postToResponseUrl(source.responseUrl, {
      response_type: 'ephemeral',
      replace_original: false,
      text: outcome.note,
    });
  } catch (error) {
    answering.log('could not answer a ticket action where it came from', error);
  }
}

/**
 * After a decision, every approver's request DM for the ticket shows the outcome instead of
 * buttons, so nobody acts on a decided ticket. Best effort: a DM that cannot be updated stays.
 */
export async function settleApprovalRequests(
  answering: Answering,
  ticketId: number,
  decided: { text: string; blocks: KnownBlock[] },
): Promise<void> {
  for (const { channel, ts } of approvalRequestMessages(answering.ctx, ticketId)) {
    try {
      await answering.client.chat.update({ channel, ts, text: decided.text, blocks: decided.blocks });
    } catch (error) {
      answering.log('could not update an approval request DM', error);
    }
  }
}

/** The outcome of a service call that failed: its explanation, nothing changed. */
export function refusal(error: unknown, log: (...args: unknown[]) => void, ticketId?: number): Outcome {
  return { ok: false, note: explainError(error, log), ticketId };
}

/** Opens a form over where the button was: pushed over a card modal, else a new modal. */
export async function openForm(
  client: WebClient,
  triggerId: string,
  source: TicketSource | undefined,
  view: ModalView,
): Promise<void> {
  if (source?.kind === 'modal') await client.views.push({ trigger_id: triggerId, view });
  else await client.views.open({ trigger_id: triggerId, view });
}

export const staleButtonNote = 'That button is out of date or damaged, so nothing was changed.';

export interface TicketButton {
  value: TicketButtonValue;
  source: TicketSource | undefined;
  answering: Answering;
  triggerId: string;
}

/**
 * The one shape of a button on a ticket: acked at once; a forged or stale value is answered and
 * nothing runs; otherwise `run` acts, and its outcome (or the refusal it throws) is answered where
 * the button was. `run` returns nothing when it answered itself, e.g. by opening a modal.
 */
export async function onTicketButton(
  ctx: ServiceContext,
  { ack, body, client, logger }: ActionArgs,
  run: (button: TicketButton) => Promise<Outcome | undefined> | Outcome | undefined,
): Promise<void> {
  await ack();
  const answering: Answering = { ctx, client, userId: body.user.id, log: logger.error.bind(logger) };
  const source = sourceOf(body);
  const value = buttonValue(body);
  let outcome: Outcome | undefined;
  if (!value) {
    outcome = { ok: false, note: staleButtonNote };
  } else {
    try {
      outcome = await run({ value, source, answering, triggerId: body.trigger_id });
    } catch (error) {
      outcome = refusal(error, answering.log, value.ticketId);
    }
  }
  if (outcome) await answerTicketAction(answering, source, outcome);
}
