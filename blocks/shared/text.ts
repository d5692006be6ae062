import type { KnownBlock, MrkdwnElement, PlainTextElement } from '@slack/types';

/** Escapes user text before it enters mrkdwn, so names cannot mention, link or format. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export const mrkdwn = (text: string): MrkdwnElement => ({ type: 'mrkdwn', text });
export const plain = (text: string): PlainTextElement => ({ type: 'plain_text', text, emoji: true });

/** Cuts text to a Block Kit limit, marking the cut. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export const userMention = (userId: string) => `<@${userId}>`;

/** How a person reads a status: one label for Slack, e-mail and every answer a service gives. */
export { statusLabel } from '../../src/domain/naming.js';

/** "…and N more." under a list cut short. */
export const moreLine = (shown: number, total: number): KnownBlock[] =>
  total > shown ? [{ type: 'context', elements: [mrkdwn(`…and ${total - shown} more.`)] }] : [];
