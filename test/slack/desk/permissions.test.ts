import { WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deskCaseHistory, deskCases, outbox } from '../../../db/schema/index.js';
import { ManualClock } from '../../../src/clock.js';
import { openCase } from '../../../src/services/desk/cases/open-case.js';
import { ids } from '../../../src/slack/ids.js';
import { homesBeingRepublished } from '../../../src/slack/plumbing/publish-home.js';
import { caseStoryValue, caseValue, deskHomePageValue } from '../../../src/slack/values/desk.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import {
  AGENT,
  AV_AGENT,
  AV_CHANNEL,
  AV_MEMBER,
  addDeskPeople,
  DESK_ADMIN,
  type SeededDesk,
  seedDesk,
  TRIAGER,
} from '../../helpers/desk.js';
import { insertCases, sayInCase, shown } from '../../helpers/desk-cases.js';
import { ADMIN, CUSTOMER, DELEGATE, grant, STRANGER } from '../../helpers/factories.js';
import { waitFor } from '../../helpers/slack.js';

// Issue 16 item 9: a case is seen and worked only by its group, triage and desk admins, and seen
// by its reporter and contact; everyone else gets "not allowed" and nothing changes. Here the
// verbs of this branch: seeing a case by command, by button, turning its pages, and the Home.

let app: TestApp;
let clock: ManualClock;
let desk: SeededDesk;
let caseId: number;
beforeEach(async () => {
  clock = new ManualClock('2026-11-23T14:00:00Z');
  app = await startTestApp({ clock });
  addDeskPeople(app.standIn);
  desk = await seedDesk(app.otto.ctx.db, clock.now());
  await grant(app.otto.ctx.db, DESK_ADMIN, 'desk_admin');
  await grant(app.otto.ctx.db, ADMIN, 'admin');
  // Dana opens a case about a projector for Casey: AV's, assigned to Ava.
  ({ caseId } = await openCase(app.otto.ctx, {
    reporter: { slackUserId: DELEGATE, name: 'Dana Delegate', email: 'dana@example.edu' },
    contact: { slackUserId: CUSTOMER, name: 'Casey Customer', email: 'casey@example.edu' },
    accountId: desk.accounts.lsa,
    impact: 'high',
    subject: 'Projector secret-subject in B204',
    description: 'No picture.',
    files: [],
  }));
  await sayInCase(app.otto.ctx.db, {
    caseId,
    side: 'staff',
    author: { slackUserId: AV_AGENT, name: 'Ava Visual' },
    text: 'note: staff-only-remark',
    internal: true,
    at: new Date('2026-11-23T14:10:00Z'),
  });
  await app.otto.dispatcher.runOnce();
});
afterEach(async () => app.stop());

const db = () => app.otto.ctx.db;

/** Every row a refusal must leave as it is. */
async function everything() {
  return {
    cases: await db().select().from(deskCases),
    history: await db().select().from(deskCaseHistory),
    notices: (await db().select().from(outbox)).length,
  };
}

/** Runs `/otto <text>` and gives Otto's answer through the response_url. */
async function otto(user: string, text: string) {
  const before = app.standIn.responses().length;
  expect((await app.driver.slashCommand(user, text)).status).toBe(200);
  await waitFor(() => app.standIn.responses().length > before);
  return app.standIn.responses().at(-1)!.body as { text: string; blocks?: unknown[] };
}

/** A button of Otto's where anyone may click it (a channel message that leaked or was forged). */
async function buttonInChannel(actionId: string, label: string, value: string) {
  const client = new WebClient(app.standIn.botToken, {
    slackApiUrl: app.standIn.apiUrl,
    retryConfig: { retries: 0 },
  });
  await client.chat.postMessage({
    channel: AV_CHANNEL,
    text: label,
    blocks: [
      {
        type: 'actions',
        elements: [{ type: 'button', action_id: actionId, text: { type: 'plain_text', text: label }, value }],
      },
    ],
  });
}

/** What Otto told `user` in answer to a click: ephemeral answers and DMs. */
const answersTo = (user: string) =>
  [
    ...app.standIn.responses().map((r) => (r.body as { text?: string }).text ?? ''),
    ...app.standIn.messages(app.standIn.dmChannelId(user)).map((m) => m.text ?? ''),
  ].join('\n');

describe('who may see a case', () => {
  it.each([
    ['its assignee', AV_AGENT, 'staff'],
    ['a member of its group', AV_MEMBER, 'staff'],
    ['triage', TRIAGER, 'staff'],
    ['a desk admin', DESK_ADMIN, 'staff'],
    ['a refresh admin (a desk admin by role)', ADMIN, 'staff'],
    ['its reporter', DELEGATE, 'requester'],
    ['its contact', CUSTOMER, 'requester'],
  ])('%s sees it by command', async (_who, user, as) => {
    const text = shown((await otto(user, `case ${caseId}`)).blocks);
    expect(text).toContain('Projector secret-subject in B204');
    if (as === 'staff') {
      expect(text).toContain('staff-only-remark');
      expect(text).toContain('*History*');
    } else {
      expect(text).not.toContain('staff-only-remark');
      expect(text).toContain('*Conversation*');
    }
  });

  it.each([
    ['an agent of another group', AGENT],
    ['someone with no part in it', STRANGER],
  ])('%s is told "not allowed" by command, and learns nothing', async (_who, user) => {
    const before = await everything();
    expect(await otto(user, `case ${caseId}`)).toEqual({
      response_type: 'ephemeral',
      text: `You are not allowed to see case #${caseId}.`,
    });
    expect(await everything()).toEqual(before);
  });

  it('refuses "Open case" to anyone else: no modal, no change, only "not allowed"', async () => {
    const before = await everything();
    for (const user of [AGENT, STRANGER]) {
      await app.driver.clickButton(user, 'Open case', { surface: 'message', channel: AV_CHANNEL });
      await waitFor(() => answersTo(user).includes(`You are not allowed to see case #${caseId}.`));
      expect(app.standIn.topModal(user)).toBeUndefined();
      expect(answersTo(user)).not.toContain('secret-subject');
    }
    expect(await everything()).toEqual(before);
  });

  it('refuses a page of the story to anyone else, and gives a requester only their side of it', async () => {
    await buttonInChannel(ids.caseStoryPage, 'Later', caseStoryValue.encode({ caseId, from: 0 }));
    const before = await everything();
    await app.driver.clickButton(STRANGER, 'Later', { surface: 'message', channel: AV_CHANNEL });
    await waitFor(() => answersTo(STRANGER).includes(`You are not allowed to see case #${caseId}.`));
    expect(answersTo(STRANGER)).not.toContain('secret-subject');
    // The contact clicks the same button: their side, never the note.
    await app.driver.clickButton(CUSTOMER, 'Later', { surface: 'message', channel: AV_CHANNEL });
    const page = await waitFor(() =>
      app.standIn
        .responses()
        .map((r) => r.body as { replace_original?: boolean; blocks?: unknown[] })
        .find((b) => b.replace_original && shown(b.blocks).includes('*Conversation*')),
    );
    expect(shown(page.blocks)).not.toContain('staff-only-remark');
    expect(await everything()).toEqual(before);
  });

  it('answers a damaged or forged button without showing anything', async () => {
    await buttonInChannel(ids.caseView, 'Forged', '{"caseId":"1 or 1=1"}');
    await app.driver.clickButton(STRANGER, 'Forged', { surface: 'message', channel: AV_CHANNEL });
    await waitFor(() =>
      answersTo(STRANGER).includes('That button is out of date or damaged, so nothing opened.'),
    );
    expect(app.standIn.topModal(STRANGER)).toBeUndefined();
    expect(caseValue.parse('{"caseId":"1 or 1=1"}')).toBeUndefined();
  });
});

describe('the Home shows each person only the cases they may see', () => {
  it('lists the case for its requesters and its group, and for nobody else', async () => {
    await insertCases(db(), [{ subject: 'Laptop slow', groupId: desk.groups.it, openedAt: clock.now() }]);
    const home = async (user: string) => {
      await homesBeingRepublished(app.otto.ctx);
      const before = app.standIn.callsTo('views.publish').length;
      await app.driver.appHomeOpened(user);
      await waitFor(() => app.standIn.callsTo('views.publish').length > before);
      return shown(app.standIn.home(user)!.blocks);
    };
    for (const user of [CUSTOMER, DELEGATE, AV_AGENT]) expect(await home(user)).toContain('secret-subject');
    for (const user of [AGENT, STRANGER, TRIAGER, AV_MEMBER])
      expect(await home(user)).not.toContain('secret-subject');
    // The IT agent sees IT's unassigned case; AV's member does not.
    expect(await home(AGENT)).toContain('Laptop slow');
    expect(await home(AV_MEMBER)).not.toContain('Laptop slow');
  });

  it('a page button only ever pages the clicker’s own lists', async () => {
    await buttonInChannel(
      ids.caseHomePage,
      'Next page',
      deskHomePageValue.encode({ list: 'assigned', offset: 0 }),
    );
    await app.driver.clickButton(STRANGER, 'Next page', { surface: 'message', channel: AV_CHANNEL });
    await waitFor(() => app.standIn.home(STRANGER));
    expect(shown(app.standIn.home(STRANGER)!.blocks)).not.toContain('secret-subject');
  });
});
