// Slack's mrkdwn and Block Kit as HTML for the sandbox page. Everything the app or a person wrote is
// HTML-escaped before any markup is added; only links with a safe scheme become <a href>. Interactive
// elements become form controls that the page's script (page/client.js) reads and acts on.
import { DateTime } from 'luxon';
import { initialState, type StateValues } from './slack-standin.js';

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

/** The emoji Otto's messages use, and a few common ones; others stay as `:name:`, as Slack shows unknown ones. */
const emoji: Record<string, string> = {
  white_check_mark: '✅',
  heavy_check_mark: '✔️',
  warning: '⚠️',
  package: '📦',
  calendar: '📅',
  white_square: '⬜',
  wastebasket: '🗑️',
  tada: '🎉',
  round_pushpin: '📍',
  no_entry: '⛔',
  hourglass_flowing_sand: '⏳',
  arrows_counterclockwise: '🔄',
  alarm_clock: '⏰',
  x: '❌',
  wave: '👋',
  computer: '💻',
  truck: '🚚',
  bell: '🔔',
  memo: '📝',
  eyes: '👀',
};

function withEmoji(text: string): string {
  return text.replace(/:([a-z0-9_+-]+):/g, (match, name: string) => emoji[name] ?? match);
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
  let html = emphasis(escapeHtml(withEmoji(decodeSlack(rest))));
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
  const text = value.emoji === false ? value.text : withEmoji(value.text);
  return escapeHtml(text).replace(/\n/g, '<br>');
}

/** What an element shows and how the page's script finds it: `.el` with data-block/-action/-type. */
export interface RenderContext {
  names: Names;
  /** Unique per surface on a page: control ids and radio group names start with it. */
  key: string;
  /** The surface's `state.values`: what the person entered, else the initial values. */
  state?: StateValues;
  /** Field errors under input blocks, by block_id. */
  errors?: Record<string, string>;
  /** Choices of users_select and multi_users_select. */
  people?: ReadonlyArray<{ id: string; name: string }>;
  /** Choices of the conversation and channel selects. */
  channels?: ReadonlyArray<{ id: string; name: string }>;
  /** The zone a datetimepicker shows its time in. */
  timeZone?: string;
}

/** Elements that keep a value in state.values, as opposed to buttons, overflow menus and images. */
const selectTypes = new Set([
  'static_select',
  'external_select',
  'users_select',
  'conversations_select',
  'channels_select',
]);
const multiSelectTypes = new Set([
  'multi_static_select',
  'multi_external_select',
  'multi_users_select',
  'multi_conversations_select',
  'multi_channels_select',
]);
const textInputTypes: Record<string, string> = {
  plain_text_input: 'text',
  email_text_input: 'email',
  url_text_input: 'url',
  number_input: 'number',
};

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function attr(name: string, value: unknown): string {
  return value === undefined || value === null || value === ''
    ? ''
    : ` ${name}="${escapeHtml(String(value))}"`;
}

function plain(value: unknown): string {
  return escapeHtml(textOf(value));
}

function textOf(value: unknown): string {
  return isRecord(value) && typeof value.text === 'string' ? value.text : '';
}

function optionsOf(element: Json): Json[] {
  if (Array.isArray(element.options)) return element.options.filter(isRecord);
  if (Array.isArray(element.option_groups)) {
    return element.option_groups.flatMap((g) =>
      isRecord(g) && Array.isArray(g.options) ? g.options.filter(isRecord) : [],
    );
  }
  return [];
}

/** The option values an element's state holds as chosen. */
function chosenValues(state: Json | undefined): Set<string> {
  const chosen = new Set<string>();
  if (!state) return chosen;
  if (isRecord(state.selected_option)) chosen.add(str(state.selected_option.value));
  if (Array.isArray(state.selected_options)) {
    for (const o of state.selected_options) if (isRecord(o)) chosen.add(str(o.value));
  }
  for (const key of ['selected_user', 'selected_conversation', 'selected_channel']) {
    if (typeof state[key] === 'string') chosen.add(state[key] as string);
  }
  for (const key of ['selected_users', 'selected_conversations', 'selected_channels']) {
    if (Array.isArray(state[key])) for (const id of state[key] as unknown[]) chosen.add(String(id));
  }
  return chosen;
}

function optionTag(value: string, text: string, chosen: Set<string>): string {
  return `<option${attr('value', value)}${chosen.has(value) ? ' selected' : ''}>${escapeHtml(text)}</option>`;
}

function selectOptions(element: Json, chosen: Set<string>): string {
  const one = (o: Json) => optionTag(str(o.value), textOf(o.text), chosen);
  if (Array.isArray(element.option_groups)) {
    return element.option_groups
      .filter(isRecord)
      .map(
        (g) =>
          `<optgroup label="${plain(g.label)}">${(Array.isArray(g.options) ? g.options.filter(isRecord) : []).map(one).join('')}</optgroup>`,
      )
      .join('');
  }
  return optionsOf(element).map(one).join('');
}

/** A confirm dialog as data the page's script shows before it sends the action. */
function confirmHtml(confirm: unknown, names: Names): string {
  if (!isRecord(confirm)) return '';
  return `<template class="confirm"${attr('data-title', textOf(confirm.title) || 'Are you sure?')}${attr(
    'data-yes',
    textOf(confirm.confirm) || 'Yes',
  )}${attr('data-no', textOf(confirm.deny) || 'Cancel')}${attr('data-style', confirm.style)}>${textObjectToHtml(
    confirm.text,
    names,
  )}</template>`;
}

function imageHtml(element: Json, className: string): string {
  const url = str(element.image_url);
  const alt = str(element.alt_text);
  if (!/^https?:\/\//i.test(url))
    return `<span class="${className} missing">${escapeHtml(alt || 'image')}</span>`;
  return `<img class="${className}" src="${escapeHtml(url)}" alt="${escapeHtml(alt)}">`;
}

function unknownHtml(type: string, name: string): string {
  return `<span class="unknown"><span class="type">${escapeHtml(type)}</span>${name ? ` ${name}` : ''}</span>`;
}

function dateTimeValue(seconds: unknown, timeZone: string | undefined): string {
  if (typeof seconds !== 'number') return '';
  return DateTime.fromSeconds(seconds, { zone: timeZone ?? 'UTC' }).toFormat("yyyy-MM-dd'T'HH:mm");
}

function richTextValue(value: unknown): string {
  if (!isRecord(value)) return '';
  const texts: string[] = [];
  const walk = (node: unknown) => {
    if (!isRecord(node)) return;
    if (typeof node.text === 'string') texts.push(node.text);
    if (Array.isArray(node.elements)) node.elements.forEach(walk);
  };
  walk(value);
  return texts.join('');
}

interface Control {
  /** The id of the focusable control, for a <label for>; none for groups. */
  id?: string;
  html: string;
}

/** One interactive element; `dispatch` when changing it sends block_actions (actions, accessories, dispatch_action inputs). */
function elementHtml(
  element: Json,
  block: Json,
  ctx: RenderContext,
  nextId: () => string,
  dispatch: boolean,
): Control {
  const type = str(element.type);
  if (type === 'image') return { html: imageHtml(element, 'accessory-image') };
  const blockId = str(block.block_id);
  const actionId = str(element.action_id);
  // The stand-in gives a surface's whole state; without one, what Slack shows first.
  const state = (ctx.state ? ctx.state[blockId]?.[actionId] : initialState(element)) as Json | undefined;
  const chosen = chosenValues(state);
  const id = nextId();
  const placeholder = textOf(element.placeholder);
  const name = block.type === 'input' ? '' : attr('aria-label', placeholder || type.replace(/_/g, ' '));
  const wrap = (inner: string, extra = '') =>
    `<span class="el el-${escapeHtml(type)}"${attr('data-block', blockId)}${attr('data-action', actionId)}${attr(
      'data-type',
      type,
    )}${dispatch ? ' data-dispatch' : ''}${extra}>${inner}${confirmHtml(element.confirm, ctx.names)}</span>`;

  if (type === 'button') {
    const label = textOf(element.text);
    const style = element.style === 'primary' || element.style === 'danger' ? ` ${element.style}` : '';
    const url = str(element.url);
    const safeUrl = /^https?:\/\//i.test(url) ? url : '';
    return {
      html: wrap(
        `<button type="button" class="btn${style}"${attr('data-url', safeUrl)}${attr('aria-label', element.accessibility_label)}>${escapeHtml(label)}</button>`,
      ),
    };
  }
  if (type === 'overflow') {
    return {
      id,
      html: wrap(
        `<select id="${id}" class="overflow" aria-label="More actions"><option value="">⋯</option>${optionsOf(
          element,
        )
          .map((o) => optionTag(str(o.value), textOf(o.text), new Set()))
          .join('')}</select>`,
      ),
    };
  }
  if (selectTypes.has(type) || multiSelectTypes.has(type)) {
    const multiple = multiSelectTypes.has(type);
    let options: string;
    if (type.endsWith('users_select')) {
      options = (ctx.people ?? []).map((p) => optionTag(p.id, p.name, chosen)).join('');
    } else if (type.endsWith('conversations_select') || type.endsWith('channels_select')) {
      options = (ctx.channels ?? []).map((c) => optionTag(c.id, `#${c.name}`, chosen)).join('');
    } else if (type.endsWith('external_select')) {
      // Only what is chosen is known until the app answers a block_suggestion.
      const chosenOptions = [
        ...(state && isRecord(state.selected_option) ? [state.selected_option] : []),
        ...(state && Array.isArray(state.selected_options) ? state.selected_options.filter(isRecord) : []),
      ];
      options = chosenOptions.map((o) => optionTag(str(o.value), textOf(o.text), chosen)).join('');
    } else {
      options = selectOptions(element, chosen);
    }
    const empty = multiple
      ? ''
      : `<option value="">${escapeHtml(placeholder || 'Choose an option')}</option>`;
    const select = `<select id="${id}"${multiple ? ' multiple' : ''}${name}>${empty}${options}</select>`;
    if (!type.endsWith('external_select')) return { id, html: wrap(select) };
    const min = typeof element.min_query_length === 'number' ? element.min_query_length : 3;
    const search = `<input type="search" class="query" autocomplete="off"${attr('aria-label', `Search: ${placeholder || 'options'}`)} placeholder="Type to search">`;
    return { id, html: wrap(`${search}${select}`, ` data-min-query="${min}"`) };
  }
  if (type === 'radio_buttons' || type === 'checkboxes') {
    const input = type === 'radio_buttons' ? 'radio' : 'checkbox';
    const items = optionsOf(element)
      .map((o) => {
        const value = str(o.value);
        const description = o.description
          ? `<span class="description">${textObjectToHtml(o.description, ctx.names)}</span>`
          : '';
        return `<label class="choice"><input type="${input}" name="${id}"${attr('value', value)}${
          chosen.has(value) ? ' checked' : ''
        }> <span>${textObjectToHtml(o.text, ctx.names)}${description}</span></label>`;
      })
      .join('');
    return { html: wrap(`<span class="choices" role="group" id="${id}">${items}</span>`) };
  }
  if (type === 'datepicker' || type === 'timepicker' || type === 'datetimepicker') {
    const kind = { datepicker: 'date', timepicker: 'time', datetimepicker: 'datetime-local' }[type];
    const value =
      type === 'datepicker'
        ? state?.selected_date
        : type === 'timepicker'
          ? state?.selected_time
          : dateTimeValue(state?.selected_date_time, ctx.timeZone);
    return {
      id,
      html: wrap(`<input type="${kind}" id="${id}"${attr('value', value)}${name}>`),
    };
  }
  if (type in textInputTypes || type === 'rich_text_input') {
    const value = type === 'rich_text_input' ? richTextValue(state?.rich_text_value) : str(state?.value);
    const limits = `${attr('minlength', element.min_length)}${attr('maxlength', element.max_length)}${attr('placeholder', placeholder)}`;
    const trigger = isRecord(element.dispatch_action_config)
      ? element.dispatch_action_config.trigger_actions_on
      : undefined;
    const onCharacter =
      Array.isArray(trigger) && trigger.includes('on_character_entered') ? ' data-on-character' : '';
    if (element.multiline === true || type === 'rich_text_input') {
      return {
        id,
        html: wrap(`<textarea id="${id}" rows="4"${limits}>${escapeHtml(value)}</textarea>`, onCharacter),
      };
    }
    const number =
      type === 'number_input'
        ? `${attr('step', element.is_decimal_allowed === true ? 'any' : '1')}${attr('min', element.min_value)}${attr('max', element.max_value)}`
        : '';
    return {
      id,
      html: wrap(
        `<input type="${textInputTypes[type]}" id="${id}"${attr('value', value)}${limits}${number}>`,
        onCharacter,
      ),
    };
  }
  if (type === 'file_input') {
    // The page uploads the chosen files as Slack's client does, and submits their ids.
    const max = typeof element.max_files === 'number' ? element.max_files : 10;
    const types = Array.isArray(element.filetypes)
      ? element.filetypes.filter((t): t is string => typeof t === 'string').map((t) => `.${t}`)
      : [];
    const sent = Array.isArray(state?.files) ? (state.files as Json[]) : [];
    const already =
      sent.length > 0
        ? ` <span class="note">Attached: ${sent.map((file) => escapeHtml(str(file.name))).join(', ')}</span>`
        : '';
    return {
      id,
      html: wrap(
        `<input type="file" id="${id}"${max > 1 ? ' multiple' : ''}${types.length > 0 ? attr('accept', types.join(',')) : ''}>${already}`,
        attr('data-max-files', max),
      ),
    };
  }
  return { html: unknownHtml(type || 'element', textObjectToHtml(element.text) || escapeHtml(placeholder)) };
}

const richStyles: Array<[string, string]> = [
  ['code', 'code'],
  ['strike', 's'],
  ['italic', 'em'],
  ['bold', 'strong'],
];

function richTextHtml(node: unknown, names: Names): string {
  if (!isRecord(node)) return '';
  const children = () =>
    Array.isArray(node.elements) ? node.elements.map((e) => richTextHtml(e, names)).join('') : '';
  switch (node.type) {
    case 'text':
    case 'link': {
      let html = escapeHtml(str(node.text) || str(node.url)).replace(/\n/g, '<br>');
      const style = isRecord(node.style) ? node.style : {};
      for (const [key, tag] of richStyles) if (style[key] === true) html = `<${tag}>${html}</${tag}>`;
      if (node.type === 'link' && /^(https?:|mailto:)/i.test(str(node.url))) {
        html = `<a href="${escapeHtml(str(node.url))}" rel="noopener noreferrer" target="_blank">${html}</a>`;
      }
      return html;
    }
    case 'user':
      return `<span class="mention">@${escapeHtml(names.user(str(node.user_id)) ?? str(node.user_id))}</span>`;
    case 'channel':
      return `<span class="mention">#${escapeHtml(names.channel(str(node.channel_id)) ?? str(node.channel_id))}</span>`;
    case 'emoji':
      return `:${escapeHtml(str(node.name))}:`;
    case 'rich_text_section':
      return `<div>${children()}</div>`;
    case 'rich_text_list': {
      const tag = node.style === 'ordered' ? 'ol' : 'ul';
      const items = Array.isArray(node.elements)
        ? node.elements.map((e) => `<li>${richTextHtml(e, names)}</li>`)
        : [];
      return `<${tag}>${items.join('')}</${tag}>`;
    }
    case 'rich_text_quote':
      return `<blockquote>${children()}</blockquote>`;
    case 'rich_text_preformatted':
      return `<pre>${children()}</pre>`;
    default:
      return children();
  }
}

function blockHtml(block: Json, ctx: RenderContext, nextId: () => string): string {
  const { names } = ctx;
  switch (block.type) {
    case 'header':
      return `<h3 class="block header">${textObjectToHtml(block.text, names)}</h3>`;
    case 'divider':
      return '<hr class="block divider">';
    case 'section': {
      const text = block.text ? `<div class="text">${textObjectToHtml(block.text, names)}</div>` : '';
      const fields = Array.isArray(block.fields)
        ? `<div class="fields">${block.fields.map((f) => `<div>${textObjectToHtml(f, names)}</div>`).join('')}</div>`
        : '';
      const accessory = isRecord(block.accessory)
        ? `<div class="accessory">${elementHtml(block.accessory, block, ctx, nextId, true).html}</div>`
        : '';
      return `<div class="block section"><div class="body">${text}${fields}</div>${accessory}</div>`;
    }
    case 'context': {
      const elements = Array.isArray(block.elements) ? block.elements.filter(isRecord) : [];
      const shown = elements.map((e) =>
        e.type === 'image' ? imageHtml(e, 'context-image') : `<span>${textObjectToHtml(e, names)}</span>`,
      );
      return `<div class="block context">${shown.join(' ')}</div>`;
    }
    case 'actions': {
      const elements = Array.isArray(block.elements) ? block.elements.filter(isRecord) : [];
      return `<div class="block actions">${elements.map((e) => elementHtml(e, block, ctx, nextId, true).html).join('')}</div>`;
    }
    case 'image': {
      const title = block.title ? `<figcaption>${textObjectToHtml(block.title, names)}</figcaption>` : '';
      return `<figure class="block image">${imageHtml(block, 'image')}${title}</figure>`;
    }
    case 'input': {
      if (!isRecord(block.element)) return unknownHtml('input', plain(block.label));
      const control = elementHtml(block.element, block, ctx, nextId, block.dispatch_action === true);
      const labelId = nextId();
      const optional = block.optional === true ? ' <span class="optional">(optional)</span>' : '';
      const label = control.id
        ? `<label class="label" id="${labelId}" for="${control.id}">${plain(block.label)}${optional}</label>`
        : `<span class="label" id="${labelId}">${plain(block.label)}${optional}</span>`;
      // Groups (radio buttons, checkboxes) are named by their label too.
      const html = control.id
        ? control.html
        : control.html.replace('role="group"', `role="group" aria-labelledby="${labelId}"`);
      const hint = block.hint ? `<div class="hint">${textObjectToHtml(block.hint, names)}</div>` : '';
      const error = ctx.errors?.[str(block.block_id)];
      const errorHtml = error ? `<div class="field-error" role="alert">${escapeHtml(error)}</div>` : '';
      return `<div class="block input${error ? ' has-error' : ''}">${label}${html}${hint}${errorHtml}</div>`;
    }
    case 'rich_text':
      return `<div class="block rich-text">${Array.isArray(block.elements) ? block.elements.map((e) => richTextHtml(e, names)).join('') : ''}</div>`;
    default:
      return `<div class="block">${unknownHtml(str(block.type) || 'block', textObjectToHtml(block.label, names))}</div>`;
  }
}

/** Renders Block Kit as HTML; anything the page does not know shows as a labelled box. */
export function blocksToHtml(blocks: unknown, ctx: RenderContext): string {
  if (!Array.isArray(blocks)) return '';
  let counter = 0;
  const nextId = () => {
    counter += 1;
    return `${ctx.key}-${counter}`;
  };
  return blocks
    .filter(isRecord)
    .map((b) => blockHtml(b, ctx, nextId))
    .join('\n');
}
