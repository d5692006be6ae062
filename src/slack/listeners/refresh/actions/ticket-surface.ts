import type { ModalView } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import { digestRowBlockPrefix, renderApproverDigest } from '../../../../../blocks/refresh/messages/digest.js';
import {
  cardActionsBlock,
  renderTicketCard,
  ticketCardModal,
  ticketNoticeModal,
} from '../../../../../blocks/refresh/messages/ticket-card.js';
import { forActor, messageText, type SlackMessage } from '../../../../../blocks/shared/text.js';
import type { ServiceContext } from '../../../../services/context.js';
import { approvalRequestMessages } from '../../../../services/refresh/approvals/approval-request-messages.js';
import { digestMessagesOffering } from '../../../../services/refresh/digest/digest-messages.js';
import { getTicketCard } from '../../../../services/refresh/tickets/ticket-card.js';
import { explainError } from '../../../plumbing/answers.js';
import {
  type Answering,
  answerButton,
  type ClickPlace,
  noteByDm,
  postToResponseUrl,
} from '../../../plumbing/button.js';
import { publishHome } from '../../../plumbing/publish-home.js';
import {
  cardModalMetadata,
  type TicketButtonValue,
  type TicketSource,
  ticketValue,
} from '../../../values/refresh.js';

/** Where a ticket button was clicked, as a ticket form remembers it; undefined when Otto cannot answer there. */
function sourceOf(place: ClickPlace): TicketSource | undefined {
  if (place.kind === 'home') return { kind: 'home' };
  if (place.kind === 'modal') {
    const card = cardModalMetadata.parse(place.metadata);
    return { kind: 'modal', viewId: place.viewId, fromHome: card?.fromHome ?? false };
  }
  if (place.responseUrl) {
    return {
      kind: 'message',
      responseUrl: place.responseUrl,
      card: place.blockId === cardActionsBlock,
      ...(place.blockId?.startsWith(digestRowBlockPrefix) ? { digestRow: true } : {}),
    };
  }
  return undefined;
}

export interface Outcome {
  ok: boolean;
  /**
   * What the person is told: the result, or why nothing changed. Plain text, escaped where it is
   * shown; a mention of a Slack id stays one (see forActor).
   */
  note: string;
  ticketId?: number | undefined;
  /** What an approval DM becomes after a decision made from it. */
  replacement?: SlackMessage | undefined;
}

/** The card for the viewer now, or a notice when they can no longer see it. */
async function cardModal(
  answering: Answering,
  ticketId: number,
  fromHome: boolean,
  note: string,
): Promise<ModalView> {
  try {
    const card = await getTicketCard(answering.ctx, { actor: answering.userId, ticket: ticketId });
    return ticketCardModal(card, { fromHome, note: forActor(note) });
  } catch (error) {
    return ticketNoticeModal(
      `Refresh #${ticketId}`,
      forActor(`${note}\n\n${explainError(error, answering.log)}`),
    );
  }
}

const republishHome = (a: Answering) => publishHome(a.ctx, a.client, a.userId, a.log);

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
      await republishHome(answering);
      if (!outcome.ok) await noteByDm(answering, outcome.note);
      return;
    }
    if (source.kind === 'modal') {
      const view =
        outcome.ticketId === undefined
          ? ticketNoticeModal('Otto', forActor(outcome.note))
          : await cardModal(answering, outcome.ticketId, source.fromHome, outcome.note);
      await answering.client.views.update({ view_id: source.viewId, view });
      if (source.fromHome) await republishHome(answering);
      return;
    }
    if (source.card && outcome.ticketId !== undefined) {
      let card: SlackMessage;
      try {
        card = renderTicketCard(
          await getTicketCard(answering.ctx, { actor: answering.userId, ticket: outcome.ticketId }),
          forActor(outcome.note),
        );
      } catch (error) {
        card = {
          text: messageText(forActor(`${outcome.note} ${explainError(error, answering.log)}`)),
          blocks: [],
        };
      }
      await postToResponseUrl(source.responseUrl, {
        replace_original: true,
        text: card.text,
        ...(card.blocks.length > 0 ? { blocks: card.blocks } : {}),
      });
      return;
    }
    // The digest's row was settled with every other copy of it (settleApprovalRequests).
    if (outcome.ok && source.digestRow) return;
    if (outcome.ok && outcome.replacement) {
      await postToResponseUrl(source.responseUrl, { replace_original: true, ...outcome.replacement });
      return;
    }
    await postToResponseUrl(source.responseUrl, {
      response_type: 'ephemeral',
      replace_original: false,
      text: messageText(forActor(outcome.note)),
    });
  } catch (error) {
    answering.log('could not answer a ticket action where it came from', error);
  }
}

/**
 * After a decision, every approver's request DM for the ticket shows the outcome instead of
 * buttons, and every digest offering it shows the outcome on its row (the other rows keep their
 * buttons), so nobody acts on a decided ticket. Best effort: a DM that cannot be updated stays.
 */
export async function settleApprovalRequests(
  answering: Answering,
  ticketId: number,
  decided: SlackMessage,
): Promise<void> {
  for (const { channel, ts } of await approvalRequestMessages(answering.ctx, ticketId)) {
    try {
      await answering.client.chat.update({ channel, ts, text: decided.text, blocks: decided.blocks });
    } catch (error) {
      answering.log('could not update an approval request DM', error);
    }
  }
  for (const digest of await digestMessagesOffering(answering.ctx, ticketId)) {
    const { text, blocks } = renderApproverDigest(digest.view, digest.decisions);
    try {
      await answering.client.chat.update({ channel: digest.channel, ts: digest.ts, text, blocks });
    } catch (error) {
      answering.log('could not update a digest DM', error);
    }
  }
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
 * A button on a ticket, answered the one way buttons are (`answerButton`): a forged or stale value
 * is answered and nothing runs; otherwise `run` acts, and its outcome (or the refusal it throws) is
 * answered where the button was. `run` returns nothing when it answered itself, e.g. by opening a modal.
 */
export function onTicketButton(
  ctx: ServiceContext,
  run: (button: TicketButton) => Promise<Outcome | undefined> | Outcome | undefined,
) {
  return answerButton<TicketButtonValue, Outcome | undefined>(ctx, {
    read: (click) => ticketValue.parse(click.raw),
    staleNote: staleButtonNote,
    run: (value, click) =>
      run({ value, source: sourceOf(click.place), answering: click, triggerId: click.triggerId }),
    answer: async (outcome, click) => {
      const source = sourceOf(click.place);
      if (!outcome.ok) {
        await answerTicketAction(click, source, {
          ok: false,
          note: outcome.note,
          ticketId: outcome.value?.ticketId,
        });
      } else if (outcome.result) {
        await answerTicketAction(click, source, outcome.result);
      }
    },
  });
}
