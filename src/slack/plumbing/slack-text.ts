/**
 * A Slack message's text as a person reads it, for a text input that shows it as written: mentions
 * by the names given (`@Ann Example`, else `@someone`), channel links by name, links as their
 * label and address, and `&lt;` `&gt;` `&amp;` as the characters they stand for.
 */
export function readableSlackText(text: string, names: ReadonlyMap<string, string>): string {
  return text
    .replace(/<([^<>]+)>/g, (_all, inner: string) => {
      const [target = '', label] = inner.split('|', 2);
      if (/^@[UW][A-Z0-9]+$/.test(target)) return `@${names.get(target.slice(1)) ?? label ?? 'someone'}`;
      if (target.startsWith('#')) return `#${label ?? 'a channel'}`;
      if (target.startsWith('!subteam^')) return label ?? '@a group';
      if (target.startsWith('!date^')) return label ?? '';
      if (target.startsWith('!')) return `@${target.slice(1)}`;
      return label && label !== target ? `${label} (${target})` : target;
    })
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** The people a Slack message's text mentions, by Slack id. */
export const mentionedUsers = (text: string): string[] => [
  ...new Set([...text.matchAll(/<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/g)].map((m) => m[1]!)),
];
