// Plays Slack's side towards the running app: signed requests shaped as Slack sends them (slash
// commands, events, interaction payloads), with the user's view of homes, modals and messages taken
// from the stand-in, and the app's answers to submissions applied to the modal stack as Slack does.
// The same requests go over Socket Mode instead when the driver is given a connection: as envelopes
// the stand-in hands to that connection, the ack's payload taking the place of the HTTP answer.
import { createHmac, randomUUID } from 'node:crypto';
import {
  type ElementState,
  type EnvelopeType,
  elementsOf,
  initialState,
  isRecord,
  randomId,
  type SlackStandIn,
  type StandInView,
  type StoredFile,
  type StoredMessage,
  type SurfaceRef,
  textOf,
  type UploadedFileInfo,
  type UserUpload,
} from './slack-standin.js';

export interface DriverResponse {
  status: number;
  body: string;
  /** The body parsed, when it is JSON. */
  json?: unknown;
  /** Time to the app's answer; Slack gives up after 3 seconds. */
  elapsedMs: number;
  /** What was sent, for `redeliver`. */
  sent: SentRequest;
  /** Over Socket Mode: the envelope and the connection it went to (the ack came back on it). */
  envelope?: { id: string; connectionId: string };
}

export interface SentRequest {
  body: string;
  contentType: string;
}

/** How Slack marks a delivery it sends again (X-Slack-Retry-Num and X-Slack-Retry-Reason). */
export interface Retry {
  /** 1 for the first retry. */
  num: number;
  /** Slack's reasons include http_timeout, http_error and too_many_requests. */
  reason?: string;
}

export type Where =
  | { surface: 'home' }
  | { surface: 'modal' }
  | { surface: 'message'; channel: string; ts?: string };

/** A value for one input: text, option text(s), user/channel id(s), date, time, or a lone checkbox. */
export type FillValue = string | string[] | boolean;

/** One element by its ids, as a page that shows every element knows it (labels can repeat). */
export interface ElementRef {
  blockId: string;
  actionId: string;
}

/** How a test or the page names an element: by a visible text, or by its ids. */
export type Target = string | RegExp | ElementRef;

/** An option by its visible text, or by its value. */
export type OptionChoice = string | { value: string };

export interface SlackOption {
  text: { type: string; text: string; emoji?: boolean };
  value: string;
  description?: { type: string; text: string };
}

/** Slack's client refused to send a submission (a required input is empty, a value is too short). */
export class ClientValidationError extends Error {
  constructor(
    /** By input label. */
    readonly errors: Record<string, string>,
    /** The same, by block_id, where the page shows them. */
    readonly blockErrors: Record<string, string> = {},
  ) {
    super(
      `Slack would not send this submission:\n${Object.entries(errors)
        .map(([label, error]) => `  ${label}: ${error}`)
        .join('\n')}`,
    );
    this.name = 'ClientValidationError';
  }
}

export interface SlackDriver {
  /** X-Slack-Request-Timestamp and X-Slack-Signature (v0, HMAC-SHA256 of `v0:${ts}:${body}`). */
  sign(body: string, timestamp?: number): Record<string, string>;
  /** Posts as is, unsigned unless `headers` sign it: for forged, old or malformed requests (over Socket Mode: sent as its envelope). */
  post(body: string, contentType: string, headers?: Record<string, string>): Promise<DriverResponse>;
  /** Sends a request again as Slack retries one it thinks went unanswered: signed anew, marked as a retry. */
  redeliver(sent: SentRequest, retry: Retry): Promise<DriverResponse>;
  urlVerification(challenge: string): Promise<DriverResponse>;
  slashCommand(userId: string, text: string, command?: string, channelId?: string): Promise<DriverResponse>;
  appHomeOpened(userId: string): Promise<DriverResponse>;
  /** The user writes to the app's DM (stored in the stand-in too); `ts` is the new message's. */
  messageIm(userId: string, text: string, threadTs?: string): Promise<DriverResponse & { ts: string }>;
  /**
   * The user writes in any conversation (a channel, a thread, the app's DM), with files they upload
   * first: the message event Slack sends for message.channels / message.groups / message.im
   * (`file_share` when it has files).
   */
  postMessage(
    userId: string,
    channel: string,
    text: string,
    options?: { threadTs?: string; files?: UploadInput[] },
  ): Promise<DriverResponse & { ts: string; files: StoredFile[] }>;
  /** The user edits their message: a `message_changed` event with the message before and after. */
  editMessage(userId: string, channel: string, ts: string, text: string): Promise<DriverResponse>;
  /** The user deletes their message: a `message_deleted` event. */
  deleteMessage(userId: string, channel: string, ts: string): Promise<DriverResponse>;
  /**
   * The message event of a message already in the stand-in, e.g. one the app posted, which Slack
   * sends back to the app like any other (with bot_id; `bot_message` under another name).
   */
  messageEvent(channel: string, ts: string): Promise<DriverResponse>;
  clickButton(userId: string, label: Target, where?: Where): Promise<DriverResponse>;
  /** Picks an option of a select, overflow, radio or checkbox group that sends block_actions. */
  selectOption(userId: string, label: Target, option: OptionChoice, where?: Where): Promise<DriverResponse>;
  /** Types `query` into an external select: block_suggestion; the options become pickable. */
  loadOptions(userId: string, label: Target, query: string, where?: Where): Promise<SlackOption[]>;
  fillModal(userId: string, values: Record<string, FillValue>): void;
  /** A global shortcut (the lightning menu, or the search bar) by its callback_id. */
  globalShortcut(userId: string, callbackId: string): Promise<DriverResponse>;
  /** A message shortcut on a message visible to the user ("More actions" on the message). */
  messageShortcut(
    userId: string,
    callbackId: string,
    message: { channel: string; ts: string },
  ): Promise<DriverResponse>;
  /**
   * Uploads files into the top modal's file input (by label): Slack keeps them, and the input's
   * state lists them as Slack does, with their private URLs.
   */
  attachFiles(userId: string, label: string, files: UserUpload[]): UploadedFileInfo[];
  /**
   * What a person put into the elements of one surface, by block_id and action_id, with options named by
   * value (as a page's form controls give them); kept in the surface's state, nothing is sent.
   */
  enterValues(userId: string, where: Where, values: Record<string, Record<string, FillValue>>): void;
  /**
   * The block_actions Slack sends for one element: a button's click, an overflow's `option`, or the
   * element's current state for selects, pickers, radio buttons, checkboxes and dispatching inputs.
   */
  act(userId: string, ref: ElementRef, where: Where, option?: string): Promise<DriverResponse>;
  submitModal(userId: string, values?: Record<string, FillValue>): Promise<DriverResponse>;
  /** Closes the top modal; sends view_closed only when the view asks for it, else answers null. */
  closeModal(userId: string): Promise<DriverResponse | null>;
  /** Field errors from the app's last `response_action: 'errors'`, keyed by block_id. */
  lastErrors(userId: string): Record<string, string> | undefined;
}

type Json = Record<string, unknown>;

/** A file a person picks to send with a message. */
export interface UploadInput {
  name: string;
  bytes: Buffer;
  mimetype?: string;
}

/** Slack's channel_type of a conversation id. */
const channelTypeOf = (channel: string) =>
  channel.startsWith('D') ? 'im' : channel.startsWith('G') ? 'group' : 'channel';

interface Surface {
  kind: 'home' | 'modal' | 'message';
  name: string;
  blocks: unknown;
  ref: SurfaceRef;
  view?: StandInView;
  message?: StoredMessage;
}

interface Found {
  surface: Surface;
  block: Json;
  element: Json;
}

const selectableTypes = new Set([
  'static_select',
  'multi_static_select',
  'external_select',
  'multi_external_select',
  'overflow',
  'radio_buttons',
  'checkboxes',
]);
const externalTypes = new Set(['external_select', 'multi_external_select']);
const maxExternalOptions = 100;

function nowTs(): string {
  return (Date.now() / 1000).toFixed(6);
}

function isRef(target: Target): target is ElementRef {
  return typeof target === 'object' && !(target instanceof RegExp);
}

function matches(label: string | RegExp, text: string): boolean {
  return typeof label === 'string' ? text.trim() === label.trim() : label.test(text);
}

function describe(label: Target): string {
  if (isRef(label)) return `${label.blockId}/${label.actionId}`;
  return typeof label === 'string' ? `"${label}"` : String(label);
}

function isEmptyState(state: ElementState | undefined): boolean {
  if (!state) return true;
  return Object.entries(state).every(
    ([key, value]) =>
      key === 'type' || value === null || value === '' || (Array.isArray(value) && value.length === 0),
  );
}

function plainText(text: unknown): Json {
  const copy: Json = isRecord(text) ? { ...text } : { type: 'plain_text', text: String(text) };
  if (copy.type === 'plain_text' && copy.emoji === undefined) copy.emoji = true;
  return copy;
}

function staticOptions(element: Json): Json[] {
  if (Array.isArray(element.options)) return element.options.filter(isRecord);
  if (Array.isArray(element.option_groups)) {
    return element.option_groups.flatMap((group) =>
      isRecord(group) && Array.isArray(group.options) ? group.options.filter(isRecord) : [],
    );
  }
  return [];
}

/** The texts a user would recognise an element by: its input label, placeholder, section text, action_id. */
function namesOf(block: Json, element: Json): string[] {
  const names = [textOf(block.label), textOf(element.placeholder)];
  if (block.type === 'section' && block.accessory === element) names.push(textOf(block.text));
  names.push(typeof element.action_id === 'string' ? element.action_id : '');
  return names.filter((name) => name.length > 0);
}

export interface SlackDriverOptions {
  /** The app's /slack/events, for HTTP mode. */
  eventsUrl?: string;
  signingSecret?: string;
  /** Socket Mode instead: every request goes as an envelope to this connection of the stand-in. */
  socketConnection?: string;
  standIn: SlackStandIn;
  teamId?: string;
}

/** The envelope Slack sends over Socket Mode for what it would POST in HTTP mode. */
function envelopeOf(sent: SentRequest): { type: EnvelopeType; payload: Json } {
  if (sent.contentType === 'application/json') {
    const body = JSON.parse(sent.body) as Json;
    if (body.type !== 'event_callback') throw new Error(`Socket Mode sends no ${String(body.type)} envelope`);
    return { type: 'events_api', payload: body };
  }
  const form = new URLSearchParams(sent.body);
  const payload = form.get('payload');
  if (payload !== null) return { type: 'interactive', payload: JSON.parse(payload) as Json };
  return { type: 'slash_commands', payload: Object.fromEntries(form) };
}

export function createSlackDriver(opts: SlackDriverOptions): SlackDriver {
  const { standIn, eventsUrl, signingSecret = '', socketConnection } = opts;
  const teamId = opts.teamId ?? standIn.teamId;
  /** Options external selects have loaded, per surface element, by value. */
  const loaded = new Map<string, Map<string, Json>>();

  const ensureUser = (userId: string) => {
    if (!standIn.user(userId)) standIn.addUser({ id: userId, name: userId.toLowerCase() });
  };

  const userObject = (userId: string) => {
    const name = standIn.user(userId)?.name ?? userId.toLowerCase();
    return { id: userId, username: name, name, team_id: teamId };
  };

  const refKey = (ref: SurfaceRef, block: Json, element: Json) =>
    `${'viewId' in ref ? ref.viewId : `${ref.channel}/${ref.ts}`}|${String(block.block_id)}|${String(element.action_id)}`;

  const sign = (body: string, timestamp = Math.floor(Date.now() / 1000)): Record<string, string> => {
    const signature = createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`).digest('hex');
    return { 'X-Slack-Request-Timestamp': String(timestamp), 'X-Slack-Signature': `v0=${signature}` };
  };

  const overSocket = async (sent: SentRequest, retry?: Retry): Promise<DriverResponse> => {
    const { type, payload } = envelopeOf(sent);
    const ack = await standIn.sendEnvelope(type, payload, {
      ...(socketConnection !== undefined ? { connectionId: socketConnection } : {}),
      ...(retry ? { retryAttempt: retry.num, retryReason: retry.reason ?? 'timeout' } : {}),
    });
    // A bare ack carries `{}`, as an HTTP ack carries an empty body.
    const answer = ack.payload && Object.keys(ack.payload).length > 0 ? ack.payload : undefined;
    return {
      status: ack.acked ? 200 : 504,
      body: answer ? JSON.stringify(answer) : '',
      ...(answer ? { json: answer } : {}),
      elapsedMs: ack.elapsedMs,
      sent,
      envelope: { id: ack.envelopeId, connectionId: ack.connectionId },
    };
  };

  const post = async (body: string, contentType: string, headers: Record<string, string> = {}) => {
    if (socketConnection !== undefined) return overSocket({ body, contentType });
    if (eventsUrl === undefined) throw new Error('The driver needs eventsUrl or socketConnection');
    const started = performance.now();
    const response = await fetch(eventsUrl, {
      method: 'POST',
      headers: { 'Content-Type': contentType, ...headers },
      body,
    });
    const text = await response.text();
    const result: DriverResponse = {
      status: response.status,
      body: text,
      elapsedMs: performance.now() - started,
      sent: { body, contentType },
    };
    if (text.length > 0) {
      try {
        result.json = JSON.parse(text);
      } catch {
        // Not JSON: left to the caller in `body`.
      }
    }
    return result;
  };

  const sendSigned = (body: string, contentType: string) => post(body, contentType, sign(body));
  const sendJsonBody = (body: Json) => sendSigned(JSON.stringify(body), 'application/json');
  const sendPayload = (payload: Json) =>
    sendSigned(
      new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
      'application/x-www-form-urlencoded',
    );

  const eventCallback = (event: Json): Json => ({
    token: standIn.verificationToken,
    team_id: teamId,
    context_team_id: teamId,
    context_enterprise_id: null,
    api_app_id: standIn.appId,
    event,
    type: 'event_callback',
    event_id: randomId('Ev'),
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [
      {
        enterprise_id: null,
        team_id: teamId,
        user_id: standIn.botUserId,
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
    event_context: `4-${randomId('', 40)}`,
  });

  /** The message event Slack sends for a stored message: a person's, or an app's with its bot_id. */
  const messageEventOf = (message: StoredMessage): Json => {
    const event: Json = { type: 'message', text: message.text, ts: message.ts, team: teamId };
    if (message.bot_id) {
      event.bot_id = message.bot_id;
      event.app_id = standIn.appId;
      // An app's message under another name is a bot_message without a user.
      if (message.subtype === 'bot_message') {
        event.subtype = 'bot_message';
        if (message.username) event.username = message.username;
        if (message.icons) event.icons = { ...message.icons };
      } else {
        event.user = message.user;
      }
    } else {
      event.user = message.user;
      event.client_msg_id = randomUUID();
      event.blocks = [
        {
          type: 'rich_text',
          block_id: randomId('', 5),
          elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text: message.text }] }],
        },
      ];
    }
    if (message.files && message.files.length > 0) {
      if (!message.bot_id) event.subtype = 'file_share';
      event.upload = false;
      event.display_as_bot = false;
      event.files = message.files.map(({ content: _content, channel: _channel, ...file }) => ({
        ...file,
        mode: 'hosted',
        is_external: false,
      }));
    }
    event.channel = message.channel;
    event.event_ts = message.ts;
    event.channel_type = channelTypeOf(message.channel);
    if (message.thread_ts !== undefined && message.thread_ts !== message.ts) {
      event.thread_ts = message.thread_ts;
      const parent = standIn.message(message.channel, message.thread_ts);
      if (parent) event.parent_user_id = parent.user;
    }
    return event;
  };

  const interaction = (type: string, userId: string): Json => ({
    type,
    user: userObject(userId),
    api_app_id: standIn.appId,
    token: standIn.verificationToken,
  });

  const teamFields = {
    team: { id: teamId, domain: standIn.teamDomain },
    enterprise: null,
    is_enterprise_install: false,
  };

  const viewSurface = (userId: string, kind: 'home' | 'modal'): Surface => {
    const view = kind === 'modal' ? standIn.topModal(userId) : standIn.home(userId);
    if (!view)
      throw new Error(
        kind === 'modal' ? `${userId} has no modal open` : `${userId} has no home tab published`,
      );
    const name =
      kind === 'modal'
        ? `${userId}'s modal "${view.type === 'modal' ? textOf(view.title) : ''}"`
        : `${userId}'s home tab`;
    return { kind, name, blocks: view.blocks, ref: { viewId: view.id }, view };
  };

  const messageSurface = (channel: string, message: StoredMessage): Surface => ({
    kind: 'message',
    name: `message ${message.ts} in ${channel}`,
    blocks: message.blocks,
    ref: { channel, ts: message.ts },
    message,
  });

  /** Finds an element by a visible name on the surface a user sees; the error lists what is there. */
  const find = (
    userId: string,
    where: Where | undefined,
    what: string,
    accept: (element: Json, block: Json) => boolean,
    namesFor: (block: Json, element: Json) => string[],
    label: Target,
  ): Found => {
    let surfaces: Surface[];
    if (where?.surface === 'message') {
      const visible = standIn
        .messages(where.channel)
        .filter((m) => m.ephemeralFor === undefined || m.ephemeralFor === userId)
        .filter((m) => where.ts === undefined || m.ts === where.ts)
        .reverse();
      if (visible.length === 0) {
        const which = where.ts === undefined ? 'No message' : `No message ${where.ts}`;
        throw new Error(`${which} visible to ${userId} in ${where.channel}`);
      }
      surfaces = visible.map((m) => messageSurface(where.channel, m));
    } else if (where?.surface === 'home' || where?.surface === 'modal') {
      surfaces = [viewSurface(userId, where.surface)];
    } else if (standIn.topModal(userId)) {
      surfaces = [viewSurface(userId, 'modal')];
    } else {
      surfaces = [viewSurface(userId, 'home')];
    }
    const seen: string[] = [];
    for (const surface of surfaces) {
      for (const { block, element } of elementsOf(surface.blocks)) {
        if (!accept(element, block)) continue;
        if (isRef(label)) {
          if (block.block_id === label.blockId && element.action_id === label.actionId) {
            return { surface, block, element };
          }
          seen.push(`"${String(block.block_id)}/${String(element.action_id)}"`);
          continue;
        }
        const names = namesFor(block, element);
        if (names.some((name) => matches(label, name))) return { surface, block, element };
        seen.push(`"${names[0] ?? '(unnamed)'}"`);
      }
    }
    const place =
      surfaces.length === 1 ? surfaces[0]?.name : `the ${surfaces.length} messages in the channel`;
    throw new Error(
      `No ${what} ${describe(label)} on ${place}. ${what[0]?.toUpperCase()}${what.slice(1)}s there: ${
        seen.length > 0 ? seen.join(', ') : 'none'
      }`,
    );
  };

  const apiMessage = (message: StoredMessage): Json => {
    const out: Json = {
      type: 'message',
      user: message.user,
      text: message.text,
      ts: message.ts,
      team: teamId,
    };
    if (message.bot_id) {
      out.bot_id = message.bot_id;
      out.app_id = standIn.appId;
    }
    if (message.blocks) out.blocks = message.blocks;
    if (message.thread_ts) out.thread_ts = message.thread_ts;
    if (message.metadata) out.metadata = message.metadata;
    return out;
  };

  const blockActions = (userId: string, surface: Surface, actions: Json[]): Json => {
    const payload: Json = { ...interaction('block_actions', userId) };
    const triggerId = standIn.issueTriggerId(userId);
    if (surface.kind === 'message' && surface.message && 'channel' in surface.ref) {
      const { channel } = surface.ref;
      const message = surface.message;
      const ephemeral = message.ephemeralFor !== undefined;
      Object.assign(payload, {
        container: { type: 'message', message_ts: message.ts, channel_id: channel, is_ephemeral: ephemeral },
        trigger_id: triggerId,
        ...teamFields,
        channel: { id: channel, name: channel.startsWith('D') ? 'directmessage' : channel.toLowerCase() },
      });
      if (!ephemeral) payload.message = apiMessage(message);
      payload.state = { values: standIn.stateValues(surface.ref) };
      payload.response_url = standIn.responseUrl({ userId, channel, messageTs: message.ts });
    } else {
      const view = 'viewId' in surface.ref ? viewOf(userId, surface) : undefined;
      Object.assign(payload, {
        container: { type: 'view', view_id: view?.id },
        trigger_id: triggerId,
        ...teamFields,
        view,
      });
    }
    payload.actions = actions.map((action) => ({ ...action, action_ts: nowTs() }));
    return payload;
  };

  /** The view as it is now (state included), not as it was when the surface was found. */
  const viewOf = (userId: string, surface: Surface): StandInView | undefined =>
    surface.kind === 'modal' ? standIn.topModal(userId) : standIn.home(userId);

  const findOption = (found: Found, choice: OptionChoice): Json => {
    const { element } = found;
    const type = String(element.type);
    let options: Json[];
    if (externalTypes.has(type)) {
      // What was loaded, and what is chosen already (Slack keeps chosen options while the list changes).
      const state = standIn.stateValues(found.surface.ref)[String(found.block.block_id)]?.[
        String(element.action_id)
      ];
      options = [
        ...(loaded.get(refKey(found.surface.ref, found.block, element))?.values() ?? []),
        ...(isRecord(state?.selected_option) ? [state.selected_option] : []),
        ...(Array.isArray(state?.selected_options) ? state.selected_options.filter(isRecord) : []),
        ...(isRecord(element.initial_option) ? [element.initial_option] : []),
        ...(Array.isArray(element.initial_options) ? element.initial_options.filter(isRecord) : []),
      ];
    } else {
      options = staticOptions(element);
    }
    const option =
      typeof choice === 'string'
        ? options.find((o) => textOf(o.text).trim() === choice.trim())
        : options.find((o) => o.value === choice.value);
    if (option) return structuredClone(option);
    const known = options.map((o) => `"${textOf(o.text)}"`).join(', ') || 'none';
    const hint = externalTypes.has(type) ? ' (external select: call loadOptions first)' : '';
    const named = typeof choice === 'string' ? `"${choice}"` : `with value "${choice.value}"`;
    throw new Error(`No option ${named} in ${String(element.action_id)}${hint}. Options: ${known}`);
  };

  const stateFor = (
    found: Found,
    value: FillValue,
    label: string,
    optionsBy: 'text' | 'value' = 'text',
  ): ElementState => {
    const { element } = found;
    const type = String(element.type);
    const option = (given: string) => findOption(found, optionsBy === 'text' ? given : { value: given });
    const one = (): string => {
      if (typeof value !== 'string') throw new Error(`"${label}" (${type}) takes a string`);
      return value;
    };
    const many = (): string[] => {
      if (typeof value === 'string') return [value];
      if (Array.isArray(value)) return value;
      throw new Error(`"${label}" (${type}) takes a string or a list of strings`);
    };
    switch (type) {
      case 'plain_text_input':
      case 'email_text_input':
      case 'url_text_input': {
        const text = one();
        if (typeof element.max_length === 'number' && text.length > element.max_length) {
          throw new Error(
            `"${label}" takes at most ${element.max_length} characters; Slack stops typing there`,
          );
        }
        return { type, value: text === '' ? null : text };
      }
      case 'number_input': {
        const text = one();
        const n = Number(text);
        if (
          text !== '' &&
          (!Number.isFinite(n) || (element.is_decimal_allowed !== true && !Number.isInteger(n)))
        ) {
          throw new Error(
            `"${label}" takes ${element.is_decimal_allowed === true ? 'a number' : 'a whole number'}`,
          );
        }
        return { type, value: text === '' ? null : text };
      }
      case 'rich_text_input': {
        const text = one();
        const section = { type: 'rich_text_section', elements: [{ type: 'text', text }] };
        return { type, rich_text_value: { type: 'rich_text', elements: [section] } };
      }
      case 'static_select':
      case 'external_select':
      case 'radio_buttons': {
        const text = one();
        return { type, selected_option: text === '' ? null : option(text) };
      }
      case 'multi_static_select':
      case 'multi_external_select':
        return { type, selected_options: many().map(option) };
      case 'checkboxes': {
        if (typeof value === 'boolean') {
          const options = staticOptions(element);
          if (options.length !== 1) throw new Error(`"${label}" has ${options.length} checkboxes; name them`);
          return { type, selected_options: value ? structuredClone(options) : [] };
        }
        return { type, selected_options: many().map(option) };
      }
      case 'datepicker': {
        const date = one();
        if (date !== '' && !/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Error(`"${label}" takes YYYY-MM-DD`);
        return { type, selected_date: date === '' ? null : date };
      }
      case 'timepicker': {
        const time = one();
        if (time !== '' && !/^\d{2}:\d{2}$/.test(time)) throw new Error(`"${label}" takes HH:mm`);
        return { type, selected_time: time === '' ? null : time };
      }
      case 'datetimepicker': {
        const seconds = Number(one());
        if (!Number.isInteger(seconds)) throw new Error(`"${label}" takes a Unix time in seconds`);
        return { type, selected_date_time: seconds };
      }
      case 'users_select':
        return { type, selected_user: one() || null };
      case 'multi_users_select':
        return { type, selected_users: many() };
      case 'conversations_select':
        return { type, selected_conversation: one() || null };
      case 'multi_conversations_select':
        return { type, selected_conversations: many() };
      case 'channels_select':
        return { type, selected_channel: one() || null };
      case 'file_input': {
        // The page uploads the chosen files first (standIn.uploadAsUser); the state names them.
        const ids = many();
        const max = typeof element.max_files === 'number' ? element.max_files : 10;
        if (ids.length > max) throw new Error(`"${label}" takes at most ${max} files`);
        const files = ids.map((id) => {
          const file = standIn.userFile(id);
          if (!file) throw new Error(`"${label}": no uploaded file ${id}`);
          return file;
        });
        return { type, files };
      }
      default:
        throw new Error(`"${label}" is a ${type}, which fillModal cannot fill`);
    }
  };

  const buttonAction = ({ block, element }: Found): Json => {
    const action: Json = {
      action_id: element.action_id,
      block_id: block.block_id,
      text: plainText(element.text),
    };
    if (element.value !== undefined) action.value = element.value;
    if (element.style !== undefined) action.style = element.style;
    if (element.url !== undefined) action.url = element.url;
    action.type = 'button';
    return action;
  };

  const fillModal = (userId: string, values: Record<string, FillValue>) => {
    const surface = viewSurface(userId, 'modal');
    const inputs = (surface.blocks as Json[]).filter((block) => block.type === 'input');
    for (const [label, value] of Object.entries(values)) {
      const block = inputs.find((b) => textOf(b.label).trim() === label.trim());
      if (!block || !isRecord(block.element)) {
        const labels = inputs.map((b) => `"${textOf(b.label)}"`).join(', ') || 'none';
        throw new Error(`No input labelled "${label}" on ${surface.name}. Inputs: ${labels}`);
      }
      const found: Found = { surface, block, element: block.element };
      const state = stateFor(found, value, label);
      standIn.setElementState(surface.ref, String(block.block_id), String(block.element.action_id), state);
    }
  };

  /** What Slack's client checks before it sends a submission. */
  const clientErrors = (view: StandInView): ClientValidationError | undefined => {
    const errors: Record<string, string> = {};
    const blockErrors: Record<string, string> = {};
    for (const block of view.blocks as unknown as Json[]) {
      if (block.type !== 'input' || !isRecord(block.element)) continue;
      const state = view.state.values[String(block.block_id)]?.[String(block.element.action_id)];
      let error: string | undefined;
      const min = block.element.min_length;
      const text = state?.value;
      if (block.optional !== true && isEmptyState(state)) error = 'Please complete this required field.';
      else if (typeof min === 'number' && typeof text === 'string' && text.length < min) {
        error = `Must be at least ${min} characters.`;
      }
      if (error === undefined) continue;
      errors[textOf(block.label)] = error;
      blockErrors[String(block.block_id)] = error;
    }
    return Object.keys(errors).length > 0 ? new ClientValidationError(errors, blockErrors) : undefined;
  };

  const responseUrlsFor = (userId: string, view: StandInView): Json[] => {
    const urls: Json[] = [];
    for (const { block, element } of elementsOf(view.blocks)) {
      if (block.type !== 'input' || element.response_url_enabled !== true) continue;
      const state = view.state.values[String(block.block_id)]?.[String(element.action_id)];
      const channel = state?.selected_conversation ?? state?.selected_channel;
      if (typeof channel !== 'string') continue;
      urls.push({
        block_id: block.block_id,
        action_id: element.action_id,
        channel_id: channel,
        response_url: standIn.responseUrl({ userId, channel }),
      });
    }
    return urls;
  };

  return {
    sign,
    post,

    redeliver(sent, retry) {
      if (socketConnection !== undefined) return overSocket(sent, retry);
      return post(sent.body, sent.contentType, {
        ...sign(sent.body),
        'X-Slack-Retry-Num': String(retry.num),
        'X-Slack-Retry-Reason': retry.reason ?? 'http_timeout',
      });
    },

    async urlVerification(challenge) {
      return sendJsonBody({ token: standIn.verificationToken, challenge, type: 'url_verification' });
    },

    async slashCommand(userId, text, command = '/otto', channelId) {
      ensureUser(userId);
      const channel = channelId ?? standIn.dmChannelId(userId);
      const form = new URLSearchParams({
        token: standIn.verificationToken,
        team_id: teamId,
        team_domain: standIn.teamDomain,
        channel_id: channel,
        channel_name: channel.startsWith('D') ? 'directmessage' : channel.toLowerCase(),
        user_id: userId,
        user_name: userObject(userId).name,
        command,
        text,
        api_app_id: standIn.appId,
        is_enterprise_install: 'false',
        response_url: standIn.responseUrl({ userId, channel }),
        trigger_id: standIn.issueTriggerId(userId),
      });
      return sendSigned(form.toString(), 'application/x-www-form-urlencoded');
    },

    async appHomeOpened(userId) {
      ensureUser(userId);
      const event: Json = {
        type: 'app_home_opened',
        user: userId,
        channel: standIn.dmChannelId(userId),
        tab: 'home',
      };
      const home = standIn.home(userId);
      if (home) event.view = home;
      event.event_ts = nowTs();
      return sendJsonBody(eventCallback(event));
    },

    async messageIm(userId, text, threadTs) {
      ensureUser(userId);
      const channel = standIn.dmChannelId(userId);
      const stored = standIn.postAsUser(userId, channel, text, threadTs);
      const event: Json = {
        user: userId,
        type: 'message',
        ts: stored.ts,
        client_msg_id: randomUUID(),
        text,
        team: teamId,
        blocks: [
          {
            type: 'rich_text',
            block_id: randomId('', 5),
            elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text }] }],
          },
        ],
        channel,
        event_ts: stored.ts,
        channel_type: 'im',
      };
      if (threadTs !== undefined) {
        event.thread_ts = threadTs;
        const parent = standIn.message(channel, threadTs);
        if (parent) event.parent_user_id = parent.user;
      }
      const response = await sendJsonBody(eventCallback(event));
      return { ...response, ts: stored.ts };
    },

    async postMessage(userId, channel, text, options = {}) {
      ensureUser(userId);
      const files = (options.files ?? []).map((file) =>
        standIn.fileFromClient(userId, file.name, file.bytes, file.mimetype),
      );
      const stored = standIn.postAsUser(
        userId,
        channel,
        text,
        options.threadTs,
        files.map((file) => file.id),
      );
      const response = await sendJsonBody(eventCallback(messageEventOf(stored)));
      return { ...response, ts: stored.ts, files };
    },

    async editMessage(userId, channel, ts, text) {
      const { previous, message } = standIn.editAsUser(userId, channel, ts, text);
      const at = nowTs();
      const inner = (m: StoredMessage) => {
        const { channel: _c, event_ts: _e, channel_type: _t, ...rest } = messageEventOf(m);
        return rest;
      };
      return sendJsonBody(
        eventCallback({
          type: 'message',
          subtype: 'message_changed',
          hidden: true,
          message: { ...inner(message), edited: message.edited },
          channel,
          previous_message: inner(previous),
          event_ts: at,
          ts: at,
          channel_type: channelTypeOf(channel),
        }),
      );
    },

    async deleteMessage(userId, channel, ts) {
      const previous = standIn.deleteAsUser(userId, channel, ts);
      const at = nowTs();
      const { channel: _c, event_ts: _e, channel_type: _t, ...before } = messageEventOf(previous);
      return sendJsonBody(
        eventCallback({
          type: 'message',
          subtype: 'message_deleted',
          hidden: true,
          deleted_ts: ts,
          channel,
          previous_message: before,
          event_ts: at,
          ts: at,
          channel_type: channelTypeOf(channel),
        }),
      );
    },

    async messageEvent(channel, ts) {
      const stored = standIn.message(channel, ts);
      if (!stored) throw new Error(`No message ${ts} in ${channel}`);
      return sendJsonBody(eventCallback(messageEventOf(stored)));
    },

    async clickButton(userId, label, where) {
      ensureUser(userId);
      const found = find(
        userId,
        where,
        'button',
        (el) => el.type === 'button',
        (_b, el) => [textOf(el.text)],
        label,
      );
      return sendPayload(blockActions(userId, found.surface, [buttonAction(found)]));
    },

    async selectOption(userId, label, optionText, where) {
      ensureUser(userId);
      const found = find(
        userId,
        where,
        'select',
        (el) => selectableTypes.has(String(el.type)),
        namesOf,
        label,
      );
      const { block, element, surface } = found;
      const type = String(element.type);
      if (block.type === 'input' && block.dispatch_action !== true) {
        throw new Error(
          `${describe(label)} is an input without dispatch_action: Slack sends nothing when it changes (use fillModal)`,
        );
      }
      const option = findOption(found, optionText);
      const blockId = String(block.block_id);
      const actionId = String(element.action_id);
      const action: Json = { type, action_id: actionId, block_id: blockId };
      if (type === 'overflow') {
        action.selected_option = option;
      } else if (type === 'checkboxes' || type.startsWith('multi_')) {
        const current = standIn.stateValues(surface.ref)[blockId]?.[actionId]?.selected_options;
        const selected = Array.isArray(current) ? (current as Json[]) : [];
        const without = selected.filter((o) => o.value !== option.value);
        const next =
          type === 'checkboxes' && without.length < selected.length ? without : [...without, option];
        standIn.setElementState(surface.ref, blockId, actionId, { type, selected_options: next });
        action.selected_options = next;
      } else {
        standIn.setElementState(surface.ref, blockId, actionId, { type, selected_option: option });
        action.selected_option = option;
      }
      if (type.endsWith('select') && element.placeholder !== undefined)
        action.placeholder = element.placeholder;
      return sendPayload(blockActions(userId, surface, [action]));
    },

    async loadOptions(userId, label, query, where) {
      ensureUser(userId);
      const found = find(
        userId,
        where,
        'external select',
        (el) => externalTypes.has(String(el.type)),
        namesOf,
        label,
      );
      const { block, element, surface } = found;
      const payload: Json = { ...interaction('block_suggestion', userId) };
      if (surface.message && 'channel' in surface.ref) {
        payload.container = {
          type: 'message',
          message_ts: surface.message.ts,
          channel_id: surface.ref.channel,
          is_ephemeral: surface.message.ephemeralFor !== undefined,
        };
        payload.channel = { id: surface.ref.channel, name: surface.ref.channel.toLowerCase() };
        payload.message = apiMessage(surface.message);
      } else {
        const view = viewOf(userId, surface);
        payload.container = { type: 'view', view_id: view?.id };
        payload.view = view;
      }
      Object.assign(payload, {
        action_id: element.action_id,
        block_id: block.block_id,
        value: query,
        ...teamFields,
      });
      const response = await sendPayload(payload);
      if (response.status !== 200 || !isRecord(response.json)) {
        throw new Error(
          `block_suggestion answered ${response.status} ${response.body}; Slack shows no options`,
        );
      }
      const answer = response.json;
      const options = Array.isArray(answer.options)
        ? answer.options.filter(isRecord)
        : staticOptions({ option_groups: answer.option_groups });
      if (options.length > maxExternalOptions) {
        throw new Error(`block_suggestion answered ${options.length} options; Slack takes at most 100`);
      }
      const key = refKey(surface.ref, block, element);
      const known = loaded.get(key) ?? new Map<string, Json>();
      for (const option of options) known.set(String(option.value), option);
      loaded.set(key, known);
      return structuredClone(options) as unknown as SlackOption[];
    },

    fillModal,

    async globalShortcut(userId, callbackId) {
      ensureUser(userId);
      return sendPayload({
        type: 'shortcut',
        token: standIn.verificationToken,
        action_ts: nowTs(),
        ...teamFields,
        user: { id: userId, username: userObject(userId).username, team_id: teamId },
        callback_id: callbackId,
        trigger_id: standIn.issueTriggerId(userId),
      });
    },

    async messageShortcut(userId, callbackId, { channel, ts }) {
      ensureUser(userId);
      const message = standIn.message(channel, ts);
      if (!message || (message.ephemeralFor !== undefined && message.ephemeralFor !== userId))
        throw new Error(`No message ${ts} visible to ${userId} in ${channel}`);
      if (message.ephemeralFor !== undefined)
        throw new Error('Slack offers no message shortcuts on ephemeral messages');
      return sendPayload({
        type: 'message_action',
        token: standIn.verificationToken,
        action_ts: nowTs(),
        ...teamFields,
        user: userObject(userId),
        channel: { id: channel, name: channel.startsWith('D') ? 'directmessage' : channel.toLowerCase() },
        callback_id: callbackId,
        trigger_id: standIn.issueTriggerId(userId),
        response_url: standIn.responseUrl({ userId, channel }),
        message_ts: ts,
        message: apiMessage(message),
      });
    },

    attachFiles(userId, label, files) {
      const surface = viewSurface(userId, 'modal');
      const block = (surface.blocks as Json[]).find(
        (b) => b.type === 'input' && textOf(b.label).trim() === label.trim(),
      );
      const element = block && isRecord(block.element) ? block.element : undefined;
      if (!block || element?.type !== 'file_input')
        throw new Error(`No file input labelled "${label}" on ${surface.name}`);
      const max = typeof element.max_files === 'number' ? element.max_files : 10;
      const blockId = String(block.block_id);
      const actionId = String(element.action_id);
      const before = standIn.stateValues(surface.ref)[blockId]?.[actionId]?.files;
      const kept = Array.isArray(before) ? before : [];
      if (kept.length + files.length > max) throw new Error(`"${label}" takes at most ${max} files`);
      const types = Array.isArray(element.filetypes) ? element.filetypes.map(String) : undefined;
      const uploaded = files.map((file) => {
        const extension = /\.([A-Za-z0-9]{1,10})$/.exec(file.name)?.[1]?.toLowerCase();
        if (types && (!extension || !types.includes(extension)))
          throw new Error(`"${label}" takes ${types.join(', ')} files, not ${file.name}`);
        return standIn.uploadAsUser(userId, file);
      });
      standIn.setElementState(surface.ref, blockId, actionId, {
        type: 'file_input',
        files: [...kept, ...uploaded],
      });
      return uploaded;
    },

    enterValues(userId, where, values) {
      ensureUser(userId);
      for (const [blockId, byAction] of Object.entries(values)) {
        for (const [actionId, value] of Object.entries(byAction)) {
          const ref = { blockId, actionId };
          const found = find(
            userId,
            where,
            'input',
            (el) => initialState(el) !== undefined,
            () => [],
            ref,
          );
          const state = stateFor(found, value, describe(ref), 'value');
          standIn.setElementState(found.surface.ref, blockId, actionId, state);
        }
      }
    },

    async act(userId, ref, where, option) {
      ensureUser(userId);
      const found = find(
        userId,
        where,
        'element',
        (el) => el.type !== 'image',
        () => [],
        ref,
      );
      const { block, element, surface } = found;
      const type = String(element.type);
      if (type === 'button') return sendPayload(blockActions(userId, surface, [buttonAction(found)]));
      const ids = { action_id: ref.actionId, block_id: ref.blockId };
      if (type === 'overflow') {
        if (option === undefined) throw new Error(`${describe(ref)} is an overflow menu: name the option`);
        const selected = findOption(found, { value: option });
        return sendPayload(blockActions(userId, surface, [{ type, ...ids, selected_option: selected }]));
      }
      if (block.type === 'input' && block.dispatch_action !== true) {
        throw new Error(
          `${describe(ref)} is an input without dispatch_action: Slack sends nothing when it changes`,
        );
      }
      const state = standIn.stateValues(surface.ref)[ref.blockId]?.[ref.actionId];
      if (!state) throw new Error(`${describe(ref)} is a ${type}, which sends no block_actions`);
      const action: Json = { ...state, ...ids };
      if (type.endsWith('select') && element.placeholder !== undefined)
        action.placeholder = element.placeholder;
      return sendPayload(blockActions(userId, surface, [action]));
    },

    async submitModal(userId, values) {
      ensureUser(userId);
      if (values) fillModal(userId, values);
      const view = standIn.topModal(userId);
      if (!view) throw new Error(`${userId} has no modal open`);
      if (view.type !== 'modal' || !view.submit) throw new Error(`${userId}'s modal has no submit button`);
      const refused = clientErrors(view);
      if (refused) throw refused;
      const payload: Json = {
        ...interaction('view_submission', userId),
        trigger_id: standIn.issueTriggerId(userId),
        view,
        response_urls: responseUrlsFor(userId, view),
        ...teamFields,
      };
      const response = await sendPayload(payload);
      // Slack applies a 200 that is empty or JSON; anything else leaves the modal showing an error.
      const empty = response.body.trim() === '';
      if (response.status === 200 && (empty || response.json !== undefined)) {
        standIn.applyViewSubmissionAnswer(userId, empty ? undefined : response.json);
      }
      return response;
    },

    async closeModal(userId) {
      ensureUser(userId);
      const top = standIn.topModal(userId);
      if (!top) throw new Error(`${userId} has no modal open`);
      const { cleared } = standIn.closeTopModal(userId);
      if (!top.notify_on_close) return null;
      return sendPayload({
        ...interaction('view_closed', userId),
        view: top,
        is_cleared: cleared,
        ...teamFields,
      });
    },

    lastErrors(userId) {
      return standIn.viewErrors(userId);
    },
  };
}
