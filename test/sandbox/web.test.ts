import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { createMailer } from '../../src/mail/mailer.js';
import { demoChannels, demoPeople } from '../../src/sandbox/demo-data.js';
import { blocksToHtml, mrkdwnToHtml } from '../../src/sandbox/mrkdwn-html.js';
import { parseEml } from '../../src/sandbox/page/eml.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/run.js';
import { createSlackDriver } from '../../src/sandbox/slack-driver.js';
import { type SlackStandIn, startSlackStandIn } from '../../src/sandbox/slack-standin.js';
import { type SandboxPage, startSandboxPage } from '../../src/sandbox/web.js';
import { type ScratchDatabase, scratchDatabase } from '../helpers/database.js';
import { waitFor } from '../helpers/slack.js';

const ADMIN = 'U0DEMOADMN';
const CUSTOMER = 'U0DEMOCUST';
const APPROVER = 'U0DEMOAPPR';
const REMOTE = 'U0DEMOREMO';
const scriptName = '<script>alert("x")</script>';

const plain = (text: string) => ({ type: 'plain_text', text });
const option = (text: string, value: string) => ({ text: plain(text), value });

const pickOne = {
  type: 'static_select',
  action_id: 'pick',
  placeholder: plain('Pick one'),
  option_groups: [{ label: plain('Group'), options: [option('One', '1'), option('Two', '2')] }],
  initial_option: option('Two', '2'),
};

/** One of every block and element the page renders. */
const everything = [
  { type: 'header', block_id: 'h', text: plain('Every element <i>') },
  { type: 'divider', block_id: 'd' },
  {
    type: 'section',
    block_id: 'sec',
    text: { type: 'mrkdwn', text: '*Ticket* <@U1>' },
    fields: [{ type: 'mrkdwn', text: '_field_' }],
    accessory: {
      type: 'overflow',
      action_id: 'more',
      options: [option('Edit', 'edit'), option('Delete <b>', 'delete')],
    },
  },
  {
    type: 'section',
    block_id: 'pic',
    text: plain('With a picture'),
    accessory: { type: 'image', image_url: 'https://example.edu/a.png', alt_text: 'a "pic"' },
  },
  {
    type: 'actions',
    block_id: 'act',
    elements: [
      { type: 'button', action_id: 'go', text: plain('Go'), style: 'primary', value: 'v1' },
      {
        type: 'button',
        action_id: 'cancel',
        text: plain('Cancel ticket'),
        style: 'danger',
        confirm: {
          title: plain('Cancel it?'),
          text: { type: 'mrkdwn', text: 'This *cannot* be undone.' },
          confirm: plain('Cancel ticket'),
          deny: plain('Keep it'),
          style: 'danger',
        },
      },
      { type: 'button', action_id: 'docs', text: plain('Docs'), url: 'https://example.edu/docs' },
      { type: 'button', action_id: 'evil', text: plain('Evil'), url: 'javascript:alert(1)' },
      pickOne,
      { type: 'datepicker', action_id: 'day', initial_date: '2026-11-20' },
      { type: 'timepicker', action_id: 'time', initial_time: '09:30' },
      { type: 'users_select', action_id: 'who', placeholder: plain('Someone') },
      { type: 'conversations_select', action_id: 'where', placeholder: plain('Somewhere') },
      { type: 'channels_select', action_id: 'chan', placeholder: plain('A channel') },
    ],
  },
  {
    type: 'context',
    block_id: 'ctx',
    elements: [
      { type: 'image', image_url: 'https://example.edu/i.png', alt_text: 'icon' },
      { type: 'mrkdwn', text: '_note_ `code`' },
    ],
  },
  {
    type: 'image',
    block_id: 'img',
    image_url: 'javascript:alert(1)',
    alt_text: 'bad',
    title: plain('Title'),
  },
  {
    type: 'input',
    block_id: 'name',
    label: plain('Name'),
    hint: plain('Your full name'),
    element: {
      type: 'plain_text_input',
      action_id: 'v',
      min_length: 2,
      max_length: 40,
      initial_value: 'Ann "A"',
    },
  },
  {
    type: 'input',
    block_id: 'why',
    optional: true,
    label: plain('Why'),
    element: { type: 'plain_text_input', action_id: 'v', multiline: true, placeholder: plain('Say why') },
  },
  {
    type: 'input',
    block_id: 'mail',
    label: plain('E-mail'),
    element: { type: 'email_text_input', action_id: 'v' },
  },
  {
    type: 'input',
    block_id: 'site',
    label: plain('Site'),
    element: { type: 'url_text_input', action_id: 'v' },
  },
  {
    type: 'input',
    block_id: 'count',
    label: plain('Count'),
    element: { type: 'number_input', action_id: 'v', is_decimal_allowed: false, min_value: '1' },
  },
  {
    type: 'input',
    block_id: 'colours',
    label: plain('Colours'),
    element: {
      type: 'multi_static_select',
      action_id: 'v',
      options: [option('Red', 'r'), option('Blue', 'b')],
      initial_options: [option('Blue', 'b')],
    },
  },
  {
    type: 'input',
    block_id: 'model',
    label: plain('Model'),
    dispatch_action: true,
    element: {
      type: 'external_select',
      action_id: 'v',
      min_query_length: 0,
      placeholder: plain('Find a model'),
      initial_option: option('Mac', 'mac'),
    },
  },
  {
    type: 'input',
    block_id: 'apps',
    label: plain('Apps'),
    optional: true,
    element: { type: 'multi_external_select', action_id: 'v' },
  },
  {
    type: 'input',
    block_id: 'size',
    label: plain('Size'),
    element: {
      type: 'radio_buttons',
      action_id: 'v',
      options: [option('Small', 's'), { ...option('Large', 'l'), description: plain('Heavier') }],
    },
  },
  {
    type: 'input',
    block_id: 'agree',
    label: plain('Agree'),
    optional: true,
    element: {
      type: 'checkboxes',
      action_id: 'v',
      options: [{ text: { type: 'mrkdwn', text: '*Yes*' }, value: 'yes' }],
    },
  },
  {
    type: 'input',
    block_id: 'when',
    label: plain('When'),
    optional: true,
    element: { type: 'datetimepicker', action_id: 'v', initial_date_time: 1_795_000_000 },
  },
  {
    type: 'input',
    block_id: 'people',
    label: plain('People'),
    optional: true,
    element: { type: 'multi_users_select', action_id: 'v' },
  },
  {
    type: 'input',
    block_id: 'file',
    label: plain('File'),
    optional: true,
    element: { type: 'file_input', action_id: 'v' },
  },
  {
    type: 'rich_text',
    block_id: 'rich',
    elements: [
      {
        type: 'rich_text_section',
        elements: [
          { type: 'text', text: 'bold <b>', style: { bold: true } },
          { type: 'link', url: 'https://example.edu', text: 'site' },
          { type: 'user', user_id: 'U1' },
        ],
      },
    ],
  },
  { type: 'video', block_id: 'vid', title: plain('A video') },
];

describe('mrkdwn and Block Kit as HTML', () => {
  const names = {
    user: (id: string) => (id === 'U1' ? scriptName : undefined),
    channel: (id: string) => (id === 'C1' ? 'general' : undefined),
  };

  it('formats bold, italic, strike, code, pre, mentions, channels and links', () => {
    expect(mrkdwnToHtml('*bold* _it_ ~gone~ `a_b_c` and snake_case_name', names)).toBe(
      '<strong>bold</strong> <em>it</em> <s>gone</s> <code>a_b_c</code> and snake_case_name',
    );
    expect(mrkdwnToHtml('```\n*raw* <@U1>\n```', names)).toBe('<pre>*raw* &lt;@U1&gt;\n</pre>');
    expect(mrkdwnToHtml('<#C1> <#C9|old-name> <!here>', names)).toBe(
      '<span class="mention">#general</span> <span class="mention">#old-name</span> <span class="mention">@here</span>',
    );
    expect(mrkdwnToHtml('<https://example.edu/a?b=1&amp;c=2|the site> <mailto:x@example.edu>')).toBe(
      '<a href="https://example.edu/a?b=1&amp;c=2" rel="noopener noreferrer" target="_blank">the site</a> ' +
        '<a href="mailto:x@example.edu" rel="noopener noreferrer" target="_blank">x@example.edu</a>',
    );
    expect(mrkdwnToHtml('one\ntwo')).toBe('one<br>two');
  });

  it('escapes everything a person or the app wrote', () => {
    expect(mrkdwnToHtml('Hi <@U1>!', names)).toBe(
      'Hi <span class="mention">@&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</span>!',
    );
    expect(mrkdwnToHtml('a &lt;b&gt; &amp;amp; "q" \'s\'')).toBe(
      'a &lt;b&gt; &amp;amp; &quot;q&quot; &#39;s&#39;',
    );
    expect(mrkdwnToHtml('<javascript:alert(1)|click me>')).toBe('click me');
    expect(mrkdwnToHtml('<img src=x onerror=alert(1)>')).toBe('&lt;img src=x onerror=alert(1)&gt;');
    expect(mrkdwnToHtml('*<script>*')).toBe('<strong>&lt;script&gt;</strong>');
  });

  it('renders every block and element type as HTML a person can use, escaped', () => {
    const html = blocksToHtml(everything, {
      names,
      key: 's',
      people: [{ id: 'U1', name: scriptName }],
      channels: [{ id: 'C1', name: 'general' }],
      timeZone: 'America/Detroit',
      errors: { name: 'Too <short>' },
    });
    const el = (block: string, action: string, type: string) =>
      `data-block="${block}" data-action="${action}" data-type="${type}"`;

    expect(html).toContain('<h3 class="block header">Every element &lt;i&gt;</h3>');
    expect(html).toContain('<hr class="block divider">');
    expect(html).toContain('<strong>Ticket</strong>');
    expect(html).toContain('<div class="fields"><div><em>field</em></div></div>');
    // Overflow: a menu of its options.
    expect(html).toContain(`${el('sec', 'more', 'overflow')} data-dispatch>`);
    expect(html).toContain('<option value="delete">Delete &lt;b&gt;</option>');
    expect(html).toContain(
      '<img class="accessory-image" src="https://example.edu/a.png" alt="a &quot;pic&quot;">',
    );
    // Buttons: styles, a confirm dialog, safe links only.
    expect(html).toContain(
      `${el('act', 'go', 'button')} data-dispatch><button type="button" class="btn primary">Go</button>`,
    );
    expect(html).toContain('<button type="button" class="btn danger">Cancel ticket</button>');
    expect(html).toContain(
      '<template class="confirm" data-title="Cancel it?" data-yes="Cancel ticket" data-no="Keep it" data-style="danger">This <strong>cannot</strong> be undone.</template>',
    );
    expect(html).toContain('data-url="https://example.edu/docs"');
    expect(html).not.toContain('javascript:');
    // Selects with groups and the chosen option; people and channels to choose from.
    expect(html).toContain(
      '<optgroup label="Group"><option value="1">One</option><option value="2" selected>Two</option></optgroup>',
    );
    expect(html).toContain('<option value="U1">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</option>');
    expect(html).toContain(`${el('act', 'where', 'conversations_select')} data-dispatch>`);
    expect(html).toContain('<option value="C1">#general</option>');
    expect(html).toContain(`${el('act', 'chan', 'channels_select')}`);
    expect(html).toMatch(/<input type="date" id="s-\d+" value="2026-11-20" aria-label="datepicker">/);
    expect(html).toContain('value="09:30"');
    expect(html).toContain('<img class="context-image" src="https://example.edu/i.png" alt="icon">');
    expect(html).toContain('<span class="image missing">bad</span><figcaption>Title</figcaption>');
    // Inputs: labels tied to their controls, hints, errors under the field, optional marks.
    expect(html).toMatch(/<label class="label" id="s-\d+" for="s-\d+">Name<\/label>/);
    expect(html).toContain('minlength="2" maxlength="40"');
    expect(html).toContain('<div class="hint">Your full name</div>');
    expect(html).toContain('<div class="field-error" role="alert">Too &lt;short&gt;</div>');
    expect(html).toContain('Why <span class="optional">(optional)</span>');
    expect(html).toContain('placeholder="Say why"></textarea>');
    expect(html).toContain('type="email"');
    expect(html).toContain('type="url"');
    expect(html).toContain('type="number"');
    expect(html).toContain('step="1" min="1"');
    expect(html).toContain('<select id="s-');
    expect(html).toContain('multiple');
    expect(html).toContain('<option value="b" selected>Blue</option>');
    // External selects: a search box, the chosen option, the app's min_query_length, dispatch_action.
    expect(html).toContain(`${el('model', 'v', 'external_select')} data-dispatch data-min-query="0">`);
    expect(html).toContain('<option value="mac" selected>Mac</option>');
    expect(html).toContain(`${el('apps', 'v', 'multi_external_select')} data-min-query="3">`);
    expect(html).toContain('<input type="radio" name="s-');
    expect(html).toContain('<span class="description">Heavier</span>');
    expect(html).toMatch(/role="group" aria-labelledby="s-\d+"/);
    expect(html).toContain('<input type="checkbox"');
    expect(html).toContain('<strong>Yes</strong>');
    expect(html).toContain('type="datetime-local"');
    expect(html).toContain('value="2026-11-18T06:06"');
    expect(html).toContain(`${el('people', 'v', 'multi_users_select')}`);
    expect(html).toContain('<input type="file"');
    expect(html).toContain('<strong>bold &lt;b&gt;</strong>');
    expect(html).toContain(
      '<a href="https://example.edu" rel="noopener noreferrer" target="_blank">site</a>',
    );
    expect(html).toContain('<span class="unknown"><span class="type">video</span></span>');
    expect(html).not.toMatch(/<script|<b>|<i>|onerror/);
  });

  it('shows the state a person entered rather than the initial values', () => {
    const html = blocksToHtml(everything, {
      names,
      key: 'k',
      state: {
        act: { pick: { type: 'static_select', selected_option: option('One', '1') } },
        name: { v: { type: 'plain_text_input', value: 'Bo' } },
        size: { v: { type: 'radio_buttons', selected_option: option('Large', 'l') } },
        agree: { v: { type: 'checkboxes', selected_options: [option('Yes', 'yes')] } },
      },
    });
    expect(html).toContain('<option value="1" selected>One</option><option value="2">Two</option>');
    expect(html).toContain('value="Bo"');
    expect(html).toMatch(/value="l" checked>/);
    expect(html).toMatch(/value="yes" checked>/);
  });
});

describe('captured e-mails', () => {
  it('reads the headers, the HTML and text parts and the attachments nodemailer writes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'otto-eml-'));
    try {
      const mailer = createMailer({ mailDir: dir, from: 'Otto <otto@example.edu>' });
      await mailer.send({
        to: 'casey@otto.example.edu',
        subject: 'Your delivery — Tuesday ✓',
        html: `<p>Hello ${'é'.repeat(100)}</p>`,
        text: 'Hello',
        messageId: '<m1@otto.example.edu>',
        attachments: [{ filename: 'delivery.ics', contentType: 'text/calendar', content: 'BEGIN:VCALENDAR' }],
      });
      const { readFileSync } = await import('node:fs');
      const mail = parseEml(readFileSync(join(dir, 'm1@otto.example.edu.eml'), 'utf8'));
      expect(mail).toMatchObject({
        to: ['casey@otto.example.edu'],
        from: 'Otto <otto@example.edu>',
        subject: 'Your delivery — Tuesday ✓',
        html: `<p>Hello ${'é'.repeat(100)}</p>`,
        text: 'Hello',
        attachments: ['delivery.ics'],
      });
      expect(mail.date).toBeInstanceOf(Date);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** A stand-in for the app: records the signed requests the page makes through the driver, answers as told. */
interface FakeApp {
  url: string;
  requests: Array<{ path: string; body: string; payload?: Record<string, unknown>; signed: boolean }>;
  answers: Array<{ status: number; body: unknown }>;
  clock: { status: number; body: unknown; received: unknown[] };
  server: Server;
}

async function startFakeApp(signingSecret: string): Promise<FakeApp> {
  const app: FakeApp = {
    url: '',
    requests: [],
    answers: [],
    clock: { status: 200, body: {}, received: [] },
    server: createServer(),
  };
  const read = (req: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => resolve(body));
    });
  app.server.on('request', async (req, res) => {
    const body = await read(req);
    if (req.url === '/sandbox/clock') {
      app.clock.received.push(req.method === 'POST' ? JSON.parse(body) : 'GET');
      res.writeHead(app.clock.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(app.clock.body));
      return;
    }
    const ts = String(req.headers['x-slack-request-timestamp']);
    const expected = `v0=${createHmac('sha256', signingSecret).update(`v0:${ts}:${body}`).digest('hex')}`;
    const form = new URLSearchParams(body);
    const payload = form.get('payload');
    app.requests.push({
      path: req.url ?? '',
      body,
      signed: req.headers['x-slack-signature'] === expected,
      ...(payload ? { payload: JSON.parse(payload) } : {}),
    });
    const answer = app.answers.shift() ?? { status: 200, body: '' };
    res.writeHead(answer.status, { 'content-type': 'application/json' });
    res.end(typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
  app.url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  return app;
}

describe('the page’s requests, as the app receives them', () => {
  const secret = 'page-test-secret';
  let standIn: SlackStandIn;
  let app: FakeApp;
  let page: SandboxPage;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'otto-page-'));
    standIn = await startSlackStandIn();
    for (const person of demoPeople) standIn.addUser({ ...person });
    app = await startFakeApp(secret);
    page = await startSandboxPage({
      port: 0,
      host: '127.0.0.1',
      standIn,
      driver: createSlackDriver({ eventsUrl: `${app.url}/slack/events`, signingSecret: secret, standIn }),
      people: demoPeople,
      channels: demoChannels,
      appEventsUrl: `${app.url.replace('127.0.0.1', 'localhost')}/slack/events`,
      mailDir: join(dir, 'mail'),
      timeZone: 'America/Detroit',
      logger: createLogger('error'),
      homeWaitMs: 50,
    });
  });

  afterAll(async () => {
    await page?.stop();
    await new Promise((resolve) => app?.server.close(resolve));
    await standIn?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(() => {
    app.requests.length = 0;
    app.answers.length = 0;
  });

  const web = async (method: string, name: string, args: Record<string, unknown>) => {
    const response = await fetch(`${standIn.apiUrl}${name}`, {
      method,
      headers: { authorization: `Bearer ${standIn.botToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(args),
    });
    const json = (await response.json()) as Record<string, unknown>;
    expect(json.ok, JSON.stringify(json)).toBe(true);
    return json;
  };
  const publish = (user: string, blocks: unknown[]) =>
    web('POST', 'views.publish', { user_id: user, view: { type: 'home', blocks } });
  const openModal = (user: string, view: Record<string, unknown>) =>
    web('POST', 'views.open', { trigger_id: standIn.issueTriggerId(user), view: { type: 'modal', ...view } });
  const api = async (path: string, body: unknown) => {
    const response = await fetch(new URL(path, page.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  };
  const parts = async (as: string) => {
    const response = await fetch(new URL(`/api/parts?as=${as}`, page.url));
    return ((await response.json()) as { parts: Record<string, string> }).parts;
  };
  const last = () => app.requests.at(-1)!;

  it('renders a Home with every element and sends a select’s block_actions with the Home’s state', async () => {
    await publish(ADMIN, everything);
    const home = (await parts(ADMIN)).home!;
    expect(home).toContain('data-kind="home"');
    expect(home).toContain('<option value="U0DEMOCUST">Casey Customer</option>');

    const { status, json } = await api('/api/act', {
      as: ADMIN,
      surface: { kind: 'home' },
      values: { act: { pick: '1', day: '2026-12-01' } },
      block: 'act',
      action: 'pick',
    });
    expect(status).toBe(200);
    expect(json).toEqual({ ok: true });
    const sent = last();
    expect(sent.signed).toBe(true);
    expect(sent.payload).toMatchObject({
      type: 'block_actions',
      user: { id: ADMIN },
      container: { type: 'view' },
      actions: [
        { type: 'static_select', block_id: 'act', action_id: 'pick', selected_option: option('One', '1') },
      ],
      view: { type: 'home', state: { values: { act: { day: { selected_date: '2026-12-01' } } } } },
    });
    // What was chosen stays chosen on the page.
    expect((await parts(ADMIN)).home).toContain('<option value="1" selected>One</option>');
  });

  it('clicks a button by its ids, sends an overflow’s option, and shows the app’s refusal as a notice', async () => {
    await publish(ADMIN, everything);
    await api('/api/act', { as: ADMIN, surface: { kind: 'home' }, values: {}, block: 'act', action: 'go' });
    expect(last().payload).toMatchObject({
      type: 'block_actions',
      actions: [{ type: 'button', action_id: 'go', value: 'v1', style: 'primary', text: plain('Go') }],
    });
    await api('/api/act', {
      as: ADMIN,
      surface: { kind: 'home' },
      values: {},
      block: 'sec',
      action: 'more',
      option: 'delete',
    });
    expect(last().payload).toMatchObject({
      actions: [{ type: 'overflow', selected_option: { value: 'delete' } }],
    });

    app.answers.push({ status: 500, body: 'boom' });
    const refused = await api('/api/act', {
      as: ADMIN,
      surface: { kind: 'home' },
      values: {},
      block: 'act',
      action: 'go',
    });
    expect(refused.json).toMatchObject({ ok: false, notice: 'That action: Otto answered HTTP 500 (boom)' });
    expect((await parts(ADMIN)).notices).toContain('That action: Otto answered HTTP 500 (boom)');
  });

  it('acts on a message with its state and a response_url, as Slack does', async () => {
    const posted = await web('POST', 'chat.postMessage', {
      channel: 'C0NORTHNIT',
      text: 'Batch',
      blocks: [
        {
          type: 'actions',
          block_id: 'm',
          elements: [pickOne, { type: 'button', action_id: 'ok', text: plain('OK') }],
        },
      ],
    });
    const ts = String(posted.ts);
    expect((await parts(APPROVER))['channel-C0NORTHNIT']).toContain(`data-ts="${ts}"`);
    await api('/api/act', {
      as: APPROVER,
      surface: { kind: 'message', channel: 'C0NORTHNIT', ts },
      values: { m: { pick: '1' } },
      block: 'm',
      action: 'ok',
    });
    expect(last().payload).toMatchObject({
      type: 'block_actions',
      container: { type: 'message', message_ts: ts, channel_id: 'C0NORTHNIT' },
      state: { values: { m: { pick: { selected_option: { value: '1' } } } } },
      actions: [{ action_id: 'ok' }],
    });
    expect(String(last().payload?.response_url)).toMatch(/\/response\//);
  });

  it('submits a modal with state.values, shows Slack’s and the app’s errors under their fields, pushes and closes', async () => {
    await openModal(CUSTOMER, {
      callback_id: 'form',
      notify_on_close: true,
      title: plain('A form'),
      submit: plain('Save'),
      close: plain('Not now'),
      blocks: everything.filter((b) => b.type === 'input'),
    });
    const modal = (await parts(CUSTOMER)).modal!;
    const view = /data-view="(V\w+)"/.exec(modal)![1]!;
    expect(modal).toContain('<h2 id="modal-title">A form</h2>');
    expect(modal).toContain('>Save</button>');
    expect(modal).toContain('>Not now</button>');

    // Slack's own client refuses an empty required field before the app hears of it.
    const empty = await api('/api/submit', { as: CUSTOMER, view, values: { mail: { v: '' } } });
    expect(empty.json).toMatchObject({ ok: false, errors: { mail: 'Please complete this required field.' } });
    expect(app.requests).toHaveLength(0);
    expect((await parts(CUSTOMER)).modal).toContain(
      '<div class="field-error" role="alert">Please complete this required field.</div>',
    );

    // The external select loads the app's options (block_suggestion) with the modal's view.
    app.answers.push({
      status: 200,
      body: { options: [option('Dell <7450>', 'dell'), option('Mac', 'mac')] },
    });
    const suggested = await api('/api/suggest', {
      as: CUSTOMER,
      surface: { kind: 'modal', view },
      block: 'model',
      action: 'v',
      query: 'de',
    });
    expect(suggested.json).toEqual({
      options: [
        { value: 'dell', text: 'Dell <7450>' },
        { value: 'mac', text: 'Mac' },
      ],
    });
    expect(last().payload).toMatchObject({
      type: 'block_suggestion',
      block_id: 'model',
      value: 'de',
      view: { id: view },
    });

    app.answers.push({ status: 200, body: { response_action: 'errors', errors: { count: 'Too many <b>' } } });
    const values = {
      name: { v: 'Bea' },
      mail: { v: 'bea@example.edu' },
      site: { v: 'https://example.edu' },
      count: { v: '3' },
      colours: { v: ['r', 'b'] },
      model: { v: 'dell' },
      size: { v: 'l' },
      agree: { v: ['yes'] },
      when: { v: '2026-11-20T09:30' },
      people: { v: [APPROVER] },
    };
    expect((await api('/api/submit', { as: CUSTOMER, view, values })).json).toEqual({ ok: true });
    const submitted = last().payload!;
    expect(submitted).toMatchObject({
      type: 'view_submission',
      view: {
        id: view,
        callback_id: 'form',
        state: {
          values: {
            name: { v: { type: 'plain_text_input', value: 'Bea' } },
            count: { v: { type: 'number_input', value: '3' } },
            colours: { v: { selected_options: [option('Red', 'r'), option('Blue', 'b')] } },
            model: { v: { type: 'external_select', selected_option: option('Dell <7450>', 'dell') } },
            size: { v: { selected_option: { value: 'l' } } },
            agree: { v: { selected_options: [{ value: 'yes' }] } },
            // 09:30 in Detroit is 14:30 UTC in November.
            when: { v: { selected_date_time: Date.parse('2026-11-20T14:30:00Z') / 1000 } },
            people: { v: { selected_users: [APPROVER] } },
          },
        },
      },
    });
    const withError = (await parts(CUSTOMER)).modal!;
    expect(withError).toContain('<div class="field-error" role="alert">Too many &lt;b&gt;</div>');
    expect(withError).toContain('value="Bea"');

    app.answers.push({
      status: 200,
      body: { response_action: 'push', view: { type: 'modal', title: plain('Step two'), blocks: [] } },
    });
    await api('/api/submit', { as: CUSTOMER, view, values });
    const pushed = (await parts(CUSTOMER)).modal!;
    expect(pushed).toContain('A form › Step two');
    expect(pushed).toContain('(2 of 2)');
    const second = /data-view="(V\w+)"/.exec(pushed)![1]!;

    // A stale modal is refused, not acted on.
    expect((await api('/api/close', { as: CUSTOMER, view })).status).toBe(409);
    expect((await api('/api/close', { as: CUSTOMER, view: second })).json).toEqual({ ok: true });
    expect(app.requests.at(-1)?.payload?.type).toBe('view_submission'); // no notify_on_close on step two
    expect((await api('/api/close', { as: CUSTOMER, view })).json).toEqual({ ok: true });
    expect(last().payload).toMatchObject({ type: 'view_closed', view: { id: view }, is_cleared: false });
    expect((await parts(CUSTOMER)).modal).toBe('');
  });

  it('answers bad input with 400, stale or missing elements with 409', async () => {
    await publish(ADMIN, everything);
    const act = (body: Record<string, unknown>) =>
      api('/api/act', {
        as: ADMIN,
        surface: { kind: 'home' },
        values: {},
        block: 'act',
        action: 'go',
        ...body,
      });
    expect((await act({ as: 'U0NOBODY0' })).status).toBe(400);
    expect((await act({ surface: { kind: 'sky' } })).status).toBe(400);
    expect((await act({ surface: { kind: 'modal', view: 'nope' } })).status).toBe(400);
    expect((await act({ values: { act: { pick: 'x'.repeat(4001) } } })).status).toBe(400);
    expect((await act({ action: 'launch' })).json.error).toContain('That is not there any more');
    expect((await act({ values: { act: { pick: 'nine' } } })).status).toBe(409);
    expect((await act({ surface: { kind: 'modal', view: 'V0GONE' } })).status).toBe(409);
    expect(app.requests).toHaveLength(0);
  });

  it('proxies /sandbox/clock to the app, a local time as the sandbox’s zone', async () => {
    app.clock.status = 200;
    app.clock.body = { now: '2026-11-16T15:00:00.000Z', timeZone: 'America/Detroit', jobs: [] };
    const got = await fetch(new URL('/sandbox/clock', page.url));
    expect(got.status).toBe(200);
    expect(await got.json()).toEqual(app.clock.body);

    app.clock.body = {
      now: '2026-11-16T18:00:00.000Z',
      ran: [{ job: 'housekeeping', at: 'x', outcome: 'ok' }],
    };
    const post = (body: unknown) =>
      fetch(new URL('/sandbox/clock', page.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const moved = await post({ advance: 'PT3H' });
    expect(await moved.json()).toEqual(app.clock.body);
    await post({ set: '2026-11-17T08:00' });
    await post({ set: '2026-11-17T08:00:00Z' });
    expect(app.clock.received.slice(-3)).toEqual([
      { advance: 'PT3H' },
      { set: '2026-11-17T13:00:00.000Z' },
      { set: '2026-11-17T08:00:00Z' },
    ]);

    app.clock.status = 409;
    app.clock.body = { error: 'Time only moves forward.' };
    const refused = await post({ set: '2020-01-01T00:00:00Z' });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toEqual({ error: 'Time only moves forward.' });
    app.clock.status = 404;
    expect((await fetch(new URL('/sandbox/clock', page.url))).status).toBe(404);
    expect((await post({ advance: 'PT1H' })).status).toBe(404);
    const notJson = await fetch(new URL('/sandbox/clock', page.url), { method: 'POST', body: '{' });
    expect(notJson.status).toBe(415);
  });

  it('lists captured e-mails per recipient and shows their HTML in a sandboxed frame without scripts', async () => {
    const mailDir = join(dir, 'mail');
    const mailer = createMailer({ mailDir, from: 'Otto <otto@example.edu>' });
    await mailer.send({
      to: 'casey@otto.example.edu',
      subject: `Booked ${scriptName}`,
      html: `<p>Your time</p><script>alert(1)</script>`,
      text: 'Your time',
      messageId: '<booked-1@otto.example.edu>',
    });
    await mailer.send({
      to: 'pat@otto.example.edu',
      subject: 'Approve',
      html: '<p>Please</p>',
      text: 'Please',
      messageId: '<approve-1@otto.example.edu>',
    });
    writeFileSync(join(mailDir, 'notes.txt'), 'not mail');

    const list = await fetch(new URL(`/mail?as=${CUSTOMER}`, page.url));
    const html = await list.text();
    expect(list.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(html).toContain('<h3>Casey Customer &lt;casey@otto.example.edu&gt;</h3>');
    expect(html).toContain('<h3>Pat Approver &lt;pat@otto.example.edu&gt;</h3>');
    expect(html.indexOf('Casey Customer &lt;')).toBeLessThan(html.indexOf('Pat Approver &lt;'));
    expect(html).toContain('Booked &lt;script&gt;');
    expect(html).not.toContain('notes.txt');

    const shown = await (await fetch(new URL('/mail?file=booked-1@otto.example.edu.eml', page.url))).text();
    expect(shown).toContain(
      '<iframe class="mail-frame" sandbox src="/mail/html?file=booked-1%40otto.example.edu.eml"',
    );
    expect(shown).not.toContain('<script>alert');

    const body = await fetch(new URL('/mail/html?file=booked-1@otto.example.edu.eml', page.url));
    expect(body.headers.get('content-security-policy')).toMatch(/^sandbox; default-src 'none'/);
    expect(await body.text()).toContain('<p>Your time</p>');

    expect((await fetch(new URL('/mail/html?file=../../etc/passwd', page.url))).status).toBe(400);
    expect((await fetch(new URL('/mail/html?file=gone@x.eml', page.url))).status).toBe(404);
  });
});

describe('the sandbox page against the app', () => {
  let dir: string;
  let database: ScratchDatabase;
  let sandbox: Sandbox;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'otto-sandbox-web-'));
    database = await scratchDatabase(join(dir, 'sandbox.db'));
    sandbox = await startSandbox(
      loadConfig({
        PORT: '0',
        DATABASE_URL: database.url,
        MAIL_DIR: join(dir, 'mail'),
        LOG_LEVEL: 'error',
      }),
      createLogger('error'),
    );
  });

  afterAll(async () => {
    await sandbox?.stop();
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const url = (path: string) => new URL(path, sandbox.url);

  async function get(path: string): Promise<{ status: number; html: string; headers: Headers }> {
    const response = await fetch(url(path));
    return { status: response.status, html: await response.text(), headers: response.headers };
  }

  async function post(
    path: string,
    fields: Record<string, string>,
  ): Promise<{ status: number; location: string | null; html: string }> {
    const response = await fetch(url(path), {
      method: 'POST',
      body: new URLSearchParams(fields),
      redirect: 'manual',
    });
    return {
      status: response.status,
      location: response.headers.get('location'),
      html: await response.text(),
    };
  }

  /** The HTML of one part of a person's page, as the page's script fetches it. */
  async function part(as: string, name: string): Promise<string> {
    const response = await fetch(url(`/api/parts?as=${as}`));
    return ((await response.json()) as { parts: Record<string, string> }).parts[name] ?? '';
  }

  async function command(as: string, text: string): Promise<string> {
    const sent = await post('/command', { as, text });
    expect(sent.status).toBe(303);
    expect(sent.location).toBe(`/?as=${as}#dm`);
    return part(as, 'dm');
  }

  /** The HTML of one card of the page, by its id. */
  const card = (html: string, id: string) => {
    const start = html.indexOf(`id="${id}"`);
    expect(start, `card ${id}`).toBeGreaterThan(-1);
    return html.slice(start, html.indexOf('</section>', start));
  };

  it('lists the demo people to pick from, under a strict content security policy', async () => {
    const { status, html, headers } = await get('/');
    expect(status).toBe(200);
    for (const person of demoPeople) {
      expect(html).toContain(`href="/?as=${person.id}"`);
      expect(html).toContain(person.realName);
    }
    const csp = headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'; script-src 'self'; style-src 'self'");
    expect(html).toContain('<script src="/page/client.js" defer></script>');
    expect(html).not.toMatch(/<script>|<style>| on\w+=/);
    const script = await fetch(url('/page/client.js'));
    expect(script.headers.get('content-type')).toContain('text/javascript');
    expect(await script.text()).toContain("fetch('/sandbox/clock'");
    expect((await fetch(url('/page/style.css'))).headers.get('content-type')).toContain('text/css');
  });

  it('shows the admin the App Home the app published, greeting included', async () => {
    const before = sandbox.standIn.callsTo('views.publish').length;
    const { status, html } = await get(`/?as=${ADMIN}`);
    expect(status).toBe(200);
    expect(sandbox.standIn.callsTo('views.publish').length).toBe(before + 1);
    const home = card(html, 'home');
    expect(home).toContain('Hi <span class="mention">@Avery Admin</span>!');
    expect(home).toContain('<strong>Refresh admin</strong>');
    expect(html).toContain('aria-current="page">Avery Admin');
    expect(html).toContain('#nit-north-campus');
    expect(html).toContain('E-mails are written to');
    expect(html).toContain(`${sandbox.appEventsUrl}`);
    expect(html).toContain(join(dir, 'mail'));
    expect(html).toContain('href="/mail?as=U0DEMOADMN"');
  });

  it('answers /otto help in the DM, only visible to the person who asked', async () => {
    const dm = await command(CUSTOMER, 'help');
    expect(dm).toContain('Only visible to you');
    expect(dm).toContain('Otto commands');
    expect(dm).toContain('<code>/otto calendar [team]</code>');
    expect(dm).not.toContain('/otto roles');
    expect(await part(ADMIN, 'dm')).not.toContain('Otto commands');
  });

  it('takes a command typed into the DM’s box, and refuses commands of other apps', async () => {
    const sent = await post('/message', { as: APPROVER, text: '/otto help' });
    expect(sent.location).toBe(`/?as=${APPROVER}#dm`);
    expect(await part(APPROVER, 'dm')).toContain('Otto commands');
    await post('/message', { as: APPROVER, text: '/giphy cats' });
    expect(await part(APPROVER, 'notices')).toContain('/giphy is not a command of this app; try /otto help.');
  });

  it('runs a command in a team channel, where its answer shows', async () => {
    const sent = await post('/message', { as: ADMIN, text: '/otto help', channel: 'C0NORTHNIT' });
    expect(sent.location).toBe(`/?as=${ADMIN}#channel-C0NORTHNIT`);
    expect(await part(ADMIN, 'channel-C0NORTHNIT')).toContain('Otto commands');
    expect(await part(CUSTOMER, 'channel-C0NORTHNIT')).not.toContain('Otto commands');
  });

  it('lets the admin grant a role, which changes the other person’s home', async () => {
    const before = card((await get(`/?as=${CUSTOMER}`)).html, 'home');
    expect(before).not.toContain('Refresh manager');

    const dm = await command(ADMIN, `roles grant <@${CUSTOMER}> manager`);
    expect(dm).toContain(
      '<span class="mention">@Casey Customer</span> is now <strong>Refresh manager</strong>.',
    );
    const after = card((await get(`/?as=${CUSTOMER}`)).html, 'home');
    expect(after).toContain('<strong>Refresh manager</strong>');
  });

  it('shows a non-admin the refusal of /otto roles', async () => {
    expect(await command(APPROVER, 'roles')).toContain('Only refresh admins can see who holds which role.');
  });

  it('sends a direct message and shows Otto’s answer in the DM', async () => {
    const sent = await post('/message', { as: APPROVER, text: 'hello *there*' });
    expect(sent.status).toBe(303);
    const dm = card((await get(sent.location!)).html, 'dm');
    expect(dm).toContain('<b>Pat Approver</b>');
    expect(dm).toContain('hello <strong>there</strong>');
    expect(dm).toContain('I’m Otto.');
  });

  it('opens the wizard from the Home button and walks a page through the JSON interface', async () => {
    await get(`/?as=${REMOTE}`);
    const home = await part(REMOTE, 'home');
    const [, block, action] =
      /data-block="([^"]+)" data-action="([^"]+)" data-type="button"[^>]*><button[^>]*>Start</.exec(home)!;
    const clicked = await fetch(url('/api/act'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ as: REMOTE, surface: { kind: 'home' }, values: {}, block, action }),
    });
    expect(await clicked.json()).toEqual({ ok: true });
    const modal = await waitFor(async () => (await part(REMOTE, 'modal')) || undefined);
    expect(modal).toContain('Refresh · 1 of');
    expect(modal).toMatch(/<label class="label" id="[^"]+" for="[^"]+">Street address<\/label>/);
  });

  it('never lets a person’s name or text into the page as HTML', async () => {
    sandbox.standIn.addUser({ id: 'U0DEMODELG', name: 'dana', realName: scriptName });
    const sent = await post('/message', { as: 'U0DEMODELG', text: `<b>bold</b> ${scriptName}` });
    const { html } = await get(sent.location!);
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>bold');
    expect(card(html, 'home')).toContain('@&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(card(html, 'dm')).toContain('&lt;b&gt;bold&lt;/b&gt;');
  });

  it('answers bad input with 400, unknown paths with 404, wrong methods with 405, big bodies with 413', async () => {
    expect((await get('/?as=U0NOBODY0')).status).toBe(400);
    expect((await get('/?as=%3Cscript%3E')).html).not.toContain('<script>');
    expect((await get('/api/parts?as=U0NOBODY0')).status).toBe(400);
    expect((await post('/command', { as: 'U0NOBODY0', text: 'help' })).status).toBe(400);
    expect((await post('/command', { text: 'help' })).status).toBe(400);
    expect((await post('/command', { as: ADMIN, text: 'x'.repeat(4001) })).status).toBe(400);
    expect((await post('/message', { as: ADMIN, text: '   ' })).status).toBe(400);
    expect((await post('/message', { as: ADMIN, text: 'hi', channel: 'nope' })).status).toBe(400);

    expect((await get('/nowhere')).status).toBe(404);
    expect((await post('/nowhere', { as: ADMIN })).status).toBe(404);

    const wrongMethod = await fetch(url('/command'));
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
    expect((await fetch(url('/'), { method: 'POST' })).status).toBe(405);
    expect((await fetch(url('/api/act'))).status).toBe(405);

    const json = await fetch(url('/command'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ as: ADMIN, text: 'help' }),
    });
    expect(json.status).toBe(415);
    const form = await fetch(url('/api/act'), { method: 'POST', body: new URLSearchParams({ as: ADMIN }) });
    expect(form.status).toBe(415);
    expect(await form.json()).toEqual({ error: 'Send JSON (application/json).' });
    expect((await post('/command', { as: ADMIN, text: 'help', pad: 'x'.repeat(70_000) })).status).toBe(413);
    // The page still works after refusing a large body.
    expect((await get('/')).status).toBe(200);
  });

  it('shows the e-mails’ links to Otto’s pages in the mail view, and they open and act on the sandbox’s own address', async () => {
    // The seeded tickets awaiting approval sent Pat the approval requests, each with its link.
    const file = await waitFor(async () => {
      const list = (await get(`/mail?as=${APPROVER}`)).html;
      return /href="\/mail\?as=U0DEMOAPPR&(?:amp;)?file=([^"]+)"[^>]*>Refresh #\d+ needs your approval</.exec(
        list,
      )?.[1];
    }, 15_000);
    const shown = (await get(`/mail?as=${APPROVER}&file=${file}`)).html;
    const link =
      /<div class="note web-links">[^<]*<a href="(\/web\/[A-Za-z0-9_.-]+)" target="_blank" rel="noreferrer">Approve or deny<\/a><\/div>/.exec(
        shown,
      )?.[1];
    expect(link).toMatch(/^\/web\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);

    const page = await get(link!);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.html).toMatch(/<h1>Refresh #\d+ needs your approval<\/h1>/);
    expect((await get('/assets/web.css')).status).toBe(200);
    const formToken = /name="_form" value="([^"]+)"/.exec(page.html)![1]!;

    const foreign = await fetch(url(link!), {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _form: formToken, decision: 'approve', status: 'requires_approval' }),
      redirect: 'manual',
    });
    expect(foreign.status).toBe(403);

    const approved = await fetch(url(link!), {
      method: 'POST',
      headers: { origin: new URL(sandbox.url).origin, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _form: formToken, decision: 'approve', status: 'requires_approval' }),
      redirect: 'manual',
    });
    expect(approved.status).toBe(303);
    expect(approved.headers.get('location')).toBe(`${link}?done`);
    const after = await get(approved.headers.get('location')!);
    expect(after.html).toMatch(/<h1>Refresh #\d+ was approved<\/h1>/);
    expect(after.html).toContain('was approved by Pat Approver on');
  });

  it('refuses requests posted from other sites', async () => {
    const response = await fetch(url('/command'), {
      method: 'POST',
      headers: { 'sec-fetch-site': 'cross-site', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ as: ADMIN, text: 'help' }),
    });
    expect(response.status).toBe(403);
  });
});
