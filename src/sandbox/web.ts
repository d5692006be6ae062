// The sandbox's browser page: one person's Slack (App Home, DM with Otto, the team channels, their
// ephemeral replies, their modals) rendered from the stand-in, the captured e-mails, and the app's clock.
// A small same-origin script (page/client.js) reads the form controls and posts each interaction here;
// the page acts only through the driver, i.e. with the signed requests Slack would send the app.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { Logger } from '../logger.js';
import type { DemoPerson } from './demo-data.js';
import { blocksToHtml, escapeHtml, mrkdwnToHtml, type Names } from './mrkdwn-html.js';
import { type CapturedMail, parseEml } from './page/eml.js';
import {
  ClientValidationError,
  type DriverResponse,
  type FillValue,
  type SlackDriver,
  type Where,
} from './slack-driver.js';
import { elementsOf, isRecord, type SlackStandIn, type StoredMessage } from './slack-standin.js';

export interface SandboxPageOptions {
  /** 0 picks a free port. */
  port: number;
  host?: string;
  standIn: SlackStandIn;
  driver: SlackDriver;
  people: readonly DemoPerson[];
  channels: ReadonlyArray<{ id: string; name: string }>;
  /** Where the app takes Slack's requests, shown in the footer. */
  appEventsUrl: string;
  /** The app's origin for `/sandbox/clock`; by default the origin of appEventsUrl. */
  appUrl?: string;
  mailDir: string;
  timeZone: string;
  logger: Logger;
  /** How long a page load waits for the app to publish the App Home. */
  homeWaitMs?: number;
  /** The app's shortcuts, as its manifest declares them: Slack offers them in its menus. */
  shortcuts?: readonly SandboxShortcut[];
}

/** A global shortcut (the shortcuts menu) or a message shortcut (a message's "More actions"). */
export interface SandboxShortcut {
  name: string;
  type: 'global' | 'message';
  callbackId: string;
  description?: string | undefined;
}

export interface SandboxPage {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

interface Notice {
  at: Date;
  text: string;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const maxBodyBytes = 64 * 1024;
/** Slack's limit for a file in a modal's file input. */
const maxUploadBytes = 10 * 1024 * 1024;
/** Past this much the request is cut off instead of drained. */
const maxDrainBytes = 1024 * 1024;
const maxNoticesKept = 5;
const maxMessagesShown = 30;
const maxMailsListed = 200;
const dmReplyWaitMs = 1000;

const pageCsp =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src http: https: data:; connect-src 'self'; frame-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
/** An e-mail's HTML: no scripts, no requests except images, shown only inside this page's frame. */
const mailCsp =
  "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src http: https: data:; font-src data:; frame-ancestors 'self'";
const commonHeaders = { 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' };

const asset = (name: string) => readFileSync(new URL(`./page/${name}`, import.meta.url), 'utf8');

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': pageCsp,
    ...commonHeaders,
    ...headers,
  });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    ...commonHeaders,
  });
  res.end(JSON.stringify(body));
}

function redirect(res: ServerResponse, location: string): void {
  res.writeHead(303, { location, ...commonHeaders });
  res.end();
}

/** Reads a body of at most 64 KiB; a larger one is drained (up to a point) and refused. */
function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBodyBytes) chunks.push(chunk);
      else if (size > maxDrainBytes) req.destroy();
    });
    req.on('end', () => {
      if (size > maxBodyBytes) reject(new HttpError(413, 'The request is larger than 64 KiB.'));
      else resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}

/** A file's bytes as the client uploads them, up to Slack's 10 MB; a larger one is drained (up to a point) and refused. */
function readUpload(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxUploadBytes) chunks.push(chunk);
      else if (size > maxUploadBytes + maxDrainBytes) req.destroy();
    });
    req.on('end', () => {
      if (size > maxUploadBytes) reject(new HttpError(413, 'Slack takes files of at most 10 MB here.'));
      else resolve(Buffer.concat(chunks));
    });
    req.on('error', reject);
  });
}

function contentType(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

async function readForm(req: IncomingMessage): Promise<Record<string, string>> {
  if (contentType(req) !== 'application/x-www-form-urlencoded') {
    throw new HttpError(415, 'Send the form as application/x-www-form-urlencoded.');
  }
  return Object.fromEntries(new URLSearchParams(await readBody(req)));
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  if (contentType(req) !== 'application/json') throw new HttpError(415, 'Send JSON (application/json).');
  const body = await readBody(req);
  try {
    return JSON.parse(body);
  } catch {
    throw new HttpError(400, 'The body is not JSON.');
  }
}

function parse<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ` : '';
    throw new HttpError(400, `${field}${issue.message}`);
  }
  return parsed.data;
}

/** A link to Otto's own web pages (`/web/<token>`), whatever address the app writes in front of it. */
const webLinkPattern = /https?:\/\/[^\s"'<>/]+(\/web\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)/;

const decodeEntities = (text: string) =>
  text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

/**
 * The links an e-mail carries to Otto's web pages, from its buttons and its text part, each as a
 * path on the sandbox's own address (which passes them on to the app) with the button's words.
 */
export function ottoPageLinks(mail: { html?: string | undefined; text?: string | undefined }): Array<{
  path: string;
  label: string;
}> {
  const found = new Map<string, string>();
  for (const line of (mail.text ?? '').split(/\r?\n/)) {
    const match = new RegExp(`^(.+?):\\s+${webLinkPattern.source}\\s*$`).exec(line.trim());
    if (match?.[1] && match[2] && !found.has(match[2])) found.set(match[2], match[1]);
  }
  const anchors = new RegExp(`<a\\b[^>]*href="${webLinkPattern.source}"[^>]*>([\\s\\S]*?)</a>`, 'g');
  for (const match of (mail.html ?? '').matchAll(anchors)) {
    const path = match[1];
    const label = decodeEntities((match[2] ?? '').replace(/<[^>]*>/g, ''))
      .replace(/\s+/g, ' ')
      .trim();
    if (path && !found.has(path)) found.set(path, label || 'Otto’s page');
  }
  return [...found].map(([path, label]) => ({ path, label }));
}

const wantsJson = (req: IncomingMessage) => (req.headers.accept ?? '').includes('application/json');

/** Starts the page on `port` (0: a free one); its URL is http://localhost:<port>/. */
export async function startSandboxPage(options: SandboxPageOptions): Promise<SandboxPage> {
  const { standIn, driver, people, channels, logger, timeZone } = options;
  const shortcuts = options.shortcuts ?? [];
  const globalShortcuts = shortcuts.filter((shortcut) => shortcut.type === 'global');
  const messageShortcuts = shortcuts.filter((shortcut) => shortcut.type === 'message');
  const homeWaitMs = options.homeWaitMs ?? 2000;
  const appOrigin = new URL(options.appUrl ?? options.appEventsUrl).origin;
  const assets: Record<string, { type: string; body: string }> = {
    '/page/client.js': { type: 'text/javascript; charset=utf-8', body: asset('client.js') },
    '/page/style.css': { type: 'text/css; charset=utf-8', body: asset('style.css') },
  };
  const peopleById = new Map(people.map((person) => [person.id, person]));
  const channelNames = new Map(channels.map((channel) => [channel.id, channel.name]));
  const notices = new Map<string, Notice[]>();
  /** Errors Slack's own client shows before sending a submission, per person: for one view version. */
  const clientErrors = new Map<string, { viewId: string; hash: string; errors: Record<string, string> }>();
  const time = new Intl.DateTimeFormat('en-US', {
    timeZone,
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
  });

  const names: Names = {
    user: (id) => {
      const user = standIn.user(id);
      return user?.realName ?? user?.name ?? peopleById.get(id)?.realName;
    },
    channel: (id) => channelNames.get(id),
  };
  const choosablePeople = () =>
    standIn
      .users()
      .filter((user) => !user.isBot)
      .map((user) => ({ id: user.id, name: user.realName ?? user.name }));

  // ---- input ----

  const PersonId = z
    .string({ error: 'is missing' })
    .refine((id) => peopleById.has(id), { error: 'is not a person of the sandbox' });
  const Text = z
    .string({ error: 'is missing' })
    .max(4000, { error: 'is longer than 4000 characters' })
    .transform((text) => text.trim());
  const ChannelId = z.string().regex(/^[CDG][A-Z0-9]{2,}$/, { error: 'is not a channel id' });
  const Ts = z.string().regex(/^\d{1,12}\.\d{1,6}$/, { error: 'is not a message ts' });
  const ViewId = z.string().regex(/^V[A-Z0-9]{2,}$/, { error: 'is not a view id' });
  const SlackId = z
    .string()
    .min(1, { error: 'is empty' })
    .max(255, { error: 'is longer than 255 characters' });
  const Surface = z.discriminatedUnion(
    'kind',
    [
      z.object({ kind: z.literal('home') }),
      z.object({ kind: z.literal('modal'), view: ViewId }),
      z.object({ kind: z.literal('message'), channel: ChannelId, ts: Ts }),
    ],
    { error: 'must be home, modal or message' },
  );
  const Values = z
    .record(
      SlackId,
      z.record(
        SlackId,
        z.union([
          z.string().max(4000, { error: 'is longer than 4000 characters' }),
          z.array(z.string().max(255)).max(100, { error: 'has more than 100 choices' }),
        ]),
      ),
    )
    .default({});
  const CommandForm = z.object({ as: PersonId, text: Text, channel: ChannelId.optional() });
  const MessageForm = z.object({
    as: PersonId,
    text: Text.refine((text) => text.length > 0, 'is empty'),
    channel: ChannelId.optional(),
    /** A reply in the thread of this message. */
    thread_ts: Ts.optional(),
  });
  const ShortcutBody = z.object({
    as: PersonId,
    callback: SlackId,
    /** The message a message shortcut was picked on. */
    message: z.object({ channel: ChannelId, ts: Ts }).optional(),
  });
  const UploadQuery = z.object({
    as: PersonId,
    name: z
      .string({ error: 'is missing' })
      .min(1, { error: 'is empty' })
      .max(255, { error: 'is longer than 255 characters' }),
  });
  const AsBody = z.object({ as: PersonId });
  const ActBody = z.object({
    as: PersonId,
    surface: Surface,
    values: Values,
    block: SlackId,
    action: SlackId,
    option: z.string().max(255).optional(),
  });
  const SubmitBody = z.object({ as: PersonId, view: ViewId, values: Values });
  const CloseBody = z.object({ as: PersonId, view: ViewId });
  const SuggestBody = z.object({
    as: PersonId,
    surface: Surface,
    block: SlackId,
    action: SlackId,
    query: z.string().max(200, { error: 'is longer than 200 characters' }),
  });

  // ---- acting ----

  const notify = (userId: string, text: string) => {
    notices.set(userId, [{ at: new Date(), text }, ...(notices.get(userId) ?? [])].slice(0, maxNoticesKept));
  };

  const failure = (what: string, response: DriverResponse) =>
    `${what}: Otto answered HTTP ${response.status}${response.body ? ` (${response.body.slice(0, 200)})` : ''}`;

  const unreachable = (error: unknown) => `Otto could not be reached: ${(error as Error).message}`;

  /** Opens the person's Home tab as Slack does and waits for the app to publish a fresh view. */
  const openHome = async (userId: string): Promise<void> => {
    const before = standIn.home(userId)?.hash;
    try {
      const response = await driver.appHomeOpened(userId);
      if (response.status !== 200) return notify(userId, failure('Opening the App Home', response));
    } catch (error) {
      return notify(userId, unreachable(error));
    }
    const deadline = Date.now() + homeWaitMs;
    while (Date.now() < deadline) {
      if (standIn.home(userId)?.hash !== before) return;
      await sleep(20);
    }
  };

  /** The driver's place for a surface the page showed; a modal must still be the one on top. */
  const whereOf = (userId: string, surface: z.infer<typeof Surface>): Where => {
    if (surface.kind === 'home') return { surface: 'home' };
    if (surface.kind === 'message') return { surface: 'message', channel: surface.channel, ts: surface.ts };
    if (standIn.topModal(userId)?.id !== surface.view) {
      throw new HttpError(409, 'That modal is not open any more.');
    }
    return { surface: 'modal' };
  };

  const blocksOf = (userId: string, where: Where): unknown => {
    if (where.surface === 'home') return standIn.home(userId)?.blocks;
    if (where.surface === 'modal') return standIn.topModal(userId)?.blocks;
    return where.ts === undefined ? undefined : standIn.message(where.channel, where.ts)?.blocks;
  };

  /** A datetimepicker's `YYYY-MM-DDTHH:mm` is a wall time in the sandbox's zone; Slack sends Unix seconds. */
  const withUnixTimes = (
    userId: string,
    where: Where,
    values: Record<string, Record<string, FillValue>>,
  ): Record<string, Record<string, FillValue>> => {
    for (const { block, element } of elementsOf(blocksOf(userId, where))) {
      if (element.type !== 'datetimepicker') continue;
      const byAction = values[String(block.block_id)];
      const wall = byAction?.[String(element.action_id)];
      if (typeof wall !== 'string' || wall === '') continue;
      const at = DateTime.fromISO(wall, { zone: timeZone });
      if (!at.isValid) throw new HttpError(400, `${String(block.block_id)}: is not a date and time`);
      byAction![String(element.action_id)] = String(Math.floor(at.toSeconds()));
    }
    return values;
  };

  const enter = (userId: string, where: Where, values: Record<string, Record<string, FillValue>>) => {
    try {
      driver.enterValues(userId, where, withUnixTimes(userId, where, values));
    } catch (error) {
      if (error instanceof HttpError) throw error;
      throw new HttpError(409, `The page and Slack disagree: ${(error as Error).message}`);
    }
  };

  /** Sends what the driver sends; a refusal by the app becomes a notice, not a failed page request. */
  const answer = (userId: string, what: string, response: DriverResponse | null) => {
    if (response && response.status !== 200) {
      notify(userId, failure(what, response));
      return { ok: false, notice: failure(what, response) };
    }
    return { ok: true };
  };

  const runCommand = async (userId: string, text: string, channel: string) => {
    const typed = text.replace(/^\/otto\b\s*/, '');
    const title = `/otto ${typed}`.trim();
    try {
      const response = await driver.slashCommand(userId, typed, '/otto', channel);
      if (response.status !== 200) return notify(userId, failure(title, response));
      standIn.answerCommand({ userId, channel }, response.json);
    } catch (error) {
      notify(
        userId,
        error instanceof TypeError ? unreachable(error) : `${title}: ${(error as Error).message}`,
      );
    }
  };

  // ---- rendering ----

  const page = (title: string, body: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><link rel="stylesheet" href="/page/style.css"><script src="/page/client.js" defer></script></head>
<body>${body}
<footer>This is Otto’s local sandbox: a stand-in for Slack with demo data, driven by the same signed requests Slack sends.
The app takes them at <code>${escapeHtml(options.appEventsUrl)}</code>.
E-mails are written to <code>${escapeHtml(options.mailDir)}</code>.</footer>
</body></html>`;

  const clockWidget = `<div class="clock" id="clock" hidden>
<span class="clock-now" aria-live="polite">Otto’s time: <b data-clock-now>…</b></span>
<span class="clock-controls">
<button type="button" class="btn small" data-advance="PT1H">+1 hour</button>
<label class="inline">Hours <input type="number" min="1" max="8760" value="3" data-hours aria-label="Hours to advance"></label>
<button type="button" class="btn small" data-advance-hours>Advance</button>
<button type="button" class="btn small" data-business-days="1">+1 business day</button>
<select data-job aria-label="Job"></select>
<button type="button" class="btn small" data-next-run>To its next run</button>
<input type="datetime-local" data-set aria-label="Set Otto’s time to">
<button type="button" class="btn small" data-set-button>Set</button>
</span>
<span class="clock-log" data-clock-log role="status"></span>
</div>`;

  /** Slack's shortcuts menu: the app's global shortcuts. */
  const shortcutsMenu = `<details class="menu shortcuts"><summary>Shortcuts</summary><div class="menu-items" role="menu">${globalShortcuts
    .map(
      (shortcut) =>
        `<button type="button" class="menu-item" role="menuitem" data-shortcut="${escapeHtml(shortcut.callbackId)}"${
          shortcut.description ? ` title="${escapeHtml(shortcut.description)}"` : ''
        }>${escapeHtml(shortcut.name)}</button>`,
    )
    .join('')}</div></details>`;

  const topBar = (current?: DemoPerson) =>
    `<header class="top"><div class="bar"><h1><a class="brand" href="/">Otto sandbox</a>${
      current ? ` · ${escapeHtml(current.realName)} <small>${escapeHtml(current.title)}</small>` : ''
    }</h1>${current && globalShortcuts.length > 0 ? shortcutsMenu : ''}<a class="mail-link" href="/mail${current ? `?as=${encodeURIComponent(current.id)}` : ''}">Mail</a></div>
<nav class="people" aria-label="Act as">${people
      .map(
        (person) =>
          `<a href="/?as=${encodeURIComponent(person.id)}"${person.id === current?.id ? ' aria-current="page"' : ''}>${escapeHtml(person.realName)} <small>${escapeHtml(person.title)}</small></a>`,
      )
      .join('')}</nav>${clockWidget}</header>`;

  const errorPage = (status: number, message: string) =>
    page(
      'Otto sandbox',
      `${topBar()}<main><section class="card"><h2>${status}</h2><p>${escapeHtml(message)}</p><p><a href="/">Back to the sandbox</a></p></section></main>`,
    );

  const formatTs = (ts: string) => time.format(new Date(Number(ts) * 1000));

  const surfaceContext = (key: string) => ({
    names,
    key,
    people: choosablePeople(),
    channels,
    timeZone,
  });

  const visibleTo = (userId: string) => (m: StoredMessage) =>
    m.ephemeralFor === undefined || m.ephemeralFor === userId;
  const isReply = (m: StoredMessage) => m.thread_ts !== undefined && m.thread_ts !== m.ts;

  /** A message's "More actions": the app's message shortcuts, as Slack lists them on every message. */
  const moreActions = (channel: string, m: StoredMessage) =>
    messageShortcuts.length === 0 || m.ephemeralFor !== undefined
      ? ''
      : `<details class="menu more" data-key="more-${escapeHtml(channel)}-${escapeHtml(m.ts)}"><summary title="More actions" aria-label="More actions">⋯</summary><div class="menu-items" role="menu">${messageShortcuts
          .map(
            (shortcut) =>
              `<button type="button" class="menu-item" role="menuitem" data-message-shortcut="${escapeHtml(shortcut.callbackId)}" data-channel="${escapeHtml(channel)}" data-ts="${escapeHtml(m.ts)}">${escapeHtml(shortcut.name)}</button>`,
          )
          .join('')}</div></details>`;

  const messageHtml = (
    userId: string,
    channel: string,
    m: StoredMessage,
    thread?: StoredMessage[],
  ): string => {
    // A message the app posted under a person's name (chat:write.customize) shows that name, as Slack does.
    const author = m.bot_id ? (m.username ?? 'Otto') : (names.user(m.user) ?? m.user);
    const tags = [
      m.bot_id && m.username ? 'via Otto' : '',
      m.ephemeralFor !== undefined ? 'Only visible to you' : '',
      m.edited ? 'edited' : '',
    ]
      .filter(Boolean)
      .map((tag) => `<span class="tag">${tag}</span>`)
      .join('');
    const body =
      m.blocks && m.blocks.length > 0
        ? blocksToHtml(m.blocks, {
            ...surfaceContext(`m${m.ts.replace('.', '')}`),
            state: standIn.stateValues({ channel, ts: m.ts }),
          })
        : `<div class="text">${mrkdwnToHtml(m.text, names)}</div>`;
    const files =
      m.files && m.files.length > 0
        ? `<div class="note files">📎 ${m.files.map((file) => escapeHtml(file.title || file.name)).join(', ')}</div>`
        : '';
    const cls = m.ephemeralFor !== undefined ? 'message ephemeral' : 'message';
    const threadHtml =
      thread === undefined || m.ephemeralFor !== undefined ? '' : threadOf(userId, channel, m, thread);
    return `<div class="${cls} surface" data-kind="message" data-channel="${escapeHtml(channel)}" data-ts="${escapeHtml(m.ts)}"><div class="meta"><b>${escapeHtml(author)}</b><span>${escapeHtml(formatTs(m.ts))}</span>${tags}${moreActions(channel, m)}</div>${body}${files}${threadHtml}</div>`;
  };

  /** A message's thread, as Slack shows it: "N replies", which open the replies and a box to reply. */
  const threadOf = (
    userId: string,
    channel: string,
    root: StoredMessage,
    replies: StoredMessage[],
  ): string => {
    const key = `${channel}-${root.ts}`;
    const summary =
      replies.length === 0
        ? 'Reply in thread'
        : `${replies.length} ${replies.length === 1 ? 'reply' : 'replies'}`;
    return `<details class="thread" data-key="thread-${escapeHtml(key)}"><summary>${summary}</summary><div class="replies">${replies
      .map((reply) => messageHtml(userId, channel, reply))
      .join(
        '',
      )}</div><form method="post" action="/message" class="compose" data-compose><input type="hidden" name="as" value="${escapeHtml(userId)}"><input type="hidden" name="channel" value="${escapeHtml(channel)}"><input type="hidden" name="thread_ts" value="${escapeHtml(root.ts)}"><textarea class="compose-text" name="text" rows="1" maxlength="4000" placeholder="Reply…" aria-label="Reply in thread" autocomplete="off" data-key="reply-${escapeHtml(key)}"></textarea>
<button type="submit" class="btn primary">Reply</button></form></details>`;
  };

  const messagesHtml = (userId: string, channel: string, empty: string) => {
    const all = standIn.messages(channel).filter(visibleTo(userId));
    const visible = all.filter((m) => !isReply(m)).slice(-maxMessagesShown);
    if (visible.length === 0) return `<p class="note">${escapeHtml(empty)}</p>`;
    return visible
      .map((m) =>
        messageHtml(
          userId,
          channel,
          m,
          all.filter((reply) => reply.thread_ts === m.ts && reply.ts !== m.ts),
        ),
      )
      .join('');
  };

  const homeHtml = (userId: string) => {
    const home = standIn.home(userId);
    if (!home) return '<p class="note">Otto has not published a Home tab for this person.</p>';
    return `<div class="surface" data-kind="home" data-view="${escapeHtml(home.id)}">${blocksToHtml(
      home.blocks,
      {
        ...surfaceContext('home'),
        state: home.state.values,
      },
    )}</div>`;
  };

  const modalHtml = (userId: string) => {
    const stack = standIn.modalStack(userId);
    const top = stack.at(-1);
    if (top?.type !== 'modal') return '';
    const local = clientErrors.get(userId);
    const errors = {
      ...(local && local.viewId === top.id && local.hash === top.hash ? local.errors : {}),
      ...(standIn.viewErrors(userId) ?? {}),
    };
    const trail =
      stack.length > 1
        ? `<div class="stack" aria-label="Modal stack">${stack
            .map((view) => escapeHtml(view.type === 'modal' ? (view.title?.text ?? '') : ''))
            .join(' › ')} <span class="note">(${stack.length} of ${stack.length})</span></div>`
        : '';
    const close = escapeHtml(top.close?.text ?? 'Cancel');
    const submit = top.submit
      ? `<button type="submit" class="btn primary" data-submit${(top as { submit_disabled?: boolean }).submit_disabled ? ' disabled' : ''}>${escapeHtml(top.submit.text)}</button>`
      : '';
    return `<div class="overlay"><form class="modal surface" data-kind="modal" data-view="${escapeHtml(top.id)}" role="dialog" aria-modal="true" aria-labelledby="modal-title" novalidate>
<div class="modal-head">${trail}<h2 id="modal-title">${escapeHtml(top.title?.text ?? '')}</h2><button type="button" class="x" data-close aria-label="Close">×</button></div>
<div class="modal-body">${blocksToHtml(top.blocks, { ...surfaceContext('modal'), state: top.state.values, errors })}</div>
<div class="modal-foot"><button type="button" class="btn" data-close>${close}</button>${submit}</div></form></div>`;
  };

  const noticesHtml = (userId: string) =>
    (notices.get(userId) ?? [])
      .map(
        (n) =>
          `<div class="notice" role="status"><span class="note">${escapeHtml(time.format(n.at))}</span> ${escapeHtml(n.text)}</div>`,
      )
      .join('');

  /** The parts of a person's page that change; the script swaps in the ones that differ. */
  const parts = (userId: string): Record<string, string> => {
    const out: Record<string, string> = {
      notices: noticesHtml(userId),
      home: homeHtml(userId),
      modal: modalHtml(userId),
      dm: messagesHtml(userId, standIn.dmChannelId(userId), 'No messages yet.'),
    };
    for (const channel of channels) {
      out[`channel-${channel.id}`] = messagesHtml(userId, channel.id, 'Otto has posted nothing here yet.');
    }
    return out;
  };

  const composer = (userId: string, channel: string | undefined, placeholder: string) =>
    `<form method="post" action="/message" class="compose" data-compose><input type="hidden" name="as" value="${escapeHtml(userId)}">${
      channel ? `<input type="hidden" name="channel" value="${escapeHtml(channel)}">` : ''
    }<textarea class="compose-text" name="text" rows="1" maxlength="4000" placeholder="${escapeHtml(placeholder)}" aria-label="${escapeHtml(placeholder)}" autocomplete="off"></textarea>
<button type="submit" class="btn primary">Send</button></form>`;

  const personPage = async (userId: string) => {
    const person = peopleById.get(userId)!;
    await openHome(userId);
    const shown = parts(userId);
    const part = (name: string) => `<div data-part="${escapeHtml(name)}">${shown[name] ?? ''}</div>`;
    const cards = [
      `<section class="card home" id="home"><h2>App Home</h2>${part('home')}</section>`,
      `<section class="card" id="dm"><h2>Direct messages with Otto</h2>${part('dm')}${composer(
        userId,
        undefined,
        'Message Otto, or a command: /otto help',
      )}</section>`,
      ...channels.map(
        (channel) =>
          `<section class="card" id="channel-${escapeHtml(channel.id)}"><h2>#${escapeHtml(channel.name)}</h2>${part(
            `channel-${channel.id}`,
          )}${composer(userId, channel.id, `A command in #${channel.name}: /otto …`)}</section>`,
      ),
    ];
    return page(
      `${person.realName} · Otto sandbox`,
      `${topBar(person)}<div class="notices">${part('notices')}</div>
<main data-as="${escapeHtml(userId)}">${cards.join('\n')}</main>${part('modal')}
<dialog class="confirm-dialog" aria-labelledby="confirm-title"><form method="dialog"><h2 id="confirm-title"></h2><div class="confirm-text"></div>
<div class="modal-foot"><button value="no" class="btn" data-no></button><button value="yes" class="btn primary" data-yes></button></div></form></dialog>`,
    );
  };

  const pickerPage = () =>
    page(
      'Otto sandbox',
      `${topBar()}<main><section class="card"><h2>Pick a person</h2>
<p>Each demo person sees the part of Otto that is theirs. Pick one to see their App Home and messages and to act as them.</p>
<ul class="pick">${people
        .map(
          (person) =>
            `<li><a href="/?as=${encodeURIComponent(person.id)}"><b>${escapeHtml(person.realName)}</b><br><span class="note">${escapeHtml(person.title)}</span></a></li>`,
        )
        .join('')}</ul></section></main>`,
    );

  // ---- mail ----

  interface MailFile extends CapturedMail {
    file: string;
  }

  const readMails = (): MailFile[] => {
    let files: string[];
    try {
      files = readdirSync(options.mailDir).filter((name) => name.endsWith('.eml'));
    } catch {
      return [];
    }
    const mails = files.map((file) => {
      const path = join(options.mailDir, file);
      const mail = parseEml(readFileSync(path, 'utf8'));
      return { ...mail, file, date: mail.date ?? statSync(path).mtime };
    });
    return mails.sort((a, b) => b.date.getTime() - a.date.getTime()).slice(0, maxMailsListed);
  };

  const mailFile = (name: string | null): string => {
    const known = name && /^[A-Za-z0-9._@-]+\.eml$/.test(name) ? name : undefined;
    if (!known) throw new HttpError(400, 'file: is not an e-mail of the sandbox');
    try {
      return readFileSync(join(options.mailDir, known), 'utf8');
    } catch {
      throw new HttpError(404, `There is no e-mail ${known}.`);
    }
  };

  const mailPage = (url: URL) => {
    const as = url.searchParams.get('as');
    const person = as ? peopleById.get(as) : undefined;
    const mails = readMails();
    const recipients = new Map<string, MailFile[]>();
    for (const mail of mails) {
      for (const to of mail.to.length > 0 ? mail.to : ['(no recipient)']) {
        recipients.set(to, [...(recipients.get(to) ?? []), mail]);
      }
    }
    const emailOf = person?.email.toLowerCase();
    const order = [...recipients.keys()].sort((a, b) =>
      a === emailOf ? -1 : b === emailOf ? 1 : a.localeCompare(b),
    );
    const chosen = url.searchParams.get('file');
    const keep = person ? `as=${encodeURIComponent(person.id)}&` : '';
    const list = order
      .map((to) => {
        const owner = people.find((p) => p.email.toLowerCase() === to);
        const items = recipients
          .get(to)!
          .map(
            (m) =>
              `<li><a href="/mail?${keep}file=${encodeURIComponent(m.file)}"${m.file === chosen ? ' class="current" aria-current="page"' : ''}>${escapeHtml(m.subject || '(no subject)')}</a> <span class="note">${escapeHtml(time.format(m.date))}</span></li>`,
          )
          .join('');
        return `<section class="recipient"><h3>${escapeHtml(owner ? `${owner.realName} <${to}>` : to)}</h3><ul>${items}</ul></section>`;
      })
      .join('');
    let shown = '<p class="note">Pick an e-mail to read it.</p>';
    if (chosen) {
      const mail = parseEml(mailFile(chosen));
      const attachments =
        mail.attachments.length > 0
          ? `<div class="note">Attached: ${mail.attachments.map((a) => escapeHtml(a)).join(', ')}</div>`
          : '';
      const body =
        mail.html !== undefined
          ? `<iframe class="mail-frame" sandbox src="/mail/html?file=${encodeURIComponent(chosen)}" title="${escapeHtml(mail.subject)}"></iframe>`
          : `<pre>${escapeHtml(mail.text ?? '')}</pre>`;
      const links = ottoPageLinks(mail);
      const pages =
        links.length > 0
          ? `<div class="note web-links">Otto’s pages in this e-mail (open here, as the reader would): ${links
              .map(
                (link) =>
                  `<a href="${escapeHtml(link.path)}" target="_blank" rel="noreferrer">${escapeHtml(link.label)}</a>`,
              )
              .join(' · ')}</div>`
          : '';
      shown = `<h2 class="subject">${escapeHtml(mail.subject)}</h2><dl class="headers"><dt>From</dt><dd>${escapeHtml(mail.from)}</dd><dt>To</dt><dd>${escapeHtml(mail.to.join(', '))}</dd>${
        mail.date ? `<dt>Date</dt><dd>${escapeHtml(time.format(mail.date))}</dd>` : ''
      }</dl>${attachments}${pages}${body}`;
    }
    return page(
      'Mail · Otto sandbox',
      `${topBar(person)}<main class="mail"><section class="card"><h2>E-mails by recipient</h2>${
        list ||
        `<p class="note">No e-mail yet. Otto writes every e-mail it sends to ${escapeHtml(options.mailDir)}.</p>`
      }</section><section class="card reader">${shown}</section></main>`,
    );
  };

  // ---- the clock, for scripts and the page ----

  const proxyClock = async (req: IncomingMessage, res: ServerResponse) => {
    let body: string | undefined;
    if (req.method === 'POST') {
      const input = await readJson(req);
      // The page's time field has no zone: a wall time in the sandbox's zone.
      if (
        isRecord(input) &&
        typeof input.set === 'string' &&
        /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(input.set)
      ) {
        const at = DateTime.fromISO(input.set, { zone: timeZone });
        if (at.isValid) input.set = at.toUTC().toISO();
      }
      body = JSON.stringify(input);
    }
    let response: Response;
    try {
      response = await fetch(`${appOrigin}/sandbox/clock`, {
        method: req.method === 'POST' ? 'POST' : 'GET',
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body,
      });
    } catch (error) {
      throw new HttpError(502, unreachable(error));
    }
    const text = await response.text();
    res.writeHead(response.status, {
      'content-type': response.headers.get('content-type') ?? 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      ...commonHeaders,
    });
    res.end(text);
  };

  // ---- calendar feeds: the links `/otto calendar` shows are on this page's port ----

  const proxyCalendarFeed = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    let response: Response;
    try {
      response = await fetch(`${appOrigin}${url.pathname}${url.search}`);
    } catch (error) {
      throw new HttpError(502, unreachable(error));
    }
    res.writeHead(response.status, {
      'content-type': response.headers.get('content-type') ?? 'text/plain; charset=utf-8',
      'cache-control': response.headers.get('cache-control') ?? 'no-store',
      ...commonHeaders,
    });
    res.end(req.method === 'HEAD' ? undefined : await response.text());
  };
  const calendarFeedPath = /^\/calendar\/[^/]+\.ics$/;

  // ---- Otto's web pages: the e-mails' links open on this page's address, passed on to the app ----

  const webPagePath = /^\/(web\/[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)?|assets\/web\.css)$/;
  const passedBack = [
    'content-type',
    'cache-control',
    'referrer-policy',
    'content-security-policy',
    'x-frame-options',
    'x-content-type-options',
    'content-disposition',
    'location',
  ];
  const proxyWebPage = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    let body: string | undefined;
    if (req.method === 'POST') {
      // The app takes a form only from its own pages: here, pages on this address.
      const origin = req.headers.origin;
      const host = req.headers.host;
      if (
        req.headers['sec-fetch-site'] === 'cross-site' ||
        (origin !== undefined && origin !== 'null' && (!host || new URL(origin).host !== host))
      ) {
        throw new HttpError(403, 'Requests from other sites are not accepted.');
      }
      body = await readBody(req);
    }
    let response: Response;
    try {
      response = await fetch(`${appOrigin}${url.pathname}${url.search}`, {
        method: req.method === 'POST' ? 'POST' : 'GET',
        redirect: 'manual',
        headers: req.method === 'POST' ? { 'content-type': req.headers['content-type'] ?? '' } : {},
        body,
      });
    } catch (error) {
      throw new HttpError(502, unreachable(error));
    }
    const headers: Record<string, string> = {};
    for (const name of passedBack) {
      const value = response.headers.get(name);
      if (value !== null) headers[name] = value;
    }
    res.writeHead(response.status, headers);
    res.end(req.method === 'HEAD' ? undefined : Buffer.from(await response.arrayBuffer()));
  };

  // ---- routes ----

  type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void>;
  const routes: Record<string, Partial<Record<'GET' | 'POST', Handler>>> = {
    '/': {
      GET: async (_req, res, url) => {
        const as = url.searchParams.get('as');
        if (as === null || as === '') return send(res, 200, pickerPage());
        if (!peopleById.has(as))
          throw new HttpError(400, `as: “${as.slice(0, 40)}” is not a person of the sandbox`);
        send(res, 200, await personPage(as));
      },
    },
    '/api/parts': {
      GET: async (_req, res, url) => {
        const as = parse(PersonId, url.searchParams.get('as') ?? undefined);
        sendJson(res, 200, { parts: parts(as) });
      },
    },
    '/api/home': {
      POST: async (req, res) => {
        const body = parse(AsBody, await readJson(req));
        await openHome(body.as);
        sendJson(res, 200, { ok: true });
      },
    },
    '/api/act': {
      POST: async (req, res) => {
        const body = parse(ActBody, await readJson(req));
        const where = whereOf(body.as, body.surface);
        enter(body.as, where, body.values);
        let response: DriverResponse;
        try {
          response = await driver.act(
            body.as,
            { blockId: body.block, actionId: body.action },
            where,
            body.option,
          );
        } catch (error) {
          if (error instanceof TypeError) throw new HttpError(502, unreachable(error));
          throw new HttpError(409, `That is not there any more: ${(error as Error).message}`);
        }
        sendJson(res, 200, answer(body.as, 'That action', response));
      },
    },
    '/api/suggest': {
      POST: async (req, res) => {
        const body = parse(SuggestBody, await readJson(req));
        const where = whereOf(body.as, body.surface);
        try {
          const options = await driver.loadOptions(
            body.as,
            { blockId: body.block, actionId: body.action },
            body.query,
            where,
          );
          sendJson(res, 200, {
            options: options.map((o) => ({ value: o.value, text: o.text.text })),
          });
        } catch (error) {
          throw new HttpError(409, (error as Error).message);
        }
      },
    },
    '/api/submit': {
      POST: async (req, res) => {
        const body = parse(SubmitBody, await readJson(req));
        const where = whereOf(body.as, { kind: 'modal', view: body.view });
        enter(body.as, where, body.values);
        clientErrors.delete(body.as);
        try {
          const response = await driver.submitModal(body.as);
          sendJson(res, 200, answer(body.as, 'The submission', response));
        } catch (error) {
          if (!(error instanceof ClientValidationError)) throw error;
          const top = standIn.topModal(body.as)!;
          clientErrors.set(body.as, { viewId: top.id, hash: top.hash, errors: error.blockErrors });
          sendJson(res, 200, { ok: false, errors: error.blockErrors });
        }
      },
    },
    '/api/close': {
      POST: async (req, res) => {
        const body = parse(CloseBody, await readJson(req));
        whereOf(body.as, { kind: 'modal', view: body.view });
        clientErrors.delete(body.as);
        sendJson(res, 200, answer(body.as, 'Closing the modal', await driver.closeModal(body.as)));
      },
    },
    '/command': {
      POST: async (req, res) => {
        const form = parse(CommandForm, await readForm(req));
        await runCommand(form.as, form.text, form.channel ?? standIn.dmChannelId(form.as));
        if (wantsJson(req)) return sendJson(res, 200, { ok: true });
        redirect(res, `/?as=${encodeURIComponent(form.as)}#dm`);
      },
    },
    '/message': {
      POST: async (req, res) => {
        const form = parse(MessageForm, await readForm(req));
        const dm = standIn.dmChannelId(form.as);
        const channel = form.channel ?? dm;
        const back = `/?as=${encodeURIComponent(form.as)}#${channel === dm ? 'dm' : `channel-${channel}`}`;
        const done = () => (wantsJson(req) ? sendJson(res, 200, { ok: true }) : redirect(res, back));
        if (form.thread_ts !== undefined) {
          const root = standIn.message(channel, form.thread_ts);
          if (!root || root.ephemeralFor !== undefined || isReply(root)) {
            throw new HttpError(409, 'That message is not there to reply to.');
          }
        }
        if (form.text.startsWith('/')) {
          if (!/^\/otto(\s|$)/.test(form.text)) {
            notify(form.as, `${form.text.split(/\s/)[0]} is not a command of this app; try /otto help.`);
          } else {
            await runCommand(form.as, form.text, channel);
          }
          return done();
        }
        // What Slack does: the message is in the conversation, and the app hears of it (message.im,
        // message.channels), in the thread when it is a reply.
        let response: DriverResponse & { ts: string };
        try {
          response =
            channel === dm
              ? await driver.messageIm(form.as, form.text, form.thread_ts)
              : await driver.postMessage(form.as, channel, form.text, {
                  ...(form.thread_ts !== undefined && { threadTs: form.thread_ts }),
                });
        } catch (error) {
          notify(form.as, unreachable(error));
          return done();
        }
        if (response.status !== 200) {
          notify(form.as, failure('The message', response));
        } else if (!wantsJson(req) && channel === dm) {
          // The app answers a DM after its ack; give it a moment so the answer is on the next page.
          const sentTs = Number(response.ts);
          const deadline = Date.now() + dmReplyWaitMs;
          const answered = () => standIn.messages(dm).some((m) => m.bot_id && Number(m.ts) > sentTs);
          while (Date.now() < deadline && !answered()) await sleep(20);
        }
        done();
      },
    },
    '/api/shortcut': {
      POST: async (req, res) => {
        const body = parse(ShortcutBody, await readJson(req));
        const shortcut = shortcuts.find((s) => s.callbackId === body.callback);
        if (!shortcut)
          throw new HttpError(400, `callback: “${body.callback.slice(0, 40)}” is not a shortcut of the app`);
        if (shortcut.type === 'message' && !body.message) {
          throw new HttpError(400, `message: ${shortcut.name} is picked on a message`);
        }
        let response: DriverResponse;
        try {
          response =
            shortcut.type === 'global'
              ? await driver.globalShortcut(body.as, shortcut.callbackId)
              : await driver.messageShortcut(body.as, shortcut.callbackId, {
                  channel: body.message!.channel,
                  ts: body.message!.ts,
                });
        } catch (error) {
          if (error instanceof TypeError) throw new HttpError(502, unreachable(error));
          throw new HttpError(409, `That message is not there any more: ${(error as Error).message}`);
        }
        sendJson(res, 200, answer(body.as, shortcut.name, response));
      },
    },
    '/api/upload': {
      POST: async (req, res, url) => {
        const query = parse(UploadQuery, Object.fromEntries(url.searchParams));
        const bytes = await readUpload(req);
        if (bytes.length === 0) throw new HttpError(400, 'The file is empty.');
        const file = standIn.uploadAsUser(query.as, {
          name: query.name,
          mimetype: contentType(req) || 'application/octet-stream',
          content: bytes,
        });
        sendJson(res, 200, { id: file.id, name: file.name, size: file.size });
      },
    },
    '/sandbox/clock': { GET: proxyClock, POST: proxyClock },
    '/mail': {
      GET: async (_req, res, url) => send(res, 200, mailPage(url)),
    },
    '/mail/html': {
      GET: async (_req, res, url) => {
        const mail = parseEml(mailFile(url.searchParams.get('file')));
        res.writeHead(200, {
          'content-type': 'text/html; charset=utf-8',
          'content-security-policy': mailCsp,
          ...commonHeaders,
        });
        res.end(mail.html ?? `<pre>${escapeHtml(mail.text ?? '')}</pre>`);
      },
    },
  };
  for (const [path, { type, body }] of Object.entries(assets)) {
    routes[path] = {
      GET: async (_req, res) => {
        res.writeHead(200, { 'content-type': type, 'cache-control': 'no-cache', ...commonHeaders });
        res.end(body);
      },
    };
  }

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
    if (calendarFeedPath.test(url.pathname) && (req.method === 'GET' || req.method === 'HEAD')) {
      return proxyCalendarFeed(req, res, url);
    }
    if (webPagePath.test(url.pathname) && ['GET', 'HEAD', 'POST'].includes(req.method ?? '')) {
      return proxyWebPage(req, res, url);
    }
    const route = routes[url.pathname];
    if (!route) throw new HttpError(404, `There is no page at ${url.pathname}.`);
    const method = req.method === 'HEAD' ? 'GET' : req.method;
    const handler = method === 'GET' || method === 'POST' ? route[method] : undefined;
    if (!handler) {
      const allowed = Object.keys(route).flatMap((m) => (m === 'GET' ? ['GET', 'HEAD'] : [m]));
      res.setHeader('allow', allowed.join(', '));
      throw new HttpError(405, `${url.pathname} takes ${allowed.join(' or ')}.`);
    }
    // Actions are only taken from this page itself, not from other sites a browser visits.
    if (method === 'POST' && req.headers['sec-fetch-site'] === 'cross-site') {
      throw new HttpError(403, 'Requests from other sites are not accepted.');
    }
    await handler(req, res, url);
  };

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      if (res.headersSent) {
        res.end();
        return;
      }
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      const json = path.startsWith('/api/') || path === '/sandbox/clock' || wantsJson(req);
      if (!(error instanceof HttpError)) logger.error('sandbox page failed', error);
      const status = error instanceof HttpError ? error.status : 500;
      const message =
        error instanceof HttpError ? error.message : 'Something went wrong in the sandbox page; see the log.';
      if (json) sendJson(res, status, { error: message });
      else send(res, status, errorPage(status, message));
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://localhost:${port}/`,
    port,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
