import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  defaultTemplatesDir,
  type EmailTemplates,
  loadTemplates,
  TemplateError,
} from '../../src/mail/templates.js';

const hostile = `<script>alert("x")</script> & Bob's {{title}}`;

describe('e-mail templates', () => {
  let templates: EmailTemplates;
  beforeAll(async () => {
    templates = await loadTemplates();
  });

  it('renders the notice in the layout: header, body, primary button and footer', () => {
    const { html } = templates.render('notice', 'Your computer refresh', {
      title: 'Your computer refresh',
      intro: 'Your new computer is ready to schedule.',
      lines: [
        { label: 'Model', value: 'Latitude 7450' },
        { label: 'Deliver to', value: 'Room 204' },
      ],
      action: { label: 'Open Otto in Slack', url: 'https://slack.com/app_redirect?app=A0OTTO&team=T0X' },
      footer: 'Ticket 42',
    });
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<title>Your computer refresh</title>');
    expect(html).toMatch(/>\s*Otto\s*</);
    expect(html).toContain('Your new computer is ready to schedule.');
    expect(html).toContain('<td class="otto-label">Model</td><td>Latitude 7450</td>');
    expect(html).toContain('href="https://slack.com/app_redirect?app&#x3D;A0OTTO&amp;team&#x3D;T0X"');
    expect(html).toContain('Open Otto in Slack');
    expect(html).toContain('Ticket 42');
    expect(html).toContain('@media only screen');
    expect(html).not.toContain('{{');
  });

  it('leaves out the button and the lines when a notice has none', () => {
    const { html, text } = templates.render('notice', 'Done', { title: 'Done', intro: 'All set.' });
    expect(html).not.toContain('class="otto-label"');
    expect(html).not.toMatch(/<a [^>]*href/);
    expect(text).toBe(
      'Done\n\nAll set.\n\n--\nSent by Otto for Slack. Open Otto in Slack to reply or make changes.\n',
    );
  });

  it('escapes user text in the HTML and keeps it as typed in the plain text', () => {
    const { html, text } = templates.render('notice', hostile, {
      title: hostile,
      intro: 'Hi',
      lines: [{ label: 'Note', value: hostile }],
    });
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Bob&#x27;s {{title}}');
    expect(text).toContain(`${hostile}\n\nHi\n\nNote: ${hostile}\n`);
  });

  it('fills every HTML template only through escaping {{ }}, never {{{ }}} or {{& }}', () => {
    // Shared templates at the top, partials, and each module's folder.
    const files = readdirSync(defaultTemplatesDir, { recursive: true, encoding: 'utf8' }).filter((f) =>
      f.endsWith('.mjml'),
    );
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const source = readFileSync(join(defaultTemplatesDir, file), 'utf8');
      expect({ file, raw: source.match(/\{\{\{|\{\{~?\s*&/g) ?? [] }).toEqual({ file, raw: [] });
    }
  });

  it('gives a plain-text alternative with the link spelled out', () => {
    const { text } = templates.render('notice', 'Approved', {
      title: 'Approved',
      intro: 'Your manager approved your refresh.',
      lines: [{ label: 'Model', value: 'MacBook Pro' }],
      action: { label: 'Open Otto', url: 'https://slack.com/app_redirect?app=A0OTTO' },
      footer: 'Ticket 42',
    });
    expect(text).toBe(
      [
        'Approved',
        '',
        'Your manager approved your refresh.',
        '',
        'Model: MacBook Pro',
        '',
        'Open Otto: https://slack.com/app_redirect?app=A0OTTO',
        '',
        '--',
        'Ticket 42',
        'Sent by Otto for Slack. Open Otto in Slack to reply or make changes.',
        '',
      ].join('\n'),
    );
  });

  it('refuses an unknown template and data its schema rejects', () => {
    expect(() => templates.render('nope', 'Hi', {})).toThrow(
      /unknown e-mail template "nope" \(known: [a-z, -]*\bnotice\b/,
    );
    expect(() => templates.render('notice', 'Hi', { intro: 'no title' })).toThrow(TemplateError);
    expect(() =>
      templates.render('notice', 'Hi', {
        title: 'x',
        intro: 'y',
        action: { label: 'Go', url: 'javascript:x' },
      }),
    ).toThrow(/action/);
  });
});

describe('loading templates', () => {
  let dir: string;
  const copy = () => {
    dir = mkdtempSync(join(tmpdir(), 'otto-templates-'));
    cpSync(defaultTemplatesDir, dir, { recursive: true });
    return dir;
  };
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('fails at load on invalid MJML, naming the file', async () => {
    copy();
    writeFileSync(join(dir, 'notice.mjml'), '<mj-section><mj-text>{{title}}</mj-text></mj-section>');
    await expect(loadTemplates(dir)).rejects.toThrow(/invalid MJML in .*notice\.mjml/);
  });

  it('fails at load on a broken template expression', async () => {
    copy();
    writeFileSync(
      join(dir, 'notice.mjml'),
      '<mj-section><mj-column><mj-text>{{#if title}}{{title}}</mj-text></mj-column></mj-section>',
    );
    await expect(loadTemplates(dir)).rejects.toThrow(/invalid template expression in notice/);
  });

  it('fails at load on a template without a data schema, or a schema without a template', async () => {
    copy();
    cpSync(join(dir, 'notice.mjml'), join(dir, 'shipped.mjml'));
    await expect(loadTemplates(dir)).rejects.toThrow(/without a data schema .*shipped\.mjml/);
    unlinkSync(join(dir, 'shipped.mjml'));
    unlinkSync(join(dir, 'notice.mjml'));
    await expect(loadTemplates(dir)).rejects.toThrow(/missing .*notice\.mjml/);
  });

  it('reads each module its own folder, and refuses one name in two folders', async () => {
    copy();
    // A module's template fills from its own folder, text alternative included.
    writeFileSync(
      join(dir, 'refresh', 'tracking.txt'),
      'Shipped from the refresh folder: {{trackingNumber}}',
    );
    const templates = await loadTemplates(dir);
    const { text } = templates.render('tracking', 'Shipped', {
      ticketId: 7,
      computer: 'LT-0042',
      trackingNumber: '1Z999',
    });
    expect(text).toContain('Shipped from the refresh folder: 1Z999');
    cpSync(join(dir, 'notice.mjml'), join(dir, 'refresh', 'notice.mjml'));
    await expect(loadTemplates(dir)).rejects.toThrow('two e-mail templates are named notice.mjml');
  });

  it('derives the plain text from the HTML when a template has no .txt', async () => {
    copy();
    unlinkSync(join(dir, 'notice.txt'));
    const templates = await loadTemplates(dir);
    const { text } = templates.render('notice', 'Approved', {
      title: 'Approved',
      intro: 'Fish & chips',
      lines: [{ label: 'Model', value: 'MacBook Pro' }],
      action: { label: 'Open Otto', url: 'https://slack.com/app_redirect?app=A0OTTO' },
    });
    expect(text).toContain('Approved');
    expect(text).toContain('Fish & chips');
    expect(text).toContain('Model: MacBook Pro');
    expect(text).toContain('Open Otto (https://slack.com/app_redirect?app=A0OTTO)');
    expect(text).not.toMatch(/[<>]/);
  });
});
