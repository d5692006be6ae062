// The case conversation's rules on text (SPEC §4.2, issue "cases in Slack" item 5): pure.

/** `note:` at the start (any case, spaces allowed): a staff note that stays in the case thread. */
const notePrefix = /^\s*note\s*:\s*/i;

export const isInternalNote = (text: string): boolean => notePrefix.test(text);

/** Longest text a relayed copy carries: Slack's message text limit Otto keeps to (4,000). */
export const relayedTextMax = 4000;

/** Cut to what a copy may carry, marking the cut (the whole text stays on the case). */
export function relayedText(text: string): string {
  return text.length <= relayedTextMax ? text : `${text.slice(0, relayedTextMax - 1)}…`;
}

/** The Slack user ids a message mentions (`<@U123>` or `<@U123|name>`). */
export function mentionedUserIds(slackText: string): string[] {
  return [...new Set([...slackText.matchAll(/<@([UW][A-Z0-9]{2,})(?:\|[^>]*)?>/g)].map((m) => m[1]!))];
}

const broadcastWords: Record<string, string> = { here: '@here', channel: '@channel', everyone: '@everyone' };

/**
 * A Slack message as plain text for an e-mail: mentions by name (`names`, else "someone"),
 * channels by name, links as "label (address)", and Slack's entities decoded.
 */
export function slackTextToPlain(slackText: string, names: ReadonlyMap<string, string>): string {
  const plain = slackText.replace(/<([^<>\n]{1,500})>/g, (_whole, inner: string) => {
    const [target = '', label] = inner.split('|', 2);
    if (target.startsWith('@')) return `@${names.get(target.slice(1)) ?? label ?? 'someone'}`;
    if (target.startsWith('#')) return `#${label ?? 'a channel'}`;
    if (target.startsWith('!')) return broadcastWords[target.slice(1)] ?? label ?? '';
    if (label && label !== target) return `${label} (${target.replace(/^mailto:/, '')})`;
    return target.replace(/^mailto:/, '');
  });
  return plain.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
