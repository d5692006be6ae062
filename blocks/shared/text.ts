import type { KnownBlock, MrkdwnElement, PlainTextElement } from '@slack/types';
import { formatMoment } from '../../src/domain/calendar/format-date-time.js';

// Every mrkdwn string Otto sends is a Mrkdwn value, and only this module makes one: `md` escapes
// each value put into it (Slack's rule: & < > become &amp; &lt; &gt;), and the few helpers that
// write a control on purpose (a mention of a Slack user id, a date, a link to Otto's own pages)
// check what they are given. So a name like `<!channel>` or `<http://evil|click>` reaches Slack
// as text, in blocks and in the notification `text` alike, unless someone asks for a control.
// Formatting characters (* _ ~ `) are not escaped: Slack has no escape for them, and they only
// change how a name looks.

const made = Symbol('Mrkdwn');

/** Mrkdwn Otto vouches for: built by `md` or the helpers here, never from a bare string. */
export class Mrkdwn {
  readonly text: string;
  constructor(token: typeof made, text: string) {
    if (token !== made) throw new TypeError('Mrkdwn is made with md`…`');
    this.text = text;
  }
  toString(): string {
    return this.text;
  }
}

const trusted = (text: string) => new Mrkdwn(made, text);

/** What `md` takes: Mrkdwn as it is, text escaped, numbers written out. */
export type MrkdwnValue = Mrkdwn | string | number;

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const written = (value: MrkdwnValue) =>
  value instanceof Mrkdwn ? value.text : typeof value === 'number' ? String(value) : escapeText(value);

// Otto's own words may hold `<` and `&` as text (`/otto ticket <number>`, "Q&A"): controls come
// only from the helpers below. `>` stays, for block quotes.
const literal = (text: string | undefined) => (text ?? '').replace(/&/g, '&amp;').replace(/</g, '&lt;');

/**
 * Mrkdwn from a template: the literal parts are Otto's own markup (* _ ~ ` >, never a control),
 * every `${value}` is escaped unless it is Mrkdwn already: `md\`*${name}* approved\`` bolds the
 * name and nothing in it acts.
 */
export function md(literals: TemplateStringsArray, ...values: MrkdwnValue[]): Mrkdwn {
  let text = literal(literals[0]);
  values.forEach((value, i) => {
    text += written(value) + literal(literals[i + 1]);
  });
  return trusted(text);
}

/** Parts joined by a separator (`md\`\\n\``, `md\`, \``), each escaped unless Mrkdwn already. */
export function joinMd(parts: readonly MrkdwnValue[], separator: Mrkdwn): Mrkdwn {
  return trusted(parts.map(written).join(separator.text));
}

/** The lines given, one per line; false, null, undefined and empty ones are left out. */
export function mdLines(lines: ReadonlyArray<MrkdwnValue | false | null | undefined>): Mrkdwn {
  return joinMd(
    lines.filter(
      (line): line is MrkdwnValue => line !== false && line !== null && line !== undefined && line !== '',
    ),
    md`\n`,
  );
}

/**
 * A sentence Otto's services wrote for the person acting (an error, the note after a button),
 * shown to them alone: escaped like any text, except that a mention of a Slack user id
 * (`approved by <@U…>`) stays a mention. In a reply only they see, a mention pings nobody;
 * broadcasts (`<!channel>`), channel links and links stay text.
 */
export function forActor(text: string): Mrkdwn {
  return trusted(escapeText(text).replace(/&lt;@([UW][A-Z0-9]{2,})&gt;/g, '<@$1>'));
}

/** Text as a block quote: each of its lines behind `>`. */
export function quoted(text: string): Mrkdwn {
  return joinMd(
    text.split('\n').map((line) => md`>${line}`),
    md`\n`,
  );
}

/** Slack user ids (U… or W…); anything else is shown as text, never as a mention. */
const slackUserId = /^[UW][A-Z0-9]{2,}$/;

export const isSlackUserId = (id: string) => slackUserId.test(id);

/** A mention of a Slack user by id (from Slack, not from what someone typed). */
export function userMention(userId: string): Mrkdwn {
  return isSlackUserId(userId) ? trusted(`<@${userId}>`) : md`${userId}`;
}

/** A mention of a channel by id (from Slack, not from what someone typed): Slack shows its name. */
export function channelMention(channelId: string): Mrkdwn {
  return /^[CG][A-Z0-9]{2,}$/.test(channelId) ? trusted(`<#${channelId}>`) : md`${channelId}`;
}

/**
 * Slack shows the instant in the reader's own time zone ("today at 10:05"); where it cannot,
 * the fallback is Otto's local text for `timeZone` (the organisation's or the team's).
 */
export function slackDate(at: Date, timeZone: string): Mrkdwn {
  return trusted(
    `<!date^${Math.floor(at.getTime() / 1000)}^{date_short_pretty} at {time}|${formatMoment(at, timeZone)}>`,
  );
}

/** A link to an http(s) address Otto made (its calendar feeds); anything else is shown as text. */
export function link(url: string, label: MrkdwnValue): Mrkdwn {
  if (!/^https?:\/\/[^\s<>|]+$/.test(url)) return md`${label}`;
  return trusted(`<${escapeText(url)}|${written(label)}>`);
}

/** The longest entity Otto writes (`&amp;`): a cut this close after a `&` would split it. */
const ENTITY_MAX = '&amp;'.length;

/** The end of a prefix of at most `max` UTF-16 units that splits no surrogate pair. */
function cutAt(text: string, max: number): number {
  const code = text.charCodeAt(max - 1);
  return code >= 0xd800 && code <= 0xdbff ? max - 1 : max;
}

/** Cuts text to a Block Kit limit, marking the cut; an emoji is never split in half. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, cutAt(text, max - 1))}…`;
}

/** What a text input starts with, cut to the input's max_length (no marker: it is the value itself). */
export function fitInput(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, cutAt(text, max));
}

/** Cuts mrkdwn to a limit without splitting an entity (`&amp;`) or a control (`<@U1>`, `<!date…>`). */
export function truncateMd(value: Mrkdwn, max: number): Mrkdwn {
  const text = value.text;
  if (text.length <= max) return value;
  let end = cutAt(text, max - 1);
  const open = text.lastIndexOf('<', end - 1);
  if (open > text.lastIndexOf('>', end - 1)) end = open;
  const amp = text.lastIndexOf('&', end - 1);
  if (amp >= 0 && amp > text.lastIndexOf(';', end - 1) && end - amp < ENTITY_MAX) end = amp;
  return trusted(`${text.slice(0, end)}…`);
}

/** A mrkdwn text object, within `max` (3,000 in sections, 2,000 in fields); verbatim, so Slack adds no links of its own. */
export function mrkdwn(value: Mrkdwn, max = 3000): MrkdwnElement {
  return { type: 'mrkdwn', text: truncateMd(value, max).text, verbatim: true };
}

/**
 * A plain_text object within `max` (headers 150, titles and buttons 24/75, options 75). Slack
 * shows plain text as it is, so it is not escaped; it only has to fit.
 */
export function plain(text: string, max = 3000): PlainTextElement {
  return { type: 'plain_text', text: truncate(text, max), emoji: true };
}

declare const messageTextBrand: unique symbol;

/** A message's `text` (its notification, and what screen readers read): mrkdwn, made by `messageText`. */
export type MessageText = string & { readonly [messageTextBrand]: true };

/** The `text` of a message or reply, escaped like the blocks and within Slack's limit. */
export function messageText(value: Mrkdwn, max = 3000): MessageText {
  return truncateMd(value, max).text as MessageText;
}

/** Plain text as a message's `text`: escaped, so it shows as written and nothing in it acts. */
export const plainMessageText = (text: string): MessageText => messageText(md`${text}`);

/** What a message builder returns: the notification text and the blocks. */
export interface SlackMessage {
  text: MessageText;
  blocks: KnownBlock[];
}

/** How a person reads a status: one label for Slack, e-mail and every answer a service gives. */
export { statusLabel } from '../../src/domain/naming.js';

/** "…and N more." under a list cut short. */
export const moreLine = (shown: number, total: number): KnownBlock[] =>
  total > shown ? [{ type: 'context', elements: [mrkdwn(md`…and ${total - shown} more.`)] }] : [];

/** Broadcasts a relayed message may not make: they become the words they stand for. */
const broadcasts: Record<string, string> = { here: '@here', channel: '@channel', everyone: '@everyone' };

/**
 * A person's own message, as Slack sent it (its & < > already written as entities), passed on to
 * another conversation. The controls Slack itself made stay (mentions of people and channels,
 * links); broadcasts and user-group pings become their words, so a message relayed into a
 * support channel never pings it; anything else that looks like a control is shown as text.
 */
export function relayedMd(slackText: string): Mrkdwn {
  let out = '';
  let last = 0;
  for (const match of slackText.matchAll(/<([^<>\n]{1,500})>/g)) {
    out += escapeAngles(slackText.slice(last, match.index));
    out += relayedControl(match[1]!);
    last = match.index + match[0].length;
  }
  out += escapeAngles(slackText.slice(last));
  return trusted(out);
}

const escapeAngles = (text: string) => text.replace(/</g, '&lt;').replace(/>/g, '&gt;');

function relayedControl(inner: string): string {
  const [target = '', label] = inner.split('|', 2);
  if (/^@[UW][A-Z0-9]{2,}$/.test(target) || /^#[CG][A-Z0-9]{2,}$/.test(target)) return `<${inner}>`;
  if (/^(https?:\/\/|mailto:)[^\s|]+$/.test(target)) return `<${inner}>`;
  if (target.startsWith('!')) {
    const word = broadcasts[target.slice(1)];
    if (word) return word;
    if (target.startsWith('!date^') && label) return escapeAngles(label);
    return escapeAngles(label ?? target.slice(1));
  }
  return escapeAngles(`<${inner}>`);
}
