import type { BlockAction, ViewStateValue } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import { forActor, type Mrkdwn, messageText } from '../../../blocks/shared/text.js';
import type { ServiceContext } from '../../services/context.js';
import type { ActionArgs } from '../listeners/register.js';
import { explainError } from './answers.js';
import type { MessageRef } from './progress-message.js';

export type Log = (...args: unknown[]) => void;

/** Who is being answered, and the means to answer them. */
export interface Answering {
  readonly ctx: ServiceContext;
  readonly client: WebClient;
  readonly userId: string;
  readonly log: Log;
}

/** Where a click was made, so the answer goes back there. */
export type ClickPlace =
  | { readonly kind: 'home' }
  | {
      readonly kind: 'modal';
      readonly viewId: string;
      readonly hash: string | undefined;
      readonly metadata: string;
      /** What the modal's inputs hold at the click. */
      readonly values: Record<string, Record<string, ViewStateValue>>;
    }
  | {
      readonly kind: 'message';
      /** The conversation, for an ephemeral answer. */
      readonly channelId: string | undefined;
      /** The message itself, when Otto may change it (not an ephemeral one). */
      readonly message: MessageRef | undefined;
      readonly responseUrl: string | undefined;
      readonly blockId: string | undefined;
    };

export interface Click extends Answering {
  readonly triggerId: string;
  /** What the clicked element carries as Slack sent it: a button's value, a select's chosen option. */
  readonly raw: string | undefined;
  readonly place: ClickPlace;
}

/**
 * What a click came to: the verb's result, or why nothing changed (with the value, when it was
 * readable). The note is plain text for the person who clicked: it is escaped where it is shown,
 * and only a mention of a Slack id stays one (see forActor).
 */
export type ClickOutcome<V, R> =
  | { readonly ok: true; readonly value: V; readonly result: R }
  | { readonly ok: false; readonly value: V | undefined; readonly note: string };

export interface ButtonAnswer<V, R> {
  /** The click's typed value (use a `SlackValue` pair); undefined when it is forged, damaged or out of date. */
  read(click: Click): V | undefined;
  /** What the person is told when `read` finds nothing usable. */
  staleNote: string;
  /** Calls the verb. A refusal it throws is explained to the person; nothing else runs. */
  run(value: V, click: Click): R | Promise<R>;
  /** Answers where the click was: the result, or why nothing changed. A failure here is logged. */
  answer(outcome: ClickOutcome<V, R>, click: Click): void | Promise<void>;
}

function placeOf(body: BlockAction): ClickPlace {
  const view = body.view;
  if (view?.type === 'home') return { kind: 'home' };
  if (view?.type === 'modal') {
    return {
      kind: 'modal',
      viewId: view.id,
      hash: view.hash,
      metadata: view.private_metadata,
      values: view.state?.values ?? {},
    };
  }
  const container = body.container as { channel_id?: string; message_ts?: string } | undefined;
  return {
    kind: 'message',
    channelId: body.channel?.id ?? container?.channel_id,
    message:
      container?.channel_id && container.message_ts
        ? { channel: container.channel_id, ts: container.message_ts }
        : undefined,
    responseUrl: body.response_url || undefined,
    blockId: body.actions[0]?.block_id,
  };
}

function rawOf(body: BlockAction): string | undefined {
  const action = body.actions[0] as { value?: unknown; selected_option?: { value?: unknown } | null };
  const raw = action?.value ?? action?.selected_option?.value;
  return typeof raw === 'string' ? raw : undefined;
}

/**
 * The one way Otto answers a button (or a select): acked at once; the value is read through its
 * typed pair, and a forged or stale one is answered and nothing runs; otherwise the verb runs, and
 * its result, or the refusal it throws, is answered where the click was.
 */
export function answerButton<V, R>(ctx: ServiceContext, spec: ButtonAnswer<V, R>) {
  return async ({ ack, body, client, logger }: ActionArgs): Promise<void> => {
    await ack();
    const click: Click = {
      ctx,
      client,
      userId: body.user.id,
      log: logger.error.bind(logger),
      triggerId: body.trigger_id,
      raw: rawOf(body),
      place: placeOf(body),
    };
    const value = spec.read(click);
    let outcome: ClickOutcome<V, R>;
    if (value === undefined) {
      outcome = { ok: false, value, note: spec.staleNote };
    } else {
      try {
        outcome = { ok: true, value, result: await spec.run(value, click) };
      } catch (error) {
        outcome = { ok: false, value, note: explainError(error, click.log) };
      }
    }
    try {
      await spec.answer(outcome, click);
    } catch (error) {
      click.log('could not answer a click where it was made', error);
    }
  };
}

/** Posts to a response_url (an interaction's message, ephemeral or not). */
export async function postToResponseUrl(url: string, body: Record<string, unknown>): Promise<void> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`response_url answered ${response.status}`);
}

/** A note in Otto's DM with the person: where they see it after a click on the Home or in a modal. */
export async function noteByDm({ client, userId }: Answering, note: string): Promise<void> {
  await client.chat.postMessage({ channel: userId, text: messageText(forActor(note)) });
}

/**
 * A note to the person who clicked, and to nobody else: under the message they clicked (the
 * message stays as it is), or by DM after a click on the Home or in a modal.
 */
export async function tellClicker(click: Click, note: string): Promise<void> {
  const { place } = click;
  if (place.kind !== 'message') {
    await noteByDm(click, note);
    return;
  }
  const text = messageText(forActor(note));
  if (place.responseUrl) {
    try {
      await postToResponseUrl(place.responseUrl, {
        response_type: 'ephemeral',
        replace_original: false,
        text,
      });
      return;
    } catch (error) {
      click.log('could not answer through the response_url; answering ephemerally', error);
    }
  }
  await click.client.chat.postEphemeral({
    channel: place.channelId ?? click.userId,
    user: click.userId,
    text,
  });
}

/** Refusals go to the clicker alone; a verb that succeeded has answered by itself. */
export async function tellRefusal(outcome: ClickOutcome<unknown, unknown>, click: Click): Promise<void> {
  if (!outcome.ok) await tellClicker(click, outcome.note);
}

/**
 * Redraws the modal the click came from with the verb's view (a choice that changes what a form
 * asks); a refusal goes to the clicker. The hash makes an update of a form that has changed since
 * fail instead of overwriting it.
 */
export async function redrawModal(outcome: ClickOutcome<unknown, ModalView>, click: Click): Promise<void> {
  const { place } = click;
  if (!outcome.ok || place.kind !== 'modal') {
    await tellRefusal(outcome, click);
    return;
  }
  await click.client.views.update({ view_id: place.viewId, hash: place.hash, view: outcome.result });
}

/** Opens a modal over the click: the verb's view, or a notice built from why nothing opened. */
export function openModalWith<V>(notice: (note: Mrkdwn) => ModalView) {
  return async (outcome: ClickOutcome<V, ModalView>, click: Click): Promise<void> => {
    await click.client.views.open({
      trigger_id: click.triggerId,
      view: outcome.ok ? outcome.result : notice(forActor(outcome.note)),
    });
  };
}
