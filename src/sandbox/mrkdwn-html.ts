// Slack's mrkdwn and Block Kit as HTML for the sandbox page. Everything the app or a person wrote is
// HTML-escaped before any markup is added; only links with a safe scheme become <a href>.

type Json = Record<string, unknown>;

export interface Names {
  /** A person's display name for `<@U…>`, when known. */
  user(userId: string): string | undefined;
  /** A channel's name for `<#C…>`, when known. */
  channel(channelId: string): string | undefined;
}

const noNames: Names = { user: () => undefined, channel: () => undefined };

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Slack escapes only these three in message text. */
function decodeSlack(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

const safeLink = /^(https?:|mailto:|slack:)/i;

/** One `<…>` control sequence: a mention, a channel, a special mention or a link. */
function controlSequence(inner: string, names: Names): string {
  const bar = inner.indexOf('|');
  const target = bar === -1 ? inner : inner.slice(0, bar);
  const label = bar === -1 ? undefined : decodeSlack(inner.slice(bar + 1));
  if (target.startsWith('@')) {
    const id = target.slice(1);
    const name = names.user(id) ?? label ?? id;
    return `<span class="mention">@${escapeHtml(name)}</span>`;
  }
  if (target.startsWith('#')) {
    const id = target.slice(1);
    const name = names.channel(id) ?? label ?? id;
    return `<span class="mention">#${escapeHtml(name)}</span>`;
  }
  if (target.startsWith('!')) {
    const shown = label ?? `@${target.slice(1).split('^')[0]}`;
    return `<span class="mention">${escapeHtml(shown)}</span>`;
  }
  const url = decodeSlack(target);
  // Not a link at all (e.g. unescaped `<b>` typed into the page): shown as written.
  if (!/^[a-z][a-z0-9+.-]*:/i.test(url)) return escapeHtml(`<${decodeSlack(inner)}>`);
  const text = label ?? url.replace(/^mailto:/i, '');
  if (!safeLink.test(url)) return escapeHtml(text);
  return `<a href="${escapeHtml(url)}" rel="noopener noreferrer" target="_blank">${escapeHtml(text)}</a>`;
}

/** Bold, italic and strike as Slack reads them: the markers sit at word edges. */
function emphasis(html: string): string {
  const edge = (marker: string) =>
    new RegExp(
      `(^|[^\\w${marker}])\\${marker}([^\\s${marker}](?:[^${marker}\\n]*?[^\\s${marker}])?)\\${marker}(?![\\w${marker}])`,
      'g',
    );
  return html
    .replace(edge('*'), '$1<strong>$2</strong>')
    .replace(edge('_'), '$1<em>$2</em>')
    .replace(edge('~'), '$1<s>$2</s>');
}

/** Renders mrkdwn as HTML; user text can never become markup. */
export function mrkdwnToHtml(text: string, names: Names = noNames): string {
  // Finished HTML waits behind a private-use marker while the rest of the text is escaped and formatted.
  const parts: string[] = [];
  const hold = (html: string) => `\uE000${parts.push(html) - 1}\uE000`;
  let rest = text.replace(/\uE000/g, '');
  rest = rest.replace(/```([\s\S]*?)```/g, (_m, code: string) =>
    hold(`<pre>${escapeHtml(decodeSlack(code.replace(/^\n/, '')))}</pre>`),
  );
  rest = rest.replace(/`([^`\n]+)`/g, (_m, code: string) =>
    hold(`<code>${escapeHtml(decodeSlack(code))}</code>`),
  );
  rest = rest.replace(/<([^<>\n]+)>/g, (_m, inner: string) => hold(controlSequence(inner, names)));
  let html = emphasis(escapeHtml(decodeSlack(rest)));
  html = html.replace(/\n/g, '<br>');
  return html.replace(/\uE000(\d+)\uE000/g, (_m, index: string) => parts[Number(index)] ?? '');
}

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A text object: plain text is escaped, mrkdwn formatted. */
export function textObjectToHtml(value: unknown, names: Names = noNames): string {
  if (!isRecord(value) || typeof value.text !== 'string') return '';
  if (value.type === 'mrkdwn') return mrkdwnToHtml(value.text, names);
  return escapeHtml(value.text).replace(/\n/g, '<br>');
}

/** Where a button lives, so the page can ask the driver to click it there. */
export type ButtonPlace =
  | { surface: 'none' }
  | { surface: 'home' }
  | { surface: 'modal' }
  | { surface: 'message'; channel: string; ts: string };

export interface BlockRenderOptions {
  names: Names;
  /** The person the page acts as; buttons click as them. */
  as: string;
  place: ButtonPlace;
}

const maxLabel = 200;

function button(element: Json, options: BlockRenderOptions): string {
  const label = isRecord(element.text) && typeof element.text.text === 'string' ? element.text.text : '';
  const style = element.style === 'primary' || element.style === 'danger' ? ` ${element.style}` : '';
  if (label.length === 0 || label.length > maxLabel) return unknownElement(element);
  const { place } = options;
  if (place.surface === 'none') {
    return `<button type="button" class="btn${style}" disabled title="This reply is not a stored message, so its buttons cannot be clicked here">${escapeHtml(label)}</button>`;
  }
  const hidden = [
    ['as', options.as],
    ['label', label],
    ['surface', place.surface],
    ...(place.surface === 'message'
      ? [
          ['channel', place.channel],
          ['ts', place.ts],
        ]
      : []),
  ]
    .map(([name, value]) => `<input type="hidden" name="${name}" value="${escapeHtml(value ?? '')}">`)
    .join('');
  return `<form method="post" action="/click" class="button">${hidden}<button type="submit" class="btn${style}">${escapeHtml(label)}</button></form>`;
}

function image(element: Json, className: string): string {
  const url = typeof element.image_url === 'string' ? element.image_url : '';
  const alt = typeof element.alt_text === 'string' ? element.alt_text : '';
  if (!/^https?:\/\//i.test(url))
    return `<span class="${className} missing">${escapeHtml(alt || 'image')}</span>`;
  return `<img class="${className}" src="${escapeHtml(url)}" alt="${escapeHtml(alt)}">`;
}

function unknownElement(element: Json): string {
  const type = typeof element.type === 'string' ? element.type : 'element';
  const name = textObjectToHtml(element.text) || textObjectToHtml(element.placeholder);
  return `<span class="unknown"><span class="type">${escapeHtml(type)}</span>${name ? ` ${name}` : ''}</span>`;
}

function element(value: unknown, options: BlockRenderOptions): string {
  if (!isRecord(value)) return '';
  if (value.type === 'button') return button(value, options);
  if (value.type === 'image') return image(value, 'accessory-image');
  return unknownElement(value);
}

function block(value: Json, options: BlockRenderOptions): string {
  const { names } = options;
  switch (value.type) {
    case 'header':
      return `<h3 class="block header">${textObjectToHtml(value.text, names)}</h3>`;
    case 'divider':
      return '<hr class="block divider">';
    case 'section': {
      const text = value.text ? `<div class="text">${textObjectToHtml(value.text, names)}</div>` : '';
      const fields = Array.isArray(value.fields)
        ? `<div class="fields">${value.fields.map((f) => `<div>${textObjectToHtml(f, names)}</div>`).join('')}</div>`
        : '';
      const accessory = value.accessory
        ? `<div class="accessory">${element(value.accessory, options)}</div>`
        : '';
      return `<div class="block section"><div class="body">${text}${fields}</div>${accessory}</div>`;
    }
    case 'context': {
      const elements = Array.isArray(value.elements) ? value.elements : [];
      const shown = elements.map((e) =>
        isRecord(e) && e.type === 'image'
          ? image(e, 'context-image')
          : `<span>${textObjectToHtml(e, names)}</span>`,
      );
      return `<div class="block context">${shown.join(' ')}</div>`;
    }
    case 'actions': {
      const elements = Array.isArray(value.elements) ? value.elements : [];
      return `<div class="block actions">${elements.map((e) => element(e, options)).join('')}</div>`;
    }
    case 'image': {
      const title = value.title ? `<figcaption>${textObjectToHtml(value.title, names)}</figcaption>` : '';
      return `<figure class="block image">${image(value, 'image')}${title}</figure>`;
    }
    default: {
      const type = typeof value.type === 'string' ? value.type : 'block';
      const label = textObjectToHtml(value.label, names);
      return `<div class="block unknown"><span class="type">${escapeHtml(type)}</span>${label ? ` ${label}` : ''}</div>`;
    }
  }
}

/** Renders a list of Block Kit blocks; anything the page does not know shows as a labelled box. */
export function blocksToHtml(blocks: unknown, options: BlockRenderOptions): string {
  if (!Array.isArray(blocks)) return '';
  return blocks
    .filter(isRecord)
    .map((b) => block(b, options))
    .join('\n');
}
