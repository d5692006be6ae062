/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// Every notice's e-mail as a reader's mail app shows it: rendered by Debian's Chromium at a phone's
// 375 px and a desktop's 800 px, with screenshots kept in test-artifacts/emails/ for people to read.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type NoticeKind, noticeKinds, notices } from '../../src/domain/notices/index.js';
import { renderEmailRow } from '../../src/effects/render/index.js';
import { type EmailTemplates, loadTemplates } from '../../src/mail/templates.js';
import { sampleViews } from '../helpers/notices.js';
import { artifactsDir, chromiumPath } from './support.js';

const widths = [375, 800] as const;

/** A long computer name, as inventories have them: long values are what squeeze a label. */
const longComputer = 'Dell Latitude 7450 14-inch with WD19S dock (SN0012345678901234567)';
const withLongComputer = Object.fromEntries(
  Object.entries(sampleViews).map(([kind, view]) => [
    kind,
    'computer' in view ? { ...view, computer: longComputer } : view,
  ]),
);

/** The digest with ticket numbers of different widths in different groups, so misaligned columns show. */
const views: Partial<Record<NoticeKind, unknown>> = {
  ...withLongComputer,
  approver_digest: {
    ...sampleViews.approver_digest,
    groups: [
      {
        status: 'requires_approval',
        count: 2,
        tickets: [
          { id: 7, computer: 'LSA-PC-7 (SN00007)', customer: 'Casey Customer', config: 'LSA standard' },
          { id: 1234, computer: 'LSA-PC-1234 (SN01234)', customer: 'Sam Staff', config: 'LSA standard' },
        ],
        more: 0,
      },
      {
        status: 'pending_ordering',
        count: 3,
        tickets: [{ id: 56, computer: 'SN00056', customer: 'Dana Delegate', config: 'LSA standard' }],
        more: 2,
      },
    ],
  },
};

/** The one button each e-mail has, by kind: what the reader does next (none when there is nothing to do). */
const expectedActions: Record<string, string | null> = {
  approval_requested: 'Review in Otto',
  submitted: 'Open Otto',
  approved: 'Open Otto',
  denied: 'Change my choices in Otto',
  slot_invitation: 'Pick a time in Otto',
  booking_confirmation: 'Change the time in Otto',
  appointment_moved: 'Change the time in Otto',
  appointment_reminder: 'Change the time in Otto',
  appointment_withdrawn: null,
  tracking: 'Open Otto',
  completed: 'Open Otto',
  invitation: 'Start in Otto',
  wizard_reminder: 'Continue in Otto',
  approver_digest: 'Review in Otto',
  // Its only button is the link to Otto's own page, made as the e-mail leaves (none here).
  order_group_approval_requested: null,
  mac_mdm_request: null,
  case_opened: 'Open Otto',
  case_message: 'Open Otto',
};

const emailKinds = noticeKinds.filter((kind) => notices[kind].channels.some((c) => c === 'email'));

function rendered(templates: EmailTemplates, kind: NoticeKind) {
  const payload = JSON.parse(JSON.stringify(notices[kind].view.parse(views[kind])));
  const email = renderEmailRow({ channel: 'email', notice: kind, payload, payloadForm: 'view' });
  return { email, ...templates.render(email.template, email.subject, email.data) };
}

/** Sentences of a text, for finding one said twice. */
function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.replace(/\s+/g, ' ').trim())
    .filter((s) => s.split(' ').length >= 4);
}

let browser: Browser;
let templates: EmailTemplates;
beforeAll(async () => {
  templates = await loadTemplates();
  browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: process.getuid?.() === 0 ? ['--no-sandbox'] : [],
  });
});
afterAll(async () => browser?.close());

describe('every e-mail', () => {
  it('covers every kind sent by e-mail', () => {
    expect(emailKinds.sort()).toEqual(Object.keys(expectedActions).sort());
  });

  it.each(emailKinds)('%s has its one action link and says no sentence twice', (kind) => {
    const { html, text } = rendered(templates, kind);
    const links = [...html.matchAll(/<a\s[^>]*href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/g)].map((m) =>
      m[2]!.replace(/<[^>]+>/g, '').trim(),
    );
    const action = expectedActions[kind];
    expect(links).toEqual(action ? [action] : []);
    for (const body of [
      text,
      html.replace(/<style[\s\S]*?<\/style>|<title[\s\S]*?<\/title>/g, '').replace(/<[^>]+>/g, '\n'),
    ]) {
      const said = sentences(body.replace(/&nbsp;/g, ' ').replace(/&#39;|&#x27;/g, "'"));
      const twice = said.filter((s, i) => said.indexOf(s) !== i);
      expect(twice, kind).toEqual([]);
    }
  });

  it.each(emailKinds)(
    '%s fetches nothing from outside, fits 375 px and 800 px, and breaks no label inside a word',
    async (kind) => {
      const { html } = rendered(templates, kind);
      expect(html).not.toMatch(/fonts\.googleapis|<link\b|@import|@font-face/i);
      const dir = join(artifactsDir, 'emails');
      mkdirSync(dir, { recursive: true });
      for (const width of widths) {
        const page = await browser.newPage({ viewport: { width, height: 800 } });
        const fetched: string[] = [];
        await page.route('**/*', async (route) => {
          fetched.push(route.request().url());
          await route.abort();
        });
        await page.setContent(html, { waitUntil: 'load' });
        await page.screenshot({ path: join(dir, `${kind}-${width}.png`), fullPage: true });
        expect(fetched, `${kind} at ${width} px`).toEqual([]);

        const layout = await page.evaluate(() => {
          // Each word of a label cell, and of the button, on one line: its range has one box.
          const broken: string[] = [];
          const cells = [...document.querySelectorAll('td.otto-label, a')];
          for (const cell of cells) {
            const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
              const value = node.nodeValue ?? '';
              for (const match of value.matchAll(/\S+/g)) {
                const range = document.createRange();
                range.setStart(node, match.index);
                range.setEnd(node, match.index + match[0].length);
                const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
                if (lines.size > 1) broken.push(match[0]);
              }
            }
          }
          // The value column of every table of label/value lines starts at one x in the digest.
          const starts = [...document.querySelectorAll('table.otto-digest tr, .otto-digest table tr')]
            .map((row) => row.querySelectorAll('td')[1]?.getBoundingClientRect().left)
            .filter((x): x is number => x !== undefined)
            .map((x) => Math.round(x));
          return { broken, overflow: document.documentElement.scrollWidth - window.innerWidth, starts };
        });
        expect(layout.broken, `${kind} at ${width} px`).toEqual([]);
        expect(layout.overflow, `${kind} at ${width} px`).toBeLessThanOrEqual(0);
        if (kind === 'approver_digest') {
          expect(layout.starts.length).toBe(4);
          expect(new Set(layout.starts).size, `digest columns at ${width} px`).toBe(1);
        }
        await page.close();
      }
    },
  );
});
