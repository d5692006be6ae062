// The sandbox's browser page: server-rendered HTML that shows one person's Slack (App Home, DM with
// Otto, the team channels, their ephemeral replies) from the stand-in, and acts for them only through
// the driver, i.e. the same signed requests Slack would send the app.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import type { Logger } from '../logger.js';
import type { DemoPerson } from './demo-data.js';
import { blocksToHtml, escapeHtml, mrkdwnToHtml, type Names } from './mrkdwn-html.js';
import type { DriverResponse, SlackDriver, Where } from './slack-driver.js';
import { isRecord, type SlackStandIn, type StoredMessage } from './slack-standin.js';

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
  mailDir: string;
  timeZone: string;
  logger: Logger;
  /** How long a page load waits for the app to publish the App Home. */
  homeWaitMs?: number;
}

export interface SandboxPage {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

interface Reply {
  title: string;
  at: Date;
  text?: string;
  blocks?: unknown[];
  error?: string;
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
/** Past this much the request is cut off instead of drained. */
const maxDrainBytes = 1024 * 1024;
const maxRepliesKept = 10;
const maxMessagesShown = 30;
const dmReplyWaitMs = 1000;

const securityHeaders = {
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; img-src http: https: data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function send(res: ServerResponse, status: number, html: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...securityHeaders, ...headers });
  res.end(html);
}

function redirect(res: ServerResponse, location: string): void {
  res.writeHead(303, { location, ...securityHeaders });
  res.end();
}

/** Reads an url-encoded form, at most 64 KiB; a larger body is drained (up to a point) and refused. */
function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') {
    return Promise.reject(new HttpError(415, 'Send the form as application/x-www-form-urlencoded.'));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBodyBytes) chunks.push(chunk);
      else if (size > maxDrainBytes) req.destroy();
    });
    req.on('end', () => {
      if (size > maxBodyBytes) reject(new HttpError(413, 'The form is larger than 64 KiB.'));
      else resolve(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
    });
    req.on('error', reject);
  });
}

function parseForm<T extends z.ZodType>(schema: T, form: URLSearchParams): z.infer<T> {
  const parsed = schema.safeParse(Object.fromEntries(form));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.length > 0 ? `${String(issue.path[0])}: ` : '';
    throw new HttpError(400, `${field}${issue.message}`);
  }
  return parsed.data;
}

const style = `
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#1d1c1d;background:#f4f2f4}
header.top{background:#3f0e40;color:#fff;padding:10px 20px}
header.top h1{margin:0 0 6px;font-size:18px}
nav.people{display:flex;flex-wrap:wrap;gap:6px}
nav.people a{color:#fff;text-decoration:none;padding:3px 9px;border-radius:12px;background:#5a2a5b;font-size:13px}
nav.people a[aria-current]{background:#fff;color:#3f0e40;font-weight:600}
nav.people small{opacity:.75}
main{display:grid;grid-template-columns:repeat(auto-fit,minmax(380px,1fr));gap:16px;padding:16px 20px;align-items:start}
section.card{background:#fff;border:1px solid #ddd;border-radius:8px;padding:12px 16px}
section.card>h2{margin:0 0 8px;font-size:15px;color:#616061;text-transform:uppercase;letter-spacing:.04em}
.note{color:#616061;font-size:13px}
.notice{background:#fff4d6;border:1px solid #e8c35a;border-radius:6px;padding:6px 10px;margin:6px 0;font-size:13px}
.block{margin:6px 0}
h3.block{font-size:18px;margin:10px 0 4px}
hr.divider{border:0;border-top:1px solid #e5e5e5}
.section{display:flex;gap:12px;justify-content:space-between;align-items:flex-start}
.section .body{flex:1;min-width:0;overflow-wrap:anywhere}
.fields{display:grid;grid-template-columns:1fr 1fr;gap:6px 16px;margin-top:4px}
.context{font-size:12px;color:#616061}
.context-image{width:16px;height:16px;vertical-align:middle;border-radius:3px}
.accessory-image{width:72px;height:72px;object-fit:cover;border-radius:6px}
figure.image{margin:6px 0}figure.image img{max-width:100%;border-radius:6px}
.actions{display:flex;flex-wrap:wrap;gap:6px}
form.button{display:inline;margin:0}
.btn{font:inherit;font-size:14px;font-weight:600;padding:4px 12px;border-radius:4px;border:1px solid #bbb;background:#fff;cursor:pointer}
.btn.primary{background:#007a5a;border-color:#007a5a;color:#fff}
.btn.danger{background:#fff;border-color:#e01e5a;color:#e01e5a}
.unknown{display:inline-block;border:1px dashed #bbb;border-radius:4px;padding:2px 8px;font-size:13px;color:#616061}
.unknown .type{font-family:ui-monospace,Menlo,monospace;font-size:11px;background:#eee;border-radius:3px;padding:0 4px}
code{font-family:ui-monospace,Menlo,monospace;font-size:12px;background:#f6f6f6;border:1px solid #e5e5e5;border-radius:3px;padding:0 3px;color:#c01343}
pre{font-family:ui-monospace,Menlo,monospace;font-size:12px;background:#f6f6f6;border:1px solid #e5e5e5;border-radius:4px;padding:8px;white-space:pre-wrap}
.mention{background:#e8f5fa;color:#1264a3;border-radius:3px;padding:0 2px}
a{color:#1264a3}
.message{border-top:1px solid #eee;padding:8px 0}
.message:first-of-type{border-top:0}
.message .meta{font-size:13px}.message .meta b{margin-right:6px}.message .meta span{color:#616061}
.ephemeral{background:#f8f8fb;border-left:3px solid #8d8d9b;padding-left:8px}
.tag{font-size:11px;color:#616061;border:1px solid #ccc;border-radius:8px;padding:0 6px;margin-left:6px}
form.compose{display:flex;gap:6px;margin:6px 0 10px}
form.compose input[type=text]{flex:1;font:inherit;padding:5px 8px;border:1px solid #bbb;border-radius:4px}
.modal{border:2px solid #3f0e40}
ul.pick{list-style:none;padding:0;display:grid;grid-template-columns:repeat(auto-fit,minmax(240px,1fr));gap:10px}
ul.pick a{display:block;background:#fff;border:1px solid #ddd;border-radius:8px;padding:10px 14px;text-decoration:none;color:inherit}
ul.pick a:hover{border-color:#3f0e40}
footer{padding:8px 20px 20px;color:#616061;font-size:12px}
`;

/** Starts the page on `port` (0: a free one); its URL is http://localhost:<port>/. */
export async function startSandboxPage(options: SandboxPageOptions): Promise<SandboxPage> {
  const { standIn, driver, people, channels, logger } = options;
  const homeWaitMs = options.homeWaitMs ?? 2000;
  const peopleById = new Map(people.map((person) => [person.id, person]));
  const channelNames = new Map(channels.map((channel) => [channel.id, channel.name]));
  const replies = new Map<string, Reply[]>();
  const time = new Intl.DateTimeFormat('en-US', {
    timeZone: options.timeZone,
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

  const PersonId = z
    .string({ error: 'is missing' })
    .refine((id) => peopleById.has(id), { error: 'is not a person of the sandbox' });
  const Label = z
    .string({ error: 'is missing' })
    .min(1, { error: 'is empty' })
    .max(200, { error: 'is longer than 200 characters' });
  const Text = z
    .string({ error: 'is missing' })
    .max(4000, { error: 'is longer than 4000 characters' })
    .transform((text) => text.trim());
  const CommandForm = z.object({ as: PersonId, text: Text });
  const MessageForm = z.object({ as: PersonId, text: Text.refine((text) => text.length > 0, 'is empty') });
  const CloseForm = z.object({ as: PersonId });
  const ClickForm = z.discriminatedUnion(
    'surface',
    [
      z.object({ surface: z.literal('home'), as: PersonId, label: Label }),
      z.object({ surface: z.literal('modal'), as: PersonId, label: Label }),
      z.object({
        surface: z.literal('message'),
        as: PersonId,
        label: Label,
        channel: z.string().regex(/^[CDG][A-Z0-9]{2,}$/, { error: 'is not a channel id' }),
        ts: z.string().regex(/^\d{1,12}\.\d{1,6}$/, { error: 'is not a message ts' }),
      }),
    ],
    { error: 'must be home, modal or message' },
  );

  const remember = (userId: string, reply: Reply) => {
    const list = [reply, ...(replies.get(userId) ?? [])].slice(0, maxRepliesKept);
    replies.set(userId, list);
  };

  const failure = (what: string, response: DriverResponse) =>
    `${what}: Otto answered HTTP ${response.status}${response.body ? ` (${response.body.slice(0, 200)})` : ''}`;

  const unreachable = (error: unknown) => `Otto could not be reached: ${(error as Error).message}`;

  /** Opens the person's Home tab as Slack does and waits for the app to publish a fresh view. */
  const openHome = async (userId: string): Promise<string | undefined> => {
    const before = standIn.home(userId)?.hash;
    try {
      const response = await driver.appHomeOpened(userId);
      if (response.status !== 200) return failure('Opening the App Home', response);
    } catch (error) {
      return unreachable(error);
    }
    const deadline = Date.now() + homeWaitMs;
    while (Date.now() < deadline) {
      if (standIn.home(userId)?.hash !== before) return undefined;
      await sleep(20);
    }
    return 'Otto did not publish a new App Home in time; this is the last one it published.';
  };

  // ---- rendering ----

  const page = (title: string, body: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><style>${style}</style></head>
<body>${body}
<footer>This is Otto’s local sandbox: a stand-in for Slack with demo data, driven by the same signed requests Slack sends.
The app takes them at <code>${escapeHtml(options.appEventsUrl)}</code>.
E-mails are written to <code>${escapeHtml(options.mailDir)}</code>.</footer>
</body></html>`;

  const switcher = (current?: string) =>
    `<nav class="people" aria-label="Act as">${people
      .map(
        (person) =>
          `<a href="/?as=${encodeURIComponent(person.id)}"${person.id === current ? ' aria-current="page"' : ''}>${escapeHtml(person.realName)} <small>${escapeHtml(person.title)}</small></a>`,
      )
      .join('')}</nav>`;

  const errorPage = (status: number, message: string) =>
    page(
      'Otto sandbox',
      `<header class="top"><h1>Otto sandbox</h1></header><main><section class="card"><h2>${status}</h2><p>${escapeHtml(message)}</p><p><a href="/">Back to the sandbox</a></p></section></main>`,
    );

  /** The DM card is `dm`; a channel's card is named after the channel. */
  const channelAnchor = (channel: string) => (channel.startsWith('D') ? 'dm' : `channel-${channel}`);

  const formatTs = (ts: string) => time.format(new Date(Number(ts) * 1000));

  const message = (userId: string, channel: string, m: StoredMessage) => {
    const author = m.bot_id ? 'Otto' : (names.user(m.user) ?? m.user);
    const tags = [
      m.ephemeralFor !== undefined ? 'Only visible to you' : '',
      m.thread_ts !== undefined && m.thread_ts !== m.ts ? 'in a thread' : '',
      m.edited ? 'edited' : '',
    ]
      .filter(Boolean)
      .map((tag) => `<span class="tag">${tag}</span>`)
      .join('');
    const body =
      m.blocks && m.blocks.length > 0
        ? blocksToHtml(m.blocks, { names, as: userId, place: { surface: 'message', channel, ts: m.ts } })
        : `<div class="text">${mrkdwnToHtml(m.text, names)}</div>`;
    const cls = m.ephemeralFor !== undefined ? 'message ephemeral' : 'message';
    return `<div class="${cls}"><div class="meta"><b>${escapeHtml(author)}</b><span>${escapeHtml(formatTs(m.ts))}</span>${tags}</div>${body}</div>`;
  };

  const messages = (userId: string, channel: string, empty: string) => {
    const visible = standIn
      .messages(channel)
      .filter((m) => m.ephemeralFor === undefined || m.ephemeralFor === userId)
      .slice(-maxMessagesShown);
    if (visible.length === 0) return `<p class="note">${escapeHtml(empty)}</p>`;
    return visible.map((m) => message(userId, channel, m)).join('');
  };

  const replyHtml = (userId: string, reply: Reply) => {
    const body = reply.error
      ? `<div class="notice">${escapeHtml(reply.error)}</div>`
      : reply.blocks && reply.blocks.length > 0
        ? blocksToHtml(reply.blocks, { names, as: userId, place: { surface: 'none' } })
        : `<div class="text">${mrkdwnToHtml(reply.text ?? '', names)}</div>`;
    return `<div class="message ephemeral"><div class="meta"><b>Otto</b><span>${escapeHtml(time.format(reply.at))}</span><span class="tag">Only visible to you</span> <code>${escapeHtml(reply.title)}</code></div>${body}</div>`;
  };

  const personPage = async (userId: string) => {
    const person = peopleById.get(userId)!;
    const homeProblem = await openHome(userId);
    const home = standIn.home(userId);
    const modal = standIn.topModal(userId);
    const asField = `<input type="hidden" name="as" value="${escapeHtml(userId)}">`;
    const cards: string[] = [];

    cards.push(
      `<section class="card" id="home"><h2>App Home</h2>${
        homeProblem ? `<div class="notice">${escapeHtml(homeProblem)}</div>` : ''
      }${
        home
          ? blocksToHtml(home.blocks, { names, as: userId, place: { surface: 'home' } })
          : '<p class="note">Otto has not published a Home tab for this person.</p>'
      }</section>`,
    );

    if (modal) {
      const title = modal.type === 'modal' ? escapeHtml(modal.title?.text ?? '') : '';
      cards.push(`<section class="card modal" id="modal"><h2>Open modal: ${title}</h2>
<p class="note">This page shows modals but cannot fill their inputs yet; its buttons work.</p>
${blocksToHtml(modal.blocks, { names, as: userId, place: { surface: 'modal' } })}
<form method="post" action="/close" class="button">${asField}<button type="submit" class="btn">Close</button></form></section>`);
    }

    const mine = replies.get(userId) ?? [];
    cards.push(`<section class="card" id="replies"><h2>/otto</h2>
<form method="post" action="/command" class="compose">${asField}<label for="command"><code>/otto</code></label>
<input type="text" id="command" name="text" maxlength="4000" placeholder="help" autocomplete="off">
<button type="submit" class="btn primary">Send</button></form>
${mine.length > 0 ? mine.map((reply) => replyHtml(userId, reply)).join('') : '<p class="note">Replies to your commands show here, visible only to you. Try <code>/otto help</code>.</p>'}
</section>`);

    const dm = standIn.dmChannelId(userId);
    cards.push(`<section class="card" id="dm"><h2>Direct messages with Otto</h2>
${messages(userId, dm, 'No messages yet.')}
<form method="post" action="/message" class="compose">${asField}
<input type="text" name="text" maxlength="4000" placeholder="Message Otto" aria-label="Message Otto" autocomplete="off">
<button type="submit" class="btn">Send</button></form></section>`);

    for (const channel of channels) {
      cards.push(
        `<section class="card" id="${escapeHtml(channelAnchor(channel.id))}"><h2>#${escapeHtml(channel.name)}</h2>${messages(userId, channel.id, 'Otto has posted nothing here yet.')}</section>`,
      );
    }

    return page(
      `${person.realName} · Otto sandbox`,
      `<header class="top"><h1>Otto sandbox · ${escapeHtml(person.realName)} <small>${escapeHtml(person.title)}</small></h1>${switcher(userId)}</header>
<main>${cards.join('\n')}</main>`,
    );
  };

  const pickerPage = () =>
    page(
      'Otto sandbox',
      `<header class="top"><h1>Otto sandbox</h1></header><main><section class="card"><h2>Pick a person</h2>
<p>Each demo person sees the part of Otto that is theirs. Pick one to see their App Home and messages and to act as them.</p>
<ul class="pick">${people
        .map(
          (person) =>
            `<li><a href="/?as=${encodeURIComponent(person.id)}"><b>${escapeHtml(person.realName)}</b><br><span class="note">${escapeHtml(person.title)}</span></a></li>`,
        )
        .join('')}</ul></section></main>`,
    );

  // ---- routes ----

  const backTo = (userId: string, anchor: string) => `/?as=${encodeURIComponent(userId)}#${anchor}`;

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
    '/command': {
      POST: async (req, res) => {
        const form = parseForm(CommandForm, await readForm(req));
        const text = form.text.replace(/^\/otto\b\s*/, '');
        const title = `/otto ${text}`.trim();
        try {
          const response = await driver.slashCommand(form.as, text);
          if (response.status !== 200)
            remember(form.as, { title, at: new Date(), error: failure(title, response) });
          else if (isRecord(response.json))
            remember(form.as, {
              title,
              at: new Date(),
              text: typeof response.json.text === 'string' ? response.json.text : '',
              blocks: Array.isArray(response.json.blocks) ? response.json.blocks : undefined,
            });
        } catch (error) {
          remember(form.as, {
            title,
            at: new Date(),
            error: unreachable(error),
          });
        }
        redirect(res, backTo(form.as, 'replies'));
      },
    },
    '/click': {
      POST: async (req, res) => {
        const form = parseForm(ClickForm, await readForm(req));
        const where: Where =
          form.surface === 'message'
            ? { surface: 'message', channel: form.channel, ts: form.ts }
            : { surface: form.surface };
        let response: DriverResponse;
        try {
          response = await driver.clickButton(form.as, form.label, where);
        } catch (error) {
          throw new HttpError(409, `That button is not there any more: ${(error as Error).message}`);
        }
        if (response.status !== 200)
          remember(form.as, {
            title: `“${form.label}”`,
            at: new Date(),
            error: failure('The click', response),
          });
        redirect(
          res,
          backTo(form.as, form.surface === 'message' ? channelAnchor(form.channel) : form.surface),
        );
      },
    },
    '/message': {
      POST: async (req, res) => {
        const form = parseForm(MessageForm, await readForm(req));
        const dm = standIn.dmChannelId(form.as);
        const title = 'Direct message';
        let response: DriverResponse & { ts: string };
        try {
          response = await driver.messageIm(form.as, form.text);
        } catch (error) {
          remember(form.as, { title, at: new Date(), error: unreachable(error) });
          return redirect(res, backTo(form.as, 'dm'));
        }
        if (response.status !== 200) {
          remember(form.as, { title, at: new Date(), error: failure('The message', response) });
        } else {
          // The app answers a DM after its ack; give it a moment so the answer is on the next page.
          const sentTs = Number(response.ts);
          const deadline = Date.now() + dmReplyWaitMs;
          const answered = () => standIn.messages(dm).some((m) => m.bot_id && Number(m.ts) > sentTs);
          while (Date.now() < deadline && !answered()) await sleep(20);
        }
        redirect(res, backTo(form.as, 'dm'));
      },
    },
    '/close': {
      POST: async (req, res) => {
        const form = parseForm(CloseForm, await readForm(req));
        if (standIn.topModal(form.as)) await driver.closeModal(form.as);
        redirect(res, backTo(form.as, 'home'));
      },
    },
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
    const route = routes[url.pathname];
    if (!route) throw new HttpError(404, `There is no page at ${url.pathname}.`);
    const method = req.method === 'HEAD' ? 'GET' : req.method;
    const handler = method === 'GET' || method === 'POST' ? route[method] : undefined;
    if (!handler) {
      const allowed = Object.keys(route).flatMap((m) => (m === 'GET' ? ['GET', 'HEAD'] : [m]));
      res.setHeader('allow', allowed.join(', '));
      throw new HttpError(405, `${url.pathname} takes ${allowed.join(' or ')}.`);
    }
    // Forms are only taken from this page itself, not from other sites a browser visits.
    if (method === 'POST' && req.headers['sec-fetch-site'] === 'cross-site') {
      throw new HttpError(403, 'Forms from other sites are not accepted.');
    }
    await handler(req, res, url);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) {
        res.end();
        return;
      }
      if (error instanceof HttpError) {
        send(res, error.status, errorPage(error.status, error.message));
        return;
      }
      logger.error('sandbox page failed', error);
      send(res, 500, errorPage(500, 'Something went wrong in the sandbox page; see the log.'));
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
