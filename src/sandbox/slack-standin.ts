// A local stand-in for Slack's Web API: the app's WebClient points at it (SLACK_API_URL), it answers
// the methods Otto uses with Slack's shapes and errors, keeps messages, homes and modal stacks, and
// records every call. The driver (slack-driver.ts) plays the user's side against the same state.
// Socket Mode (socket-mode-standin.ts): `apps.connections.open` with the app token, then envelopes
// over WebSockets on the same port.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { View } from '@slack/types';
import { validateBlocks, validateView } from './block-kit-limits.js';
import {
  type EnvelopeAck,
  type EnvelopeOptions,
  type EnvelopeType,
  type ReceivedAck,
  SocketModeHub,
} from './socket-mode-standin.js';

export type { EnvelopeAck, EnvelopeOptions, EnvelopeType, ReceivedAck } from './socket-mode-standin.js';

export interface StandInUser {
  id: string;
  name: string;
  realName?: string;
  email?: string;
  tz?: string;
  isBot?: boolean;
}

export interface RecordedCall {
  method: string;
  /** What the app sent, JSON-encoded fields (blocks, view, metadata…) parsed back; the token is left out. */
  args: Record<string, unknown>;
  ok: boolean;
  error?: string;
  at: number;
}

export interface MessageMetadata {
  event_type: string;
  event_payload: Record<string, unknown>;
}

export interface StoredMessage {
  ts: string;
  channel: string;
  /** The bot user for the app's messages, the author for messages the driver sends. */
  user: string;
  bot_id?: string;
  text: string;
  blocks?: Record<string, unknown>[];
  metadata?: MessageMetadata;
  thread_ts?: string;
  ephemeralFor?: string;
  edited?: { user: string; ts: string };
  /** Files shared with the message (files.completeUploadExternal with a channel, or a person's upload). */
  files?: StoredFile[];
  /** `bot_message` for an app's message under another name (chat:write.customize); `file_share` for a person's files. */
  subtype?: string;
  /** The name and picture an app's message was posted under (chat.postMessage `username`, `icon_url`). */
  username?: string;
  icons?: { image_48?: string };
  reactions?: Array<{ name: string; users: string[] }>;
}

/** A file uploaded through files.getUploadURLExternal, its upload, and files.completeUploadExternal. */
export interface StoredFile {
  id: string;
  name: string;
  title: string;
  /** The bytes uploaded, as UTF-8 text, for a text file (others: `fileBytes(id)`). */
  content: string;
  /** Where it was shared; undefined while it is private to the app. */
  channel?: string;
  mimetype?: string;
  size?: number;
  /** Who uploaded it: the bot user for the app's uploads. */
  user?: string;
  /** Where its bytes are fetched with the bot token (Slack's files-pri addresses). */
  url_private?: string;
  url_private_download?: string;
}

/** What a user uploads (the driver's `attachFiles`). */
export interface UserUpload {
  name: string;
  content: Buffer | string;
  mimetype?: string;
}

/** A file as a file input's state gives it (the fields Otto and Bolt read). */
export interface UploadedFileInfo {
  id: string;
  created: number;
  timestamp: number;
  name: string;
  title: string;
  mimetype: string;
  filetype: string;
  pretty_type: string;
  user: string;
  user_team: string;
  editable: boolean;
  size: number;
  mode: string;
  is_external: boolean;
  external_type: string;
  is_public: boolean;
  public_url_shared: boolean;
  display_as_bot: boolean;
  username: string;
  url_private: string;
  url_private_download: string;
  permalink: string;
  [key: string]: unknown;
}

/** One stateful element's value as Slack reports it in `state.values[block_id][action_id]`. */
export type ElementState = { type: string } & Record<string, unknown>;
export type StateValues = Record<string, Record<string, ElementState>>;

export type StandInView = View & {
  id: string;
  team_id: string;
  hash: string;
  state: { values: StateValues };
  callback_id: string;
  private_metadata: string;
  external_id: string;
  root_view_id: string | null;
  previous_view_id: string | null;
  app_id: string;
  bot_id: string;
  app_installed_team_id: string;
  clear_on_close: boolean;
  notify_on_close: boolean;
};

/** Where a response_url's messages go, as Slack ties each URL to the interaction that produced it. */
export interface ResponseUrlContext {
  userId: string;
  channel: string;
  /** The message an interaction came from: `replace_original` / `delete_original` act on it. */
  messageTs?: string;
}

export interface RecordedResponse {
  url: string;
  body: Record<string, unknown>;
  ok: boolean;
  error?: string;
}

/** A surface whose element state the driver changes: a view by id, or a message. */
export type SurfaceRef = { viewId: string } | { channel: string; ts: string };

export interface StandInOptions {
  port?: number;
  host?: string;
  botUserId?: string;
  botId?: string;
  teamId?: string;
  botToken?: string;
  /** The app-level token (xapp-…) Socket Mode connects with. */
  appToken?: string;
  /** How long an issued trigger_id stays usable; Slack's is 3 seconds. */
  triggerTtlMs?: number;
  /** Clock for trigger expiry, message ts and recorded calls; defaults to Date.now. */
  now?: () => number;
}

export interface SlackStandIn {
  readonly apiUrl: string;
  readonly baseUrl: string;
  readonly botUserId: string;
  readonly botId: string;
  readonly teamId: string;
  readonly teamDomain: string;
  readonly appId: string;
  readonly botToken: string;
  readonly appToken: string;
  /** The legacy verification token Slack puts in interaction payloads. */
  readonly verificationToken: string;
  readonly calls: RecordedCall[];
  callsTo(method: string): RecordedCall[];
  clearCalls(): void;
  addUser(user: StandInUser): void;
  user(userId: string): StandInUser | undefined;
  users(): StandInUser[];
  /** A trigger_id for an interaction by `userId`: usable once, until triggerTtlMs has passed. */
  issueTriggerId(userId: string): string;
  rateLimitNext(method: string, times: number, retryAfterSeconds: number): void;
  failNext(method: string, times: number, error: string): void;
  /**
   * Holds back the answers to `method` until released: each call takes effect as it arrives (a
   * message is posted), only its answer waits, as when the caller dies before Slack's answer comes.
   */
  holdAnswers(method: string): AnswerHold;
  home(userId: string): StandInView | undefined;
  modalStack(userId: string): StandInView[];
  topModal(userId: string): StandInView | undefined;
  dmChannelId(userId: string): string;
  messages(channelId: string): StoredMessage[];
  message(channelId: string, ts: string): StoredMessage | undefined;
  /** Files completed, in the order they were completed (people's uploads too). */
  files(): StoredFile[];
  /**
   * A file a user uploads into a modal's file input: its object as Slack puts it in the view's
   * state, its bytes served at `url_private` / `url_private_download` to the bot token alone.
   */
  uploadAsUser(userId: string, file: UserUpload): UploadedFileInfo;
  /** How many times each user-uploaded file was fetched with the bot token, by file id. */
  fileDownloads(): Record<string, number>;
  /** A file's bytes as uploaded; undefined once deleted. */
  fileBytes(fileId: string): Buffer | undefined;
  /** Slack's file object for a file a person uploaded into a file input, as payloads carry it. */
  userFile(fileId: string): UploadedFileInfo | undefined;
  responseUrl(context?: ResponseUrlContext): string;
  responses(): RecordedResponse[];

  // The user's side, used by the driver.
  /** Adds a message written by a user (not the app) to a DM or channel, with files they uploaded; returns what was stored. */
  postAsUser(
    userId: string,
    channel: string,
    text: string,
    threadTs?: string,
    fileIds?: string[],
  ): StoredMessage;
  /** A person uploads a file in the client (not yet shared): it gets Slack's private download addresses. */
  fileFromClient(userId: string, name: string, bytes: Buffer, mimetype?: string): StoredFile;
  /** A person edits their message; returns it before and after. */
  editAsUser(
    userId: string,
    channel: string,
    ts: string,
    text: string,
  ): { previous: StoredMessage; message: StoredMessage };
  /** A person deletes their message; returns it as it was. */
  deleteAsUser(userId: string, channel: string, ts: string): StoredMessage;
  /** Full state of a surface as Slack sends it in payloads: entered values, else initial values, else empty. */
  stateValues(ref: SurfaceRef): StateValues;
  /** What the user has put in one element; `undefined` forgets it. */
  setElementState(ref: SurfaceRef, blockId: string, actionId: string, state: ElementState | undefined): void;
  /**
   * What Slack does with a message the app answers a slash command with in its HTTP response: shows it
   * to the user only, or in the channel with `response_type: 'in_channel'`.
   */
  answerCommand(context: ResponseUrlContext, answer: unknown): void;
  /** Applies the app's answer to a view_submission to the user's modal stack, as Slack does. */
  applyViewSubmissionAnswer(userId: string, answer: unknown): void;
  /** Closes the top modal (all of them for clear_on_close); returns the views closed, top first. */
  closeTopModal(userId: string): { closed: StandInView[]; cleared: boolean };
  /** Field errors from the last `response_action: 'errors'`, until the modal changes. */
  viewErrors(userId: string): Record<string, string> | undefined;

  // Socket Mode.
  /** The app's open Socket Mode connections, oldest first. */
  socketConnections(): string[];
  /** Hands an envelope to one connection (by default they take turns) and waits for its ack. */
  sendEnvelope(
    type: EnvelopeType,
    payload: Record<string, unknown>,
    options?: EnvelopeOptions,
  ): Promise<EnvelopeAck>;
  /** Every ack received on any connection, in order. */
  socketAcks(): ReceivedAck[];

  close(): Promise<void>;
}

/** Answers held back by `holdAnswers`. */
export interface AnswerHold {
  /** Answers waiting now. */
  held(): number;
  /** Sends the waiting answers, and answers later calls at once. */
  release(): void;
}

type Json = Record<string, unknown>;

interface ViewRecord {
  userId: string;
  surface: 'modal' | 'home';
  view: Json;
  entered: StateValues;
}

interface Trigger {
  userId: string;
  expiresAt: number;
  used: boolean;
}

interface ResponseUrlRecord {
  context: ResponseUrlContext | undefined;
  uses: number;
  expiresAt: number;
}

interface Answer {
  status: number;
  body: Json;
  headers?: Record<string, string>;
}

class Refusal extends Error {
  constructor(
    readonly error: string,
    readonly extra: Json = {},
  ) {
    super(error);
  }
}

const maxModalStack = 3;
const maxResponseUrlUses = 5;
const responseUrlTtlMs = 30 * 60 * 1000;
const maxMessageText = 40_000;
const defaultTz = 'America/New_York';
/** Fields Slack's clients send JSON-encoded in form bodies. */
const jsonFields = new Set([
  'blocks',
  'attachments',
  'view',
  'metadata',
  'user_auth_blocks',
  'profile',
  'files',
]);

const requiredArgs: Record<string, string[]> = {
  'files.getUploadURLExternal': ['filename', 'length'],
  'files.completeUploadExternal': ['files'],
  'chat.postMessage': ['channel'],
  'chat.update': ['channel', 'ts'],
  'chat.delete': ['channel', 'ts'],
  'chat.postEphemeral': ['channel', 'user'],
  'reactions.add': ['channel', 'name', 'timestamp'],
  'files.delete': ['file'],
  'conversations.history': ['channel'],
  'conversations.replies': ['channel', 'ts'],
  'users.info': ['user'],
  'chat.getPermalink': ['channel', 'message_ts'],
  'users.lookupByEmail': ['email'],
  'views.open': ['view'],
  'views.push': ['view'],
  'views.update': ['view'],
  'views.publish': ['user_id', 'view'],
};

const inputTypesWithValue = new Set([
  'plain_text_input',
  'email_text_input',
  'url_text_input',
  'number_input',
]);

export function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function clone<T>(value: T): T {
  return structuredClone(value);
}

/** A random id in Slack's style: a type letter and upper-case alphanumerics. */
export function randomId(prefix: string, length = 10): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  const bytes = randomBytes(length);
  let id = prefix;
  for (const byte of bytes) id += alphabet[byte % alphabet.length];
  return id;
}

function shortId(): string {
  return randomBytes(3).toString('base64url');
}

/** The visible text of a text object (`{ type, text }`), or '' when there is none. */
export function textOf(value: unknown): string {
  return isRecord(value) && typeof value.text === 'string' ? value.text : '';
}

/** Every interactive element of a block list with the block holding it. */
export function elementsOf(blocks: unknown): Array<{ block: Json; element: Json }> {
  const found: Array<{ block: Json; element: Json }> = [];
  if (!Array.isArray(blocks)) return found;
  for (const block of blocks) {
    if (!isRecord(block)) continue;
    if (block.type === 'section' && isRecord(block.accessory))
      found.push({ block, element: block.accessory });
    if (block.type === 'input' && isRecord(block.element)) found.push({ block, element: block.element });
    if (block.type === 'actions' && Array.isArray(block.elements)) {
      for (const element of block.elements) if (isRecord(element)) found.push({ block, element });
    }
  }
  return found;
}

/** Copies blocks and gives every block and interactive element an id, as Slack does when they lack one. */
function withIds(blocks: unknown): Json[] | undefined {
  if (!Array.isArray(blocks)) return undefined;
  const copy = clone(blocks).filter(isRecord);
  for (const block of copy) {
    if (typeof block.block_id !== 'string') block.block_id = shortId();
  }
  for (const { element } of elementsOf(copy)) {
    if (typeof element.action_id !== 'string' && element.type !== 'image') element.action_id = shortId();
  }
  return copy;
}

/** The state Slack reports for an element nobody has touched, or undefined for elements without state. */
export function initialState(element: Json): ElementState | undefined {
  const type = String(element.type);
  if (inputTypesWithValue.has(type)) return { type, value: element.initial_value ?? null };
  switch (type) {
    case 'rich_text_input':
      return { type, rich_text_value: element.initial_value ?? null };
    case 'static_select':
    case 'external_select':
    case 'radio_buttons':
      return { type, selected_option: clone(element.initial_option ?? null) };
    case 'multi_static_select':
    case 'multi_external_select':
    case 'checkboxes':
      return { type, selected_options: clone(element.initial_options ?? []) };
    case 'users_select':
      return { type, selected_user: element.initial_user ?? null };
    case 'multi_users_select':
      return { type, selected_users: clone(element.initial_users ?? []) };
    case 'conversations_select':
      return { type, selected_conversation: element.initial_conversation ?? null };
    case 'multi_conversations_select':
      return { type, selected_conversations: clone(element.initial_conversations ?? []) };
    case 'channels_select':
      return { type, selected_channel: element.initial_channel ?? null };
    case 'multi_channels_select':
      return { type, selected_channels: clone(element.initial_channels ?? []) };
    case 'datepicker':
      return { type, selected_date: element.initial_date ?? null };
    case 'timepicker':
      return { type, selected_time: element.initial_time ?? null };
    case 'datetimepicker':
      return { type, selected_date_time: element.initial_date_time ?? null };
    case 'file_input':
      return { type, files: [] };
    default:
      return undefined;
  }
}

/** `state.values` as Slack builds it: every stateful element, entered value first, else its initial one. */
export function buildStateValues(blocks: unknown, entered: StateValues): StateValues {
  const values: StateValues = {};
  for (const { block, element } of elementsOf(blocks)) {
    const blockId = String(block.block_id);
    const actionId = String(element.action_id);
    const state = entered[blockId]?.[actionId] ?? initialState(element);
    if (state === undefined) continue;
    values[blockId] ??= {};
    (values[blockId] as Record<string, ElementState>)[actionId] = clone(state);
  }
  return values;
}

/** Keeps what the user entered in elements that survive an update (same block_id and action_id). */
function keepEntered(entered: StateValues, blocks: unknown): StateValues {
  const kept: StateValues = {};
  for (const { block, element } of elementsOf(blocks)) {
    const blockId = String(block.block_id);
    const actionId = String(element.action_id);
    const state = entered[blockId]?.[actionId];
    if (state === undefined || state.type !== element.type) continue;
    kept[blockId] ??= {};
    (kept[blockId] as Record<string, ElementState>)[actionId] = state;
  }
  return kept;
}

function tzInfo(tz: string, at: number): { label: string; offset: number } {
  const part = (timeZoneName: 'long' | 'longOffset') =>
    new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName })
      .formatToParts(at)
      .find((p) => p.type === 'timeZoneName')?.value ?? '';
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(part('longOffset'));
  const offset = match ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 3600 + Number(match[3]) * 60) : 0;
  return { label: part('long'), offset };
}

function str(args: Json, key: string): string | undefined {
  const value = args[key];
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function flag(args: Json, key: string): boolean {
  const value = args[key];
  return value === true || value === 'true' || value === '1' || value === 1;
}

function tsNumber(ts: string): number {
  return Number(ts);
}

function parseMetadata(value: unknown): MessageMetadata | undefined {
  if (value === undefined) return undefined;
  if (!isRecord(value) || typeof value.event_type !== 'string' || value.event_type.length === 0) {
    throw new Refusal('invalid_metadata_format');
  }
  if (value.event_payload !== undefined && !isRecord(value.event_payload)) {
    throw new Refusal('invalid_metadata_format');
  }
  return { event_type: value.event_type, event_payload: clone((value.event_payload as Json) ?? {}) };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseFields(params: URLSearchParams, into: Json): void {
  for (const [key, value] of params) {
    into[key] = value;
  }
}

/** Turns a request into method args: form or JSON body, query string, JSON-encoded fields parsed back. */
function parseArgs(req: IncomingMessage, url: URL, body: string): Json {
  const args: Json = {};
  parseFields(url.searchParams, args);
  const contentType = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (body.length > 0) {
    if (contentType === 'application/json') {
      const parsed: unknown = JSON.parse(body);
      if (!isRecord(parsed)) throw new Refusal('invalid_json');
      Object.assign(args, parsed);
    } else if (contentType === 'application/x-www-form-urlencoded' || contentType === '') {
      parseFields(new URLSearchParams(body), args);
    } else {
      throw new Refusal('invalid_form_data');
    }
  }
  for (const key of jsonFields) {
    const value = args[key];
    if (typeof value !== 'string') continue;
    try {
      args[key] = JSON.parse(value);
    } catch {
      // Left as sent: the method then refuses it as malformed.
    }
  }
  return args;
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

class StandIn implements SlackStandIn {
  readonly calls: RecordedCall[] = [];
  readonly botUserId: string;
  readonly botId: string;
  readonly teamId: string;
  readonly teamDomain = 'otto-standin';
  readonly appId = 'A0STANDIN';
  readonly botToken: string;
  readonly appToken: string;
  readonly verificationToken = 'standin-verification-token';
  baseUrl = '';

  private readonly now: () => number;
  private readonly triggerTtlMs: number;
  private readonly usersById = new Map<string, StandInUser>();
  private readonly triggers = new Map<string, Trigger>();
  private readonly rateLimits = new Map<string, { times: number; retryAfter: number }>();
  private readonly failures = new Map<string, { times: number; error: string }>();
  private readonly holds = new Map<string, { waiting: number; released: Promise<void> }>();
  private readonly channelMessages = new Map<string, StoredMessage[]>();
  private readonly messageState = new Map<string, StateValues>();
  private readonly dmByUser = new Map<string, string>();
  private readonly userByDm = new Map<string, string>();
  private readonly homes = new Map<string, ViewRecord>();
  private readonly stacks = new Map<string, ViewRecord[]>();
  private readonly errors = new Map<string, Record<string, string>>();
  private readonly responseUrls = new Map<string, ResponseUrlRecord>();
  private readonly responseLog: RecordedResponse[] = [];
  /** Uploads by file id: asked for, then their bytes, then completed as a file. */
  private readonly uploads = new Map<
    string,
    {
      filename: string;
      length: number;
      bytes?: Buffer;
      file?: StoredFile;
      completedAt?: number;
      deleted?: boolean;
    }
  >();
  /** Files users uploaded into file inputs, by id, and how often the app fetched each. */
  private readonly userUploads = new Map<
    string,
    { info: UploadedFileInfo; bytes: Buffer; downloads: number }
  >();
  /** Files people uploaded from the client, by id. */
  private lastTsMicros = 0;
  private readonly socketMode = new SocketModeHub(this.appId, () => this.baseUrl);
  private readonly server = createServer((req, res) => {
    void this.handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: 'fatal_error', detail: String(error) });
      else res.end();
    });
  }).on('upgrade', (req, socket) => this.socketMode.upgrade(req, socket));

  private readonly methods: Record<string, (args: Json) => Json> = {
    'auth.test': () => this.authTest(),
    'apps.connections.open': () => ({ url: this.socketMode.openConnectionUrl() }),
    'chat.postMessage': (args) => this.postMessage(args),
    'chat.update': (args) => this.updateMessage(args),
    'chat.delete': (args) => this.deleteMessage(args),
    'chat.postEphemeral': (args) => this.postEphemeral(args),
    'chat.getPermalink': (args) => this.permalink(args),
    'files.getUploadURLExternal': (args) => this.getUploadUrl(args),
    'files.completeUploadExternal': (args) => this.completeUploads(args),
    'files.delete': (args) => this.deleteFile(args),
    'reactions.add': (args) => this.addReaction(args),
    'conversations.open': (args) => this.openConversation(args),
    'conversations.history': (args) => this.history(args),
    'conversations.replies': (args) => this.replies(args),
    'users.info': (args) => this.userInfo(args),
    'users.lookupByEmail': (args) => this.lookupByEmail(args),
    'views.open': (args) => this.openView(args),
    'views.push': (args) => this.pushView(args),
    'views.update': (args) => this.updateView(args),
    'views.publish': (args) => this.publishView(args),
  };

  constructor(opts: StandInOptions) {
    this.botUserId = opts.botUserId ?? 'U0STANDBOT';
    this.botId = opts.botId ?? 'B0STANDBOT';
    this.teamId = opts.teamId ?? 'T0STANDIN';
    this.botToken = opts.botToken ?? 'xoxb-standin';
    this.appToken = opts.appToken ?? 'xapp-1-standin';
    this.triggerTtlMs = opts.triggerTtlMs ?? 3000;
    this.now = opts.now ?? Date.now;
    this.usersById.set(this.botUserId, { id: this.botUserId, name: 'otto', realName: 'Otto', isBot: true });
  }

  get apiUrl(): string {
    return `${this.baseUrl}/api/`;
  }

  async listen(port: number, host: string): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => resolve());
    });
    const address = this.server.address() as AddressInfo;
    const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    this.baseUrl = `http://${shownHost}:${address.port}`;
  }

  close(): Promise<void> {
    this.socketMode.close();
    return new Promise((resolve, reject) => {
      this.server.close((error) => (error ? reject(error) : resolve()));
      this.server.closeAllConnections();
    });
  }

  // ---- test-facing state ----

  socketConnections(): string[] {
    return this.socketMode.connectionIds();
  }

  sendEnvelope(type: EnvelopeType, payload: Json, options?: EnvelopeOptions): Promise<EnvelopeAck> {
    return this.socketMode.send(type, payload, options);
  }

  socketAcks(): ReceivedAck[] {
    return this.socketMode.receivedAcks();
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  clearCalls(): void {
    this.calls.length = 0;
  }

  addUser(user: StandInUser): void {
    if (user.tz !== undefined) tzInfo(user.tz, this.now()); // throws RangeError for an unknown zone
    this.usersById.set(user.id, { ...user });
  }

  user(userId: string): StandInUser | undefined {
    const user = this.usersById.get(userId);
    return user && { ...user };
  }

  users(): StandInUser[] {
    return [...this.usersById.values()].map((user) => ({ ...user }));
  }

  issueTriggerId(userId: string): string {
    const id = `${Math.floor(this.now() / 1000)}.${randomBytes(5).readUInt32BE()}.${randomBytes(16).toString('hex')}`;
    this.triggers.set(id, { userId, expiresAt: this.now() + this.triggerTtlMs, used: false });
    return id;
  }

  rateLimitNext(method: string, times: number, retryAfterSeconds: number): void {
    this.rateLimits.set(method, { times, retryAfter: retryAfterSeconds });
  }

  holdAnswers(method: string): AnswerHold {
    let release!: () => void;
    const hold = { waiting: 0, released: new Promise<void>((resolve) => (release = resolve)) };
    this.holds.set(method, hold);
    return {
      held: () => hold.waiting,
      release: () => {
        if (this.holds.get(method) === hold) this.holds.delete(method);
        release();
      },
    };
  }

  failNext(method: string, times: number, error: string): void {
    this.failures.set(method, { times, error });
  }

  home(userId: string): StandInView | undefined {
    const record = this.homes.get(userId);
    return record && this.apiView(record, true);
  }

  modalStack(userId: string): StandInView[] {
    return (this.stacks.get(userId) ?? []).map((record) => this.apiView(record, true));
  }

  topModal(userId: string): StandInView | undefined {
    const record = this.stacks.get(userId)?.at(-1);
    return record && this.apiView(record, true);
  }

  dmChannelId(userId: string): string {
    let channel = this.dmByUser.get(userId);
    if (channel === undefined) {
      channel = `D${userId.replace(/^[UW]/, '')}`;
      this.dmByUser.set(userId, channel);
      this.userByDm.set(channel, userId);
    }
    return channel;
  }

  messages(channelId: string): StoredMessage[] {
    return clone(this.channelMessages.get(channelId) ?? []);
  }

  files(): StoredFile[] {
    return [...this.uploads.values()]
      .filter((u) => u.file !== undefined && !u.deleted)
      .map((u) => ({ ...u.file! }));
  }

  fileBytes(fileId: string): Buffer | undefined {
    const upload = this.uploads.get(fileId);
    return upload && !upload.deleted ? upload.bytes : undefined;
  }

  uploadAsUser(userId: string, file: UserUpload): UploadedFileInfo {
    const bytes = typeof file.content === 'string' ? Buffer.from(file.content, 'utf8') : file.content;
    const id = randomId('F');
    const seconds = Math.floor(this.now() / 1000);
    const extension = /\.([A-Za-z0-9]{1,10})$/.exec(file.name)?.[1]?.toLowerCase() ?? 'binary';
    const mimetype = file.mimetype ?? 'application/octet-stream';
    const path = `${this.baseUrl}/files-pri/${this.teamId}-${id}`;
    const name = encodeURIComponent(file.name);
    const info: UploadedFileInfo = {
      id,
      created: seconds,
      timestamp: seconds,
      name: file.name,
      title: file.name,
      mimetype,
      filetype: extension,
      pretty_type: extension.toUpperCase(),
      user: userId,
      user_team: this.teamId,
      editable: false,
      size: bytes.length,
      mode: 'hosted',
      is_external: false,
      external_type: '',
      is_public: false,
      public_url_shared: false,
      display_as_bot: false,
      username: '',
      url_private: `${path}/${name}`,
      url_private_download: `${path}/download/${name}`,
      permalink: `https://${this.teamDomain}.slack.com/files/${userId}/${id}/${name}`,
    };
    this.userUploads.set(id, { info, bytes, downloads: 0 });
    return clone(info);
  }

  userFile(fileId: string): UploadedFileInfo | undefined {
    const upload = this.userUploads.get(fileId);
    return upload && clone(upload.info);
  }

  fileDownloads(): Record<string, number> {
    return Object.fromEntries([...this.userUploads].map(([id, upload]) => [id, upload.downloads]));
  }

  message(channelId: string, ts: string): StoredMessage | undefined {
    const found = this.findMessage(channelId, ts);
    return found && clone(found);
  }

  responseUrl(context?: ResponseUrlContext): string {
    const id = randomBytes(12).toString('hex');
    this.responseUrls.set(id, { context, uses: 0, expiresAt: this.now() + responseUrlTtlMs });
    return `${this.baseUrl}/response/${id}`;
  }

  responses(): RecordedResponse[] {
    return clone(this.responseLog);
  }

  // ---- the user's side ----

  postAsUser(
    userId: string,
    channel: string,
    text: string,
    threadTs?: string,
    fileIds: string[] = [],
  ): StoredMessage {
    const message: StoredMessage = { ts: this.nextTs(), channel, user: userId, text };
    if (threadTs !== undefined) message.thread_ts = threadTs;
    if (fileIds.length > 0) {
      message.subtype = 'file_share';
      message.files = fileIds.map((id) => {
        const upload = this.uploads.get(id);
        if (!upload?.file || upload.file.user !== userId) throw new Error(`${userId} uploaded no file ${id}`);
        upload.file.channel = channel;
        return { ...upload.file };
      });
    }
    this.store(message);
    return clone(message);
  }

  fileFromClient(
    userId: string,
    name: string,
    bytes: Buffer,
    mimetype = 'application/octet-stream',
  ): StoredFile {
    const id = randomId('F');
    const file = this.fileRecord(id, name, name, bytes, userId, mimetype);
    this.uploads.set(id, { filename: name, length: bytes.length, bytes, file, completedAt: this.now() });
    return { ...file };
  }

  editAsUser(
    userId: string,
    channel: string,
    ts: string,
    text: string,
  ): { previous: StoredMessage; message: StoredMessage } {
    const message = this.findMessage(channel, ts);
    if (!message || message.user !== userId)
      throw new Error(`${userId} wrote no message ${ts} in ${channel}`);
    const previous = clone(message);
    message.text = text;
    message.edited = { user: userId, ts: this.nextTs() };
    return { previous, message: clone(message) };
  }

  deleteAsUser(userId: string, channel: string, ts: string): StoredMessage {
    const message = this.findMessage(channel, ts);
    if (!message || message.user !== userId)
      throw new Error(`${userId} wrote no message ${ts} in ${channel}`);
    const list = this.channelMessages.get(channel) ?? [];
    list.splice(list.indexOf(message), 1);
    return clone(message);
  }

  stateValues(ref: SurfaceRef): StateValues {
    if ('viewId' in ref) {
      const record = this.findView(ref.viewId);
      if (!record) throw new Error(`No open view ${ref.viewId}`);
      return buildStateValues(record.view.blocks, record.entered);
    }
    const message = this.findMessage(ref.channel, ref.ts);
    if (!message) throw new Error(`No message ${ref.ts} in ${ref.channel}`);
    return buildStateValues(message.blocks, this.messageState.get(`${ref.channel}/${ref.ts}`) ?? {});
  }

  setElementState(ref: SurfaceRef, blockId: string, actionId: string, state: ElementState | undefined): void {
    let entered: StateValues;
    if ('viewId' in ref) {
      const record = this.findView(ref.viewId);
      if (!record) throw new Error(`No open view ${ref.viewId}`);
      entered = record.entered;
    } else {
      const key = `${ref.channel}/${ref.ts}`;
      entered = this.messageState.get(key) ?? {};
      this.messageState.set(key, entered);
    }
    const block = entered[blockId] ?? {};
    entered[blockId] = block;
    if (state === undefined) delete block[actionId];
    else block[actionId] = clone(state);
  }

  answerCommand(context: ResponseUrlContext, answer: unknown): void {
    if (!isRecord(answer) || (typeof answer.text !== 'string' && answer.blocks === undefined)) return;
    if (answer.blocks !== undefined) {
      const errors = validateBlocks(answer.blocks, 'message');
      if (errors.length > 0)
        throw new Error(`Slack would refuse the command's answer:\n${errors.join('\n')}`);
    }
    this.applyResponse({ userId: context.userId, channel: context.channel }, answer);
  }

  applyViewSubmissionAnswer(userId: string, answer: unknown): void {
    const stack = this.stacks.get(userId) ?? [];
    const top = stack.at(-1);
    if (!top) return;
    const action = isRecord(answer) ? answer.response_action : undefined;
    if (action === undefined) {
      this.popModal(userId);
      return;
    }
    const body = answer as Json;
    switch (action) {
      case 'errors': {
        const errors = body.errors;
        const inputIds = new Set(
          (top.view.blocks as Json[]).filter((b) => b.type === 'input').map((b) => String(b.block_id)),
        );
        if (!isRecord(errors) || Object.keys(errors).length === 0) {
          throw new Error('response_action "errors" needs a non-empty errors object');
        }
        for (const [blockId, message] of Object.entries(errors)) {
          if (!inputIds.has(blockId)) {
            throw new Error(
              `response_action "errors" names block "${blockId}", which is not an input block of the modal ` +
                `(input blocks: ${[...inputIds].join(', ') || 'none'}); Slack would refuse this answer`,
            );
          }
          if (typeof message !== 'string') throw new Error(`errors.${blockId} must be a string`);
        }
        this.errors.set(userId, errors as Record<string, string>);
        return;
      }
      case 'update': {
        const view = this.checkAnswerView(body.view);
        top.view = this.makeView(view, {
          id: String(top.view.id),
          root: top.view.root_view_id as string | null,
          previous: top.view.previous_view_id as string | null,
        });
        top.entered = keepEntered(top.entered, top.view.blocks);
        this.errors.delete(userId);
        return;
      }
      case 'push': {
        const view = this.checkAnswerView(body.view);
        if (stack.length >= maxModalStack) throw new Error('response_action "push": push_limit_reached');
        const id = randomId('V');
        stack.push({
          userId,
          surface: 'modal',
          view: this.makeView(view, { id, root: String(stack[0]?.view.id), previous: String(top.view.id) }),
          entered: {},
        });
        this.errors.delete(userId);
        return;
      }
      case 'clear':
        this.stacks.delete(userId);
        this.errors.delete(userId);
        return;
      default:
        throw new Error(`Unknown response_action ${JSON.stringify(action)}`);
    }
  }

  closeTopModal(userId: string): { closed: StandInView[]; cleared: boolean } {
    const stack = this.stacks.get(userId) ?? [];
    const top = stack.at(-1);
    if (!top) return { closed: [], cleared: false };
    if (top.view.clear_on_close === true) {
      const closed = stack.map((record) => this.apiView(record, true)).reverse();
      this.stacks.delete(userId);
      this.errors.delete(userId);
      return { closed, cleared: true };
    }
    const closed = this.apiView(top, true);
    this.popModal(userId);
    return { closed: [closed], cleared: false };
  }

  viewErrors(userId: string): Record<string, string> | undefined {
    const errors = this.errors.get(userId);
    return errors && { ...errors };
  }

  // ---- HTTP ----

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.baseUrl);
    const upload = /^\/upload\/(F\w+)$/.exec(url.pathname);
    if (upload?.[1] && req.method === 'POST') {
      const answer = await this.receiveUpload(upload[1], req);
      res.writeHead(answer.status, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(answer.text);
      return;
    }
    const file = /^\/files-pri\/[A-Z0-9]+-(F[A-Z0-9]+)\/(?:download\/)?[^/]+$/.exec(url.pathname);
    if (file?.[1] && (req.method === 'GET' || req.method === 'HEAD')) {
      this.serveFile(file[1], req, res);
      return;
    }
    const body = await readBody(req);
    const api = /^\/api\/([\w.]+)$/.exec(url.pathname);
    const response = /^\/response\/(\w+)$/.exec(url.pathname);
    let answer: Answer = { status: 404, body: { ok: false, error: 'not_found' } };
    if (api?.[1]) answer = this.answerApi(api[1], req, url, body);
    else if (response?.[1] && req.method === 'POST') answer = this.answerResponseUrl(response[1], url, body);
    const hold = api?.[1] ? this.holds.get(api[1]) : undefined;
    if (hold) {
      hold.waiting += 1;
      await hold.released;
      hold.waiting -= 1;
    }
    sendJson(res, answer.status, answer.body, answer.headers);
  }

  /**
   * A file's private URL: its bytes with the bot token (files:read); without it Slack answers with
   * its sign-in page, not an error status.
   */
  private serveFile(id: string, req: IncomingMessage, res: ServerResponse): void {
    const upload = this.userUploads.get(id);
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (bearer !== this.botToken) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<!DOCTYPE html><html><body>Sign in to Slack</body></html>');
      return;
    }
    if (!upload) {
      this.serveSharedFile(id, req, res);
      return;
    }
    upload.downloads += 1;
    res.writeHead(200, {
      'content-type': upload.info.mimetype,
      'content-length': String(upload.bytes.length),
      'content-disposition': `attachment; filename="${encodeURIComponent(upload.info.name)}"`,
    });
    res.end(req.method === 'HEAD' ? undefined : upload.bytes);
  }

  private answerApi(method: string, req: IncomingMessage, url: URL, body: string): Answer {
    const call: RecordedCall = { method, args: {}, ok: false, at: this.now() };
    this.calls.push(call);
    const refuse = (error: string, extra: Json = {}, status = 200, headers: Record<string, string> = {}) => {
      call.error = error;
      return { status, body: { ok: false, error, ...extra }, headers };
    };
    let args: Json;
    try {
      args = parseArgs(req, url, body);
    } catch (error) {
      return refuse(error instanceof Refusal ? error.error : 'invalid_json');
    }
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const token = bearer ?? (typeof args.token === 'string' ? args.token : undefined);
    delete args.token;
    call.args = args;

    const handler = this.methods[method];
    if (!handler) return refuse('unknown_method');
    // Socket Mode connects with the app-level token, which is good for nothing else.
    const wanted = method === 'apps.connections.open' ? this.appToken : this.botToken;
    if (token !== wanted) {
      return refuse(
        token === this.appToken || token === this.botToken ? 'not_allowed_token_type' : 'invalid_auth',
      );
    }
    const limit = this.rateLimits.get(method);
    if (limit && limit.times > 0) {
      limit.times -= 1;
      return refuse('ratelimited', {}, 429, { 'retry-after': String(limit.retryAfter) });
    }
    const failure = this.failures.get(method);
    if (failure && failure.times > 0) {
      failure.times -= 1;
      return refuse(failure.error);
    }
    for (const key of requiredArgs[method] ?? []) {
      if (str(args, key) === undefined && !isRecord(args[key]) && !Array.isArray(args[key])) {
        return refuse('invalid_arguments', { detail: `missing required argument ${key}` });
      }
    }
    try {
      const result = handler(args);
      call.ok = true;
      return { status: 200, body: { ok: true, ...result } };
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      return refuse(error.error, error.extra);
    }
  }

  private answerResponseUrl(id: string, url: URL, raw: string): Answer {
    let body: Json = {};
    try {
      const parsed: unknown = JSON.parse(raw);
      if (isRecord(parsed)) body = parsed;
    } catch {
      // Recorded as an empty body and refused below.
    }
    const entry: RecordedResponse = { url: url.href, body, ok: false };
    this.responseLog.push(entry);
    const record = this.responseUrls.get(id);
    const refuse = (status: number, error: string, extra: Json = {}) => {
      entry.error = error;
      return { status, body: { ok: false, error, ...extra } };
    };
    if (!record) return refuse(404, 'invalid_url');
    if (record.uses >= maxResponseUrlUses) return refuse(404, 'used_url');
    if (this.now() > record.expiresAt) return refuse(404, 'expired_url');
    if (Object.keys(body).length === 0) return refuse(400, 'invalid_payload');
    if (body.blocks !== undefined) {
      const errors = validateBlocks(body.blocks, 'message');
      if (errors.length > 0) return refuse(400, 'invalid_blocks', { errors });
    }
    record.uses += 1;
    if (record.context) this.applyResponse(record.context, body);
    entry.ok = true;
    return { status: 200, body: { ok: true } };
  }

  /** What Slack does with a message posted to a response_url. */
  private applyResponse(context: ResponseUrlContext, body: Json): void {
    const original = context.messageTs ? this.findMessage(context.channel, context.messageTs) : undefined;
    if (original && flag(body, 'delete_original')) {
      const list = this.channelMessages.get(context.channel) ?? [];
      list.splice(list.indexOf(original), 1);
      return;
    }
    if (original && flag(body, 'replace_original')) {
      original.text = typeof body.text === 'string' ? body.text : '';
      const blocks = withIds(body.blocks);
      if (blocks) original.blocks = blocks;
      else delete original.blocks;
      this.messageState.delete(`${context.channel}/${original.ts}`);
      return;
    }
    const message: StoredMessage = {
      ts: this.nextTs(),
      channel: context.channel,
      user: this.botUserId,
      bot_id: this.botId,
      text: typeof body.text === 'string' ? body.text : '',
    };
    const blocks = withIds(body.blocks);
    if (blocks) message.blocks = blocks;
    if (typeof body.thread_ts === 'string') message.thread_ts = body.thread_ts;
    if (body.response_type !== 'in_channel') message.ephemeralFor = context.userId;
    this.store(message);
  }

  // ---- methods ----

  private authTest(): Json {
    return {
      url: `https://${this.teamDomain}.slack.com/`,
      team: 'Otto Stand-in',
      user: 'otto',
      team_id: this.teamId,
      user_id: this.botUserId,
      bot_id: this.botId,
      is_enterprise_install: false,
    };
  }

  private postMessage(args: Json): Json {
    const channel = this.resolveChannel(str(args, 'channel'), { allowUserId: true });
    const message = this.newBotMessage(args, channel, 'message');
    this.store(message);
    return { channel, ts: message.ts, message: this.apiMessage(message, true) };
  }

  private updateMessage(args: Json): Json {
    const channel = this.resolveChannel(str(args, 'channel'), { allowUserId: false });
    const message = this.findMessage(channel, String(args.ts));
    if (!message || message.ephemeralFor !== undefined) throw new Refusal('message_not_found');
    if (message.user !== this.botUserId) throw new Refusal('cant_update_message');
    const text = typeof args.text === 'string' ? args.text : undefined;
    if (text !== undefined && text.length > maxMessageText) throw new Refusal('msg_too_long');
    if (args.blocks !== undefined) this.checkBlocks(args.blocks, 'message');
    const metadata = parseMetadata(args.metadata);
    if (text !== undefined) message.text = text;
    if (args.blocks !== undefined) {
      message.blocks = withIds(args.blocks) ?? [];
      this.messageState.delete(`${channel}/${message.ts}`);
    }
    if (metadata) message.metadata = metadata;
    message.edited = { user: this.botUserId, ts: this.nextTs() };
    return { channel, ts: message.ts, text: message.text, message: this.apiMessage(message, true) };
  }

  private getUploadUrl(args: Json): Json {
    const filename = str(args, 'filename') ?? '';
    const length = Number(args.length);
    if (!Number.isInteger(length) || length < 1) throw new Refusal('invalid_arguments');
    const id = randomId('F');
    this.uploads.set(id, { filename, length });
    return { upload_url: `${this.baseUrl}/upload/${id}`, file_id: id };
  }

  /** The upload URL takes the bytes as a multipart form (as Slack's clients send them) or raw. */
  private async receiveUpload(id: string, req: IncomingMessage): Promise<{ status: number; text: string }> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const pending = this.uploads.get(id);
    if (!pending || pending.file) return { status: 404, text: 'Not Found' };
    let bytes = raw;
    const type = req.headers['content-type'] ?? '';
    if (type.startsWith('multipart/form-data')) {
      const form = await new Request('http://upload.local/', {
        method: 'POST',
        headers: { 'content-type': type },
        body: raw,
      }).formData();
      const part = [...form.values()].find((value) => typeof value !== 'string');
      if (!part || typeof part === 'string') return { status: 400, text: 'No file' };
      bytes = Buffer.from(await part.arrayBuffer());
    }
    if (bytes.length !== pending.length) return { status: 400, text: 'Length mismatch' };
    pending.bytes = bytes;
    return { status: 200, text: `OK - ${bytes.length}` };
  }

  private completeUploads(args: Json): Json {
    const wanted = args.files;
    if (!Array.isArray(wanted) || wanted.length === 0) throw new Refusal('invalid_arguments');
    const channelArg = str(args, 'channel_id');
    const channel =
      channelArg === undefined ? undefined : this.resolveChannel(channelArg, { allowUserId: false });
    const files: StoredFile[] = [];
    for (const entry of wanted) {
      const id = isRecord(entry) ? str(entry, 'id') : undefined;
      const pending = id === undefined ? undefined : this.uploads.get(id);
      if (!id || !pending || pending.file) throw new Refusal('file_not_found');
      if (!pending.bytes) throw new Refusal('file_upload_not_completed');
      const title = (isRecord(entry) ? str(entry, 'title') : undefined) ?? pending.filename;
      files.push(this.fileRecord(id, pending.filename, title, pending.bytes, this.botUserId));
    }
    for (const file of files) {
      if (channel !== undefined) file.channel = channel;
      const pending = this.uploads.get(file.id)!;
      pending.file = file;
      pending.completedAt = this.now();
    }
    if (channel !== undefined) {
      const message: StoredMessage = {
        ts: this.nextTs(),
        channel,
        user: this.botUserId,
        bot_id: this.botId,
        text: str(args, 'initial_comment') ?? '',
        files: files.map((file) => ({ ...file })),
      };
      const threadTs = str(args, 'thread_ts');
      if (threadTs !== undefined) message.thread_ts = threadTs;
      this.store(message);
    }
    return { files: files.map((file) => this.apiFile(file)) };
  }

  /** A file as Slack describes it, with its private addresses on this stand-in. */
  private fileRecord(
    id: string,
    name: string,
    title: string,
    bytes: Buffer,
    user: string,
    mimetype = name.endsWith('.csv') ? 'text/csv' : 'text/plain',
  ): StoredFile {
    const base = `${this.baseUrl}/files-pri/${this.teamId}-${id}`;
    const safe = encodeURIComponent(name);
    return {
      id,
      name,
      title,
      // Text as text (the CSV files tests read); other files' bytes are read with fileBytes().
      content: /^text\/|csv|json/.test(mimetype) ? bytes.toString('utf8') : '',
      mimetype,
      size: bytes.length,
      user,
      url_private: `${base}/${safe}`,
      url_private_download: `${base}/download/${safe}`,
    };
  }

  /** chat.getPermalink: the message's link as Slack writes it (a reply's names its thread). */
  private permalink(args: Json): Json {
    const channel = this.resolveChannel(str(args, 'channel'), { allowUserId: false });
    const message = this.findMessage(channel, String(args.message_ts));
    if (!message || message.ephemeralFor !== undefined) throw new Refusal('message_not_found');
    let permalink = `https://${this.teamDomain}.slack.com/archives/${channel}/p${message.ts.replace('.', '')}`;
    if (message.thread_ts !== undefined && message.thread_ts !== message.ts)
      permalink += `?thread_ts=${message.thread_ts}&cid=${channel}`;
    return { channel, permalink };
  }

  private apiFile(file: StoredFile): Json {
    const { content: _content, channel: _channel, ...described } = file;
    return { ...described, mode: 'hosted', is_external: false, filetype: file.name.split('.').pop() ?? '' };
  }

  /** The bytes of a file shared in a message (or uploaded by the app), for the bot token. */
  private serveSharedFile(id: string, req: IncomingMessage, res: ServerResponse): void {
    const upload = this.uploads.get(id);
    if (!upload?.file || !upload.bytes || upload.deleted) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Not Found');
      return;
    }
    res.writeHead(200, {
      'content-type': upload.file.mimetype ?? 'application/octet-stream',
      'content-length': String(upload.bytes.length),
    });
    res.end(req.method === 'HEAD' ? undefined : upload.bytes);
  }

  private deleteFile(args: Json): Json {
    const id = String(args.file);
    const upload = this.uploads.get(id);
    if (!upload?.file) throw new Refusal('file_not_found');
    if (upload.deleted) throw new Refusal('file_deleted');
    if (upload.file.user !== this.botUserId) throw new Refusal('cant_delete_file');
    upload.deleted = true;
    for (const [channel, list] of this.channelMessages) {
      for (const message of [...list]) {
        if (!message.files?.some((file) => file.id === id)) continue;
        message.files = message.files.filter((file) => file.id !== id);
        if (message.files.length === 0 && message.text === '') {
          this.channelMessages.set(
            channel,
            (this.channelMessages.get(channel) ?? []).filter((m) => m !== message),
          );
        }
      }
    }
    return {};
  }

  private addReaction(args: Json): Json {
    const channel = this.resolveChannel(str(args, 'channel'), { allowUserId: false });
    const name = String(args.name);
    if (!/^[a-z0-9_+'-]+$/.test(name)) throw new Refusal('invalid_name');
    const message = this.findMessage(channel, String(args.timestamp));
    if (!message || message.ephemeralFor !== undefined) throw new Refusal('message_not_found');
    message.reactions ??= [];
    const reaction = message.reactions.find((r) => r.name === name);
    if (reaction?.users.includes(this.botUserId)) throw new Refusal('already_reacted');
    if (reaction) reaction.users.push(this.botUserId);
    else message.reactions.push({ name, users: [this.botUserId] });
    return {};
  }

  private deleteMessage(args: Json): Json {
    const channel = this.resolveChannel(str(args, 'channel'), { allowUserId: false });
    const message = this.findMessage(channel, String(args.ts));
    if (!message || message.ephemeralFor !== undefined) throw new Refusal('message_not_found');
    if (message.user !== this.botUserId) throw new Refusal('cant_delete_message');
    const list = this.channelMessages.get(channel) ?? [];
    list.splice(list.indexOf(message), 1);
    return { channel, ts: message.ts };
  }

  private postEphemeral(args: Json): Json {
    const channel = this.resolveChannel(str(args, 'channel'), { allowUserId: true });
    const userId = String(args.user);
    const dmUser = this.userByDm.get(channel);
    if (!this.usersById.has(userId) || (dmUser !== undefined && dmUser !== userId)) {
      throw new Refusal('user_not_in_channel');
    }
    const message = this.newBotMessage(args, channel, 'message');
    message.ephemeralFor = userId;
    this.store(message);
    return { message_ts: message.ts };
  }

  private openConversation(args: Json): Json {
    const existing = str(args, 'channel');
    if (existing !== undefined)
      return { channel: { id: this.resolveChannel(existing, { allowUserId: false }) } };
    const users = (str(args, 'users') ?? '').split(',').filter((id) => id.length > 0);
    if (users.length === 0) throw new Refusal('users_list_not_supplied');
    if (users.length > 1)
      throw new Refusal('invalid_arguments', { detail: 'the stand-in only opens 1:1 DMs' });
    const userId = users[0] as string;
    if (!this.usersById.has(userId)) throw new Refusal('user_not_found');
    const alreadyOpen = this.dmByUser.has(userId);
    const id = this.dmChannelId(userId);
    return { no_op: alreadyOpen, already_open: alreadyOpen, channel: { id } };
  }

  private history(args: Json): Json {
    const channel = this.resolveChannel(str(args, 'channel'), { allowUserId: false });
    const limit = Math.min(Math.max(Number(args.limit ?? 100) || 100, 1), 999);
    const inclusive = flag(args, 'inclusive');
    const oldest = Number(args.oldest ?? 0) || 0;
    let latest = args.latest === undefined ? Number.POSITIVE_INFINITY : Number(args.latest);
    let latestInclusive = inclusive;
    const cursor = str(args, 'cursor');
    if (cursor !== undefined) {
      const decoded = /^next_ts:(\d+\.\d+)$/.exec(Buffer.from(cursor, 'base64').toString('utf8'));
      if (!decoded?.[1]) throw new Refusal('invalid_cursor');
      latest = Number(decoded[1]);
      latestInclusive = true;
    }
    const all = (this.channelMessages.get(channel) ?? [])
      .filter((m) => m.ephemeralFor === undefined && (m.thread_ts === undefined || m.thread_ts === m.ts))
      .filter((m) => {
        const ts = tsNumber(m.ts);
        const afterOldest = inclusive ? ts >= oldest : ts > oldest;
        const beforeLatest = latestInclusive ? ts <= latest : ts < latest;
        return afterOldest && beforeLatest;
      })
      .reverse();
    const page = all.slice(0, limit);
    const next = all[limit];
    const includeMetadata = flag(args, 'include_all_metadata');
    return {
      messages: page.map((m) => this.apiMessage(m, includeMetadata)),
      has_more: next !== undefined,
      pin_count: 0,
      response_metadata: { next_cursor: next ? Buffer.from(`next_ts:${next.ts}`).toString('base64') : '' },
    };
  }

  private replies(args: Json): Json {
    const channel = this.resolveChannel(str(args, 'channel'), { allowUserId: false });
    const ts = String(args.ts);
    const parent = this.findMessage(channel, ts);
    if (!parent || parent.ephemeralFor !== undefined) throw new Refusal('thread_not_found');
    const threadTs = parent.thread_ts ?? parent.ts;
    const thread = (this.channelMessages.get(channel) ?? []).filter(
      (m) => m.ephemeralFor === undefined && (m.ts === threadTs || m.thread_ts === threadTs),
    );
    const includeMetadata = flag(args, 'include_all_metadata');
    return {
      messages: thread.map((m) => this.apiMessage(m, includeMetadata)),
      has_more: false,
      response_metadata: { next_cursor: '' },
    };
  }

  private userInfo(args: Json): Json {
    const user = this.usersById.get(String(args.user));
    if (!user) throw new Refusal('user_not_found');
    return { user: this.apiUser(user) };
  }

  private lookupByEmail(args: Json): Json {
    const email = String(args.email).toLowerCase();
    const user = [...this.usersById.values()].find((u) => u.email?.toLowerCase() === email);
    if (!user) throw new Refusal('users_not_found');
    return { user: this.apiUser(user) };
  }

  private openView(args: Json): Json {
    const view = this.checkView(args.view, 'modal');
    this.checkExternalId(view.external_id, undefined);
    const trigger = this.peekTrigger(args);
    trigger.used = true;
    const id = randomId('V');
    const record: ViewRecord = {
      userId: trigger.userId,
      surface: 'modal',
      view: this.makeView(view, { id, root: id, previous: null }),
      entered: {},
    };
    this.stacks.set(trigger.userId, [record]);
    this.errors.delete(trigger.userId);
    return { view: this.apiView(record, false) };
  }

  private pushView(args: Json): Json {
    const view = this.checkView(args.view, 'modal');
    this.checkExternalId(view.external_id, undefined);
    const trigger = this.peekTrigger(args);
    const stack = this.stacks.get(trigger.userId) ?? [];
    const top = stack.at(-1);
    if (!top) throw new Refusal('invalid_arguments', { detail: 'no modal is open to push onto' });
    if (stack.length >= maxModalStack) throw new Refusal('push_limit_reached');
    trigger.used = true;
    const id = randomId('V');
    const record: ViewRecord = {
      userId: trigger.userId,
      surface: 'modal',
      view: this.makeView(view, { id, root: String(stack[0]?.view.id), previous: String(top.view.id) }),
      entered: {},
    };
    stack.push(record);
    this.errors.delete(trigger.userId);
    return { view: this.apiView(record, false) };
  }

  private updateView(args: Json): Json {
    const viewId = str(args, 'view_id');
    const externalId = str(args, 'external_id');
    if (viewId === undefined && externalId === undefined) {
      throw new Refusal('invalid_arguments', { detail: 'view_id or external_id is required' });
    }
    const record =
      viewId !== undefined
        ? this.findView(viewId)
        : this.allViews().find((r) => r.view.external_id === externalId);
    if (!record) throw new Refusal('not_found');
    const hash = str(args, 'hash');
    if (hash !== undefined && hash !== record.view.hash) throw new Refusal('hash_conflict');
    const view = this.checkView(args.view, record.surface);
    this.checkExternalId(view.external_id, record);
    record.view = this.makeView(view, {
      id: String(record.view.id),
      root: record.view.root_view_id as string | null,
      previous: record.view.previous_view_id as string | null,
    });
    record.entered = keepEntered(record.entered, record.view.blocks);
    if (this.stacks.get(record.userId)?.at(-1) === record) this.errors.delete(record.userId);
    return { view: this.apiView(record, false) };
  }

  private publishView(args: Json): Json {
    const userId = String(args.user_id);
    if (!this.usersById.has(userId)) throw new Refusal('user_not_found');
    const existing = this.homes.get(userId);
    const hash = str(args, 'hash');
    if (hash !== undefined && existing && hash !== existing.view.hash) throw new Refusal('hash_conflict');
    const view = this.checkView(args.view, 'home');
    this.checkExternalId(view.external_id, existing);
    const id = existing ? String(existing.view.id) : randomId('V');
    const record: ViewRecord = {
      userId,
      surface: 'home',
      view: this.makeView(view, { id, root: null, previous: null }),
      entered: {},
    };
    record.entered = existing ? keepEntered(existing.entered, record.view.blocks) : {};
    this.homes.set(userId, record);
    return { view: this.apiView(record, false) };
  }

  // ---- helpers ----

  private resolveChannel(id: string | undefined, opts: { allowUserId: boolean }): string {
    if (id === undefined) throw new Refusal('channel_not_found');
    if (/^[UW][A-Z0-9]+$/.test(id)) {
      if (opts.allowUserId && this.usersById.has(id)) return this.dmChannelId(id);
      throw new Refusal('channel_not_found');
    }
    if (/^D[A-Z0-9]+$/.test(id)) {
      if (this.userByDm.has(id)) return id;
      throw new Refusal('channel_not_found');
    }
    if (/^[CG][A-Z0-9]+$/.test(id)) return id;
    throw new Refusal('channel_not_found');
  }

  private checkBlocks(blocks: unknown, surface: 'message'): void {
    const errors = validateBlocks(blocks, surface);
    if (errors.length > 0) throw new Refusal('invalid_blocks', { errors });
  }

  private newBotMessage(args: Json, channel: string, surface: 'message'): StoredMessage {
    const text = typeof args.text === 'string' ? args.text : '';
    if (text.length === 0 && args.blocks === undefined && args.attachments === undefined) {
      throw new Refusal('no_text');
    }
    if (text.length > maxMessageText) throw new Refusal('msg_too_long');
    if (args.blocks !== undefined) this.checkBlocks(args.blocks, surface);
    const metadata = parseMetadata(args.metadata);
    const message: StoredMessage = {
      ts: this.nextTs(),
      channel,
      user: this.botUserId,
      bot_id: this.botId,
      text,
    };
    const blocks = withIds(args.blocks);
    if (blocks) message.blocks = blocks;
    if (metadata) message.metadata = metadata;
    const threadTs = str(args, 'thread_ts');
    if (threadTs !== undefined) message.thread_ts = threadTs;
    // chat:write.customize: the message shows another name and picture, and is a bot_message.
    const username = str(args, 'username');
    const icon = str(args, 'icon_url');
    if (username !== undefined || icon !== undefined) {
      message.subtype = 'bot_message';
      if (username !== undefined) message.username = username;
      if (icon !== undefined) message.icons = { image_48: icon };
    }
    return message;
  }

  private store(message: StoredMessage): void {
    const list = this.channelMessages.get(message.channel) ?? [];
    list.push(message);
    this.channelMessages.set(message.channel, list);
  }

  private findMessage(channel: string, ts: string): StoredMessage | undefined {
    return this.channelMessages.get(channel)?.find((m) => m.ts === ts);
  }

  /** Unique, increasing 'seconds.micros' timestamps, as Slack's message ts. */
  private nextTs(): string {
    const micros = Math.max(this.now() * 1000, this.lastTsMicros + 1);
    this.lastTsMicros = micros;
    return `${Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, '0')}`;
  }

  private apiMessage(message: StoredMessage, includeMetadata: boolean): Json {
    const out: Json = {
      type: 'message',
      user: message.user,
      text: message.text,
      ts: message.ts,
      team: this.teamId,
    };
    if (message.bot_id) {
      out.bot_id = message.bot_id;
      out.app_id = this.appId;
    }
    if (message.username) out.username = message.username;
    if (message.blocks) out.blocks = clone(message.blocks);
    if (message.files) out.files = message.files.map((file) => this.apiFile(file));
    if (message.subtype) out.subtype = message.subtype;
    if (message.username) out.username = message.username;
    if (message.icons) out.icons = { ...message.icons };
    if (message.reactions) {
      out.reactions = message.reactions.map((r) => ({
        name: r.name,
        users: [...r.users],
        count: r.users.length,
      }));
    }
    if (message.thread_ts) out.thread_ts = message.thread_ts;
    if (message.edited) out.edited = { ...message.edited };
    const replies = (this.channelMessages.get(message.channel) ?? []).filter(
      (m) => m.thread_ts === message.ts && m.ts !== message.ts && m.ephemeralFor === undefined,
    );
    if (replies.length > 0) {
      out.thread_ts = message.ts;
      out.reply_count = replies.length;
      out.latest_reply = replies.at(-1)?.ts;
    }
    if (includeMetadata && message.metadata) out.metadata = clone(message.metadata);
    return out;
  }

  private apiUser(user: StandInUser): Json {
    const tz = user.tz ?? defaultTz;
    const { label, offset } = tzInfo(tz, this.now());
    const realName = user.realName ?? user.name;
    const profile: Json = {
      real_name: realName,
      real_name_normalized: realName,
      display_name: user.name,
      display_name_normalized: user.name,
      team: this.teamId,
    };
    if (user.email !== undefined) profile.email = user.email;
    if (user.isBot && user.id === this.botUserId) profile.bot_id = this.botId;
    return {
      id: user.id,
      team_id: this.teamId,
      name: user.name,
      deleted: false,
      real_name: realName,
      tz,
      tz_label: label,
      tz_offset: offset,
      is_admin: false,
      is_owner: false,
      is_bot: user.isBot === true,
      is_app_user: false,
      updated: Math.floor(this.now() / 1000),
      profile,
    };
  }

  private peekTrigger(args: Json): Trigger {
    const id = str(args, 'trigger_id') ?? str(args, 'interactivity_pointer');
    if (id === undefined)
      throw new Refusal('invalid_arguments', { detail: 'missing required argument trigger_id' });
    const trigger = this.triggers.get(id);
    if (!trigger) throw new Refusal('invalid_trigger_id');
    if (trigger.used) throw new Refusal('exchanged_trigger_id');
    if (this.now() > trigger.expiresAt) throw new Refusal('expired_trigger_id');
    return trigger;
  }

  private checkView(view: unknown, type: 'modal' | 'home'): Json {
    if (!isRecord(view)) throw new Refusal('invalid_arguments', { detail: 'view must be a JSON object' });
    if (view.type !== type) throw new Refusal('invalid_arguments', { detail: `view.type must be ${type}` });
    const errors = validateView(view);
    if (errors.length > 0) throw new Refusal('invalid_blocks', { errors });
    return view;
  }

  private checkAnswerView(view: unknown): Json {
    if (!isRecord(view) || view.type !== 'modal') throw new Error('The answer view must be a modal view');
    const errors = validateView(view);
    if (errors.length > 0) throw new Error(`The answer view is invalid:\n${errors.join('\n')}`);
    return view;
  }

  private checkExternalId(externalId: unknown, self: ViewRecord | undefined): void {
    if (typeof externalId !== 'string' || externalId.length === 0) return;
    if (this.allViews().some((r) => r !== self && r.view.external_id === externalId)) {
      throw new Refusal('duplicate_external_id');
    }
  }

  private makeView(input: Json, ids: { id: string; root: string | null; previous: string | null }): Json {
    const view: Json = {
      id: ids.id,
      team_id: this.teamId,
      type: input.type,
      blocks: withIds(input.blocks) ?? [],
      private_metadata: input.private_metadata ?? '',
      callback_id: input.callback_id ?? '',
      state: { values: {} },
      hash: `${Math.floor(this.now() / 1000)}.${randomBytes(6).toString('base64url')}`,
      clear_on_close: input.clear_on_close === true,
      notify_on_close: input.notify_on_close === true,
      previous_view_id: ids.previous,
      root_view_id: ids.root,
      app_id: this.appId,
      external_id: input.external_id ?? '',
      app_installed_team_id: this.teamId,
      bot_id: this.botId,
    };
    if (input.type === 'modal') {
      view.title = clone(input.title);
      view.close = clone(input.close ?? null);
      view.submit = clone(input.submit ?? null);
      if (input.submit_disabled !== undefined) view.submit_disabled = input.submit_disabled;
    }
    return view;
  }

  private apiView(record: ViewRecord, fullState: boolean): StandInView {
    const view = clone(record.view);
    view.state = {
      values: fullState ? buildStateValues(record.view.blocks, record.entered) : clone(record.entered),
    };
    return view as unknown as StandInView;
  }

  private allViews(): ViewRecord[] {
    return [...this.homes.values(), ...[...this.stacks.values()].flat()];
  }

  private findView(viewId: string): ViewRecord | undefined {
    return this.allViews().find((record) => record.view.id === viewId);
  }

  private popModal(userId: string): void {
    const stack = this.stacks.get(userId) ?? [];
    stack.pop();
    if (stack.length === 0) this.stacks.delete(userId);
    this.errors.delete(userId);
  }
}

/** Starts the stand-in on a free port of 127.0.0.1 unless told otherwise. */
export async function startSlackStandIn(opts: StandInOptions = {}): Promise<SlackStandIn> {
  const standIn = new StandIn(opts);
  await standIn.listen(opts.port ?? 0, opts.host ?? '127.0.0.1');
  return standIn;
}
