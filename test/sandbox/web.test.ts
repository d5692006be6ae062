import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { demoPeople } from '../../src/sandbox/demo-data.js';
import { blocksToHtml, mrkdwnToHtml } from '../../src/sandbox/mrkdwn-html.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/run.js';

const ADMIN = 'U0DEMOADMN';
const CUSTOMER = 'U0DEMOCUST';
const APPROVER = 'U0DEMOAPPR';
const scriptName = '<script>alert("x")</script>';

describe('the sandbox page', () => {
  let dir: string;
  let sandbox: Sandbox;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'otto-sandbox-web-'));
    sandbox = await startSandbox(
      loadConfig({
        PORT: '0',
        DATABASE_URL: join(dir, 'sandbox.db'),
        MAIL_DIR: join(dir, 'mail'),
        LOG_LEVEL: 'error',
      }),
      createLogger('error'),
    );
  });

  afterAll(async () => {
    await sandbox?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const url = (path: string) => new URL(path, sandbox.url);

  async function get(path: string): Promise<{ status: number; html: string }> {
    const response = await fetch(url(path));
    return { status: response.status, html: await response.text() };
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

  async function command(as: string, text: string): Promise<string> {
    const sent = await post('/command', { as, text });
    expect(sent.status).toBe(303);
    expect(sent.location).toBe(`/?as=${as}#replies`);
    return (await get(sent.location!)).html;
  }

  /** The HTML of one card of the page, by its id. */
  const card = (html: string, id: string) => {
    const start = html.indexOf(`id="${id}"`);
    expect(start, `card ${id}`).toBeGreaterThan(-1);
    return html.slice(start, html.indexOf('</section>', start));
  };

  it('lists the demo people to pick from', async () => {
    const { status, html } = await get('/');
    expect(status).toBe(200);
    for (const person of demoPeople) {
      expect(html).toContain(`href="/?as=${person.id}"`);
      expect(html).toContain(person.realName);
      expect(html).toContain(person.title);
    }
  });

  it('shows the admin the App Home the app published, greeting included', async () => {
    const before = sandbox.standIn.callsTo('views.publish').length;
    const { status, html } = await get(`/?as=${ADMIN}`);
    expect(status).toBe(200);
    expect(sandbox.standIn.callsTo('views.publish').length).toBe(before + 1);
    const home = card(html, 'home');
    expect(home).toContain('Problems');
    expect(home).toContain('Hi <span class="mention">@Avery Admin</span>!');
    expect(home).toContain('<strong>Refresh admin</strong>');
    expect(html).toContain('aria-current="page">Avery Admin');
    expect(html).toContain('#nit-north-campus');
    expect(html).toContain('E-mails are written to');
    expect(html).toContain(`${sandbox.appEventsUrl}`);
    expect(html).toContain(join(dir, 'mail'));
  });

  it('answers /otto help for a customer, only visible to them', async () => {
    const html = await command(CUSTOMER, 'help');
    const replies = card(html, 'replies');
    expect(replies).toContain('Only visible to you');
    expect(replies).toContain('Otto commands');
    expect(replies).toContain('<code>/otto roles [grant|revoke @person &lt;role&gt; [team]]</code>');
    expect(card((await get(`/?as=${ADMIN}`)).html, 'replies')).not.toContain('Otto commands');
  });

  it('takes a command typed with its /otto prefix too', async () => {
    const html = await command(CUSTOMER, '/otto help');
    expect(card(html, 'replies')).toContain('<code>/otto help</code>');
  });

  it('lets the admin grant a role, which changes the other person’s home', async () => {
    const before = card((await get(`/?as=${CUSTOMER}`)).html, 'home');
    expect(before).not.toContain('Refresh manager');

    const html = await command(ADMIN, `roles grant <@${CUSTOMER}> manager`);
    expect(card(html, 'replies')).toContain(
      '<span class="mention">@Casey Customer</span> is now <strong>Refresh manager</strong>.',
    );
    const after = card((await get(`/?as=${CUSTOMER}`)).html, 'home');
    expect(after).toContain('<strong>Refresh manager</strong>');
    expect(after).toContain('Problems');
  });

  it('shows a non-admin the refusal of /otto roles', async () => {
    const html = await command(APPROVER, 'roles');
    expect(card(html, 'replies')).toContain('Only refresh admins can see who holds which role.');
  });

  it('keeps the last ten replies per person', async () => {
    for (let i = 0; i < 11; i += 1) await post('/command', { as: 'U0DEMOREMO', text: `nope${i}` });
    const replies = card((await get('/?as=U0DEMOREMO')).html, 'replies');
    expect(replies.match(/Only visible to you/g)).toHaveLength(10);
    expect(replies).toContain('nope10');
    expect(replies).not.toContain('nope0<');
  });

  it('sends a direct message and shows Otto’s answer in the DM', async () => {
    const sent = await post('/message', { as: APPROVER, text: 'hello *there*' });
    expect(sent.status).toBe(303);
    const dm = card((await get(sent.location!)).html, 'dm');
    expect(dm).toContain('<b>Pat Approver</b>');
    expect(dm).toContain('hello <strong>there</strong>');
    expect(dm).toContain('I’m Otto.');
  });

  it('never lets a person’s name or text into the page as HTML', async () => {
    sandbox.standIn.addUser({ id: 'U0DEMODELG', name: 'dana', realName: scriptName });
    const sent = await post('/message', { as: 'U0DEMODELG', text: `<b>bold</b> ${scriptName}` });
    const { html } = await get(sent.location!);
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<b>bold');
    expect(card(html, 'home')).toContain('@&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(card(html, 'dm')).toContain('&lt;b&gt;bold&lt;/b&gt;');
  });

  it('clicks a button through the driver and refuses one that is not there', async () => {
    const missing = await post('/click', { as: ADMIN, label: 'Launch rockets', surface: 'home' });
    expect(missing.status).toBe(409);
    expect(missing.html).toContain('That button is not there any more');
  });

  it('answers bad input with 400, unknown paths with 404, wrong methods with 405, big bodies with 413', async () => {
    expect((await get('/?as=U0NOBODY0')).status).toBe(400);
    expect((await get('/?as=%3Cscript%3E')).html).not.toContain('<script>');
    expect((await post('/command', { as: 'U0NOBODY0', text: 'help' })).status).toBe(400);
    expect((await post('/command', { text: 'help' })).status).toBe(400);
    expect((await post('/command', { as: ADMIN, text: 'x'.repeat(4001) })).status).toBe(400);
    expect((await post('/click', { as: ADMIN, label: 'x'.repeat(201), surface: 'home' })).status).toBe(400);
    expect((await post('/click', { as: ADMIN, label: 'Go', surface: 'sky' })).status).toBe(400);
    expect(
      (await post('/click', { as: ADMIN, label: 'Go', surface: 'message', channel: 'nope', ts: '1.2' }))
        .status,
    ).toBe(400);
    expect((await post('/message', { as: ADMIN, text: '   ' })).status).toBe(400);

    expect((await get('/nowhere')).status).toBe(404);
    expect((await post('/nowhere', { as: ADMIN })).status).toBe(404);

    const wrongMethod = await fetch(url('/command'));
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
    expect((await fetch(url('/'), { method: 'POST' })).status).toBe(405);
    expect((await fetch(url('/'), { method: 'DELETE' })).status).toBe(405);

    const json = await fetch(url('/command'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ as: ADMIN, text: 'help' }),
    });
    expect(json.status).toBe(415);
    expect((await post('/command', { as: ADMIN, text: 'help', pad: 'x'.repeat(70_000) })).status).toBe(413);
    // The page still works after refusing a large body.
    expect((await get('/')).status).toBe(200);
  });

  it('refuses forms posted from other sites', async () => {
    const response = await fetch(url('/command'), {
      method: 'POST',
      headers: { 'sec-fetch-site': 'cross-site', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ as: ADMIN, text: 'help' }),
    });
    expect(response.status).toBe(403);
  });
});

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

  it('renders blocks, buttons as forms and unknown blocks as labelled boxes', () => {
    const html = blocksToHtml(
      [
        { type: 'header', text: { type: 'plain_text', text: 'Title <i>' } },
        {
          type: 'section',
          text: { type: 'mrkdwn', text: '*Ticket*' },
          fields: [{ type: 'mrkdwn', text: 'a' }],
          accessory: { type: 'button', text: { type: 'plain_text', text: 'Open "it"' }, action_id: 'open' },
        },
        { type: 'divider' },
        {
          type: 'actions',
          elements: [
            {
              type: 'button',
              style: 'danger',
              text: { type: 'plain_text', text: 'Deny' },
              action_id: 'deny',
            },
            { type: 'static_select', placeholder: { type: 'plain_text', text: 'Pick' }, action_id: 'pick' },
          ],
        },
        { type: 'context', elements: [{ type: 'mrkdwn', text: '_note_' }] },
        { type: 'image', image_url: 'javascript:alert(1)', alt_text: 'pic' },
        { type: 'input', label: { type: 'plain_text', text: 'Room' }, element: { type: 'plain_text_input' } },
      ],
      { names, as: 'U1', place: { surface: 'message', channel: 'C1', ts: '1.000001' } },
    );
    expect(html).toContain('<h3 class="block header">Title &lt;i&gt;</h3>');
    expect(html).toContain('<div class="fields"><div>a</div></div>');
    expect(html).toContain('<input type="hidden" name="label" value="Open &quot;it&quot;">');
    expect(html).toContain('<input type="hidden" name="channel" value="C1">');
    expect(html).toContain('<input type="hidden" name="ts" value="1.000001">');
    expect(html).toContain('<button type="submit" class="btn danger">Deny</button>');
    expect(html).toContain('<span class="type">static_select</span> Pick');
    expect(html).toContain('<em>note</em>');
    expect(html).not.toContain('javascript:');
    expect(html).toContain('<span class="type">input</span> Room');
  });
});
