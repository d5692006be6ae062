import { asc, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { deskCaseHistory, deskCases } from '../../../db/schema/index.js';
import { ManualClock } from '../../../src/clock.js';
import { escalateStalePendingCases } from '../../../src/services/desk/cases/escalate-pending.js';
import { openCase } from '../../../src/services/desk/cases/open-case.js';
import { triageQueue } from '../../../src/services/desk/cases/queues.js';
import { reassignCase } from '../../../src/services/desk/cases/reassign-case.js';
import { setCaseAssessing } from '../../../src/services/desk/cases/set-assessing.js';
import { findCaseThread } from '../../../src/services/desk/conversation/case-thread.js';
import { ids } from '../../../src/slack/ids.js';
import { caseValue } from '../../../src/slack/values/desk.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import {
  AGENT,
  AV_AGENT,
  AV_CHANNEL,
  AV_MEMBER,
  addDeskPeople,
  CARE_CHANNEL,
  IT_CHANNEL,
  type SeededDesk,
  seedDesk,
  TRIAGER,
} from '../../helpers/desk.js';
import { CUSTOMER, STRANGER } from '../../helpers/factories.js';
import { type StoredMessage, waitFor } from '../../helpers/slack.js';

let app: TestApp;
let desk: SeededDesk;
afterEach(async () => app?.stop());

/** Monday 23 Nov 2026, 09:00 in Detroit, unless the test starts elsewhere. */
async function start(at = '2026-11-23T14:00:00Z') {
  const clock = new ManualClock(at);
  app = await startTestApp({ clock });
  addDeskPeople(app.standIn);
  desk = await seedDesk(app.otto.ctx.db, clock.now());
  return clock;
}

const db = () => app.otto.ctx.db;
const casey = { slackUserId: CUSTOMER, name: 'Casey Customer', email: 'casey@example.edu' };
const caseRow = async (id: number) => (await db().select().from(deskCases).where(eq(deskCases.id, id)))[0]!;
const history = async (id: number) =>
  (
    await db()
      .select()
      .from(deskCaseHistory)
      .where(eq(deskCaseHistory.caseId, id))
      .orderBy(asc(deskCaseHistory.id))
  ).map((h) => ({ action: h.action, actor: h.actor, detail: h.detail }));

/** A projector case: routed to AV, assigned to its main person, its card posted. */
async function openProjectorCase() {
  const opened = await openCase(app.otto.ctx, {
    reporter: casey,
    impact: 'medium',
    subject: 'Projector in B204 does not turn on',
    description: 'No picture since Monday.',
  });
  await app.otto.dispatcher.runOnce();
  return opened.caseId;
}

/** The card (a message that is not in a thread) of a channel. */
const cardIn = (channel: string): StoredMessage => {
  const cards = app.standIn.messages(channel).filter((m) => !m.thread_ts && !m.ephemeralFor);
  expect(cards).toHaveLength(1);
  return cards[0]!;
};
const threadOf = (channel: string, root: StoredMessage) =>
  app.standIn.messages(channel).filter((m) => m.thread_ts === root.ts && m.ts !== root.ts);
const blocksText = (m: StoredMessage | undefined) => JSON.stringify(m?.blocks ?? []);
const onCard = (channel: string) => ({ surface: 'message' as const, channel, ts: cardIn(channel).ts });
const inDm = (user: string) => ({ surface: 'message' as const, channel: app.standIn.dmChannelId(user) });
const dmTexts = (user: string) =>
  app.standIn
    .messages(app.standIn.dmChannelId(user))
    .filter((m) => !m.ephemeralFor)
    .map((m) => m.text);

/** Clicks, and waits for Otto's answer to the clicker alone (through the click's response_url). */
async function clickAndHear(
  user: string,
  label: string,
  where: Parameters<TestApp['driver']['clickButton']>[2],
) {
  const before = app.standIn.responses().length;
  const response = await app.driver.clickButton(user, label, where);
  expect(response.status).toBe(200);
  await waitFor(() => app.standIn.responses().length > before);
  const answer = app.standIn.responses().at(-1)!;
  expect(answer.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
  return answer.body.text as string;
}

describe('the card’s buttons', () => {
  it('Take: a colleague of the group takes the case from the card, and the card names them', async () => {
    await start();
    const id = await openProjectorCase();
    expect(await caseRow(id)).toMatchObject({ assigneeSlackUserId: AV_AGENT, version: 1 });

    expect(await clickAndHear(AV_MEMBER, 'Take', onCard(AV_CHANNEL))).toBe(
      `Case #${id} is yours now (it was with <@${AV_AGENT}>).`,
    );
    expect(await caseRow(id)).toMatchObject({
      assigneeSlackUserId: AV_MEMBER,
      version: 2,
      status: 'pending',
    });
    expect((await history(id)).at(-1)).toEqual({
      action: 'taken',
      actor: AV_MEMBER,
      detail: { assignee: { from: AV_AGENT, to: AV_MEMBER } },
    });
    await app.otto.dispatcher.runOnce();
    // The same card, rewritten: the new assignee, and buttons carrying the new version.
    const card = cardIn(AV_CHANNEL);
    expect(blocksText(card)).toContain(`*Assignee*\\n<@${AV_MEMBER}>`);
    expect(blocksText(card)).toContain('\\"version\\":2');
    // Taking it again is answered, and changes nothing.
    expect(await clickAndHear(AV_MEMBER, 'Take', onCard(AV_CHANNEL))).toBe(
      `Case #${id} is yours already; nothing was changed.`,
    );
    expect((await caseRow(id)).version).toBe(2);
  });

  it('Assessing: staff mark a pending case; the card shows it and offers it no more', async () => {
    await start();
    const id = await openProjectorCase();
    expect(blocksText(cardIn(AV_CHANNEL))).toContain('"text":"Assessing"');
    expect(await clickAndHear(AV_AGENT, 'Assessing', onCard(AV_CHANNEL))).toBe(
      `Case #${id} is Assessing now.`,
    );
    expect(await caseRow(id)).toMatchObject({ status: 'assessing', version: 2 });
    expect((await history(id)).at(-1)).toEqual({
      action: 'status',
      actor: AV_AGENT,
      detail: { status: { from: 'pending', to: 'assessing' } },
    });
    await app.otto.dispatcher.runOnce();
    const card = cardIn(AV_CHANNEL);
    expect(card.text).toBe(`Case #${id}: Projector in B204 does not turn on · Assessing · Medium impact`);
    expect(blocksText(card)).toContain('*Status*\\nAssessing');
    expect(blocksText(card)).not.toContain('"text":"Assessing"');
  });

  it('refuses strangers, other groups, requesters, stale cards and closed cases, and changes nothing', async () => {
    await start();
    const id = await openProjectorCase();
    const unchanged = await caseRow(id);
    for (const who of [STRANGER, AGENT, CUSTOMER]) {
      expect(await clickAndHear(who, 'Take', onCard(AV_CHANNEL))).toBe(
        `You are not allowed to work on case #${id}.`,
      );
      expect(await clickAndHear(who, 'Assessing', onCard(AV_CHANNEL))).toBe(
        `You are not allowed to work on case #${id}.`,
      );
      expect(await clickAndHear(who, 'Reassign', onCard(AV_CHANNEL))).toBe(
        `You are not allowed to work on case #${id}.`,
      );
      expect(app.standIn.topModal(who)).toBeUndefined();
    }
    expect(await caseRow(id)).toEqual(unchanged);

    // Slack fails to redraw the card after a change (the outbox retries later): its buttons are out of date.
    app.standIn.failNext('chat.update', 3, 'internal_error');
    expect(await clickAndHear(AV_MEMBER, 'Assessing', onCard(AV_CHANNEL))).toBe(
      `Case #${id} is Assessing now.`,
    );
    const stale = `Case #${id} has changed since this was shown: it is Assessing, assigned to <@${AV_AGENT}>. Nothing was changed; its card shows it as it is now.`;
    expect(await clickAndHear(AV_AGENT, 'Take', onCard(AV_CHANNEL))).toBe(stale);
    expect(await clickAndHear(TRIAGER, 'Reassign', onCard(AV_CHANNEL))).toBe(stale);
    expect(app.standIn.topModal(TRIAGER)).toBeUndefined();
    expect(await caseRow(id)).toMatchObject({
      assigneeSlackUserId: AV_AGENT,
      status: 'assessing',
      version: 2,
    });

    // Closed: nothing may be done from an old card.
    await app.otto.dispatcher.runOnce();
    await db().update(deskCases).set({ status: 'closed' }).where(eq(deskCases.id, id));
    expect(await clickAndHear(AV_MEMBER, 'Take', onCard(AV_CHANNEL))).toBe(
      `Case #${id} is closed; nothing was changed.`,
    );
    expect(await caseRow(id)).toMatchObject({ assigneeSlackUserId: AV_AGENT, status: 'closed', version: 2 });
  });
});

describe('from the Home', () => {
  /** A Home with the case's Take and Reassign, as the Homes draw them (same ids and values). */
  async function publishHomeWithCase(user: string, caseId: number, version: number) {
    const value = caseValue.encode({ caseId, version });
    const res = await fetch(`${app.standIn.apiUrl}views.publish`, {
      method: 'POST',
      headers: { authorization: `Bearer ${app.standIn.botToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        user_id: user,
        view: {
          type: 'home',
          blocks: [
            { type: 'section', block_id: 'queue', text: { type: 'mrkdwn', text: `Case #${caseId}` } },
            {
              type: 'actions',
              block_id: `home_case_${caseId}`,
              elements: [
                {
                  type: 'button',
                  action_id: ids.caseTake,
                  text: { type: 'plain_text', text: 'Take' },
                  value,
                },
                {
                  type: 'button',
                  action_id: ids.caseReassign,
                  text: { type: 'plain_text', text: 'Assign' },
                  value,
                },
              ],
            },
          ],
        },
      }),
    });
    expect(((await res.json()) as { ok: boolean }).ok).toBe(true);
  }

  it('takes and reassigns from the Home, and draws the clicker’s Home again; a refusal comes by DM', async () => {
    await start();
    const id = await openProjectorCase();
    await publishHomeWithCase(TRIAGER, id, 1);
    const published = app.standIn.callsTo('views.publish').length;
    await app.driver.clickButton(TRIAGER, 'Take', { surface: 'home' });
    // Otto's own Home replaces the one clicked (other republishes of the change may come first).
    const redrawn = () => !JSON.stringify(app.standIn.home(TRIAGER)?.blocks).includes(`home_case_${id}`);
    await waitFor(() => (app.standIn.callsTo('views.publish').length > published && redrawn()) || undefined);
    expect(await caseRow(id)).toMatchObject({ assigneeSlackUserId: TRIAGER, version: 2 });

    // A Home drawn before that change: the click is refused, by DM, as the Home has no thread.
    await publishHomeWithCase(AV_AGENT, id, 1);
    const dms = dmTexts(AV_AGENT).length;
    await app.driver.clickButton(AV_AGENT, 'Take', { surface: 'home' });
    await waitFor(() => dmTexts(AV_AGENT).length > dms || undefined);
    expect(dmTexts(AV_AGENT).at(-1)).toBe(
      `Case #${id} has changed since this was shown: it is Pending, assigned to <@${TRIAGER}>. Nothing was changed; its card shows it as it is now.`,
    );
    expect(await caseRow(id)).toMatchObject({ assigneeSlackUserId: TRIAGER, version: 2 });

    // Assign from the Home: the form, then the Home again once the case has moved.
    await publishHomeWithCase(TRIAGER, id, 2);
    await app.driver.clickButton(TRIAGER, 'Assign', { surface: 'home' });
    await waitFor(() => app.standIn.topModal(TRIAGER));
    const before = app.standIn.callsTo('views.publish').length;
    await app.driver.submitModal(TRIAGER, { Group: 'IT' });
    expect(await caseRow(id)).toMatchObject({
      groupId: desk.groups.it,
      assigneeSlackUserId: AGENT,
      version: 3,
    });
    await waitFor(
      () => (app.standIn.callsTo('views.publish').length > before && redrawn()) || undefined,
      15_000,
    );
    expect(JSON.stringify(app.standIn.home(TRIAGER)?.blocks)).not.toContain(`home_case_${id}`);
  });
});

describe('reassignment', () => {
  it('moves the case to another group: a new card there, the old card and thread say where, the new assignee hears', async () => {
    await start();
    const id = await openProjectorCase();
    const oldCard = cardIn(AV_CHANNEL);
    const requesterDms = dmTexts(CUSTOMER);

    await app.driver.clickButton(TRIAGER, 'Reassign', onCard(AV_CHANNEL));
    const modal = await waitFor(() => app.standIn.topModal(TRIAGER));
    expect(JSON.stringify(modal.blocks)).toContain(`Now with *AV*, assigned to <@${AV_AGENT}>.`);
    const response = await app.driver.submitModal(TRIAGER, { Group: 'IT' });
    expect(response.status).toBe(200);
    expect(app.driver.lastErrors(TRIAGER)).toBeUndefined();
    expect(app.standIn.topModal(TRIAGER)).toBeUndefined();

    // The group's main person takes it, as when the dispatcher routes; one change, one history.
    const row = await caseRow(id);
    expect(row).toMatchObject({
      groupId: desk.groups.it,
      assigneeSlackUserId: AGENT,
      status: 'pending',
      version: 2,
    });
    expect((await history(id)).map((h) => h.action)).toEqual(['opened', 'routed', 'reassigned']);
    expect((await history(id)).at(-1)).toEqual({
      action: 'reassigned',
      actor: TRIAGER,
      detail: {
        group: { from: desk.groups.av, to: desk.groups.it },
        groupName: 'IT',
        assignee: { from: AV_AGENT, to: AGENT },
      },
    });

    await app.otto.dispatcher.runOnce();
    const newCard = cardIn(IT_CHANNEL);
    expect(newCard.text).toBe(`Case #${id}: Projector in B204 does not turn on · Pending · Medium impact`);
    expect(blocksText(newCard)).toContain('*Group*\\nIT');
    expect(blocksText(newCard)).toContain('"text":"Reassign"');
    // The old card, rewritten in place: where the case went, and no buttons.
    const rewritten = cardIn(AV_CHANNEL);
    expect(rewritten.ts).toBe(oldCard.ts);
    expect(rewritten.text).toBe(`Case #${id}: Projector in B204 does not turn on · moved to IT`);
    expect(blocksText(rewritten)).toContain(`*Moved to IT (<#${IT_CHANNEL}>).*`);
    expect(blocksText(rewritten)).not.toContain('"type":"button"');
    // The old thread's last line points to the new channel.
    expect(threadOf(AV_CHANNEL, oldCard).map((m) => m.text)).toEqual([
      `:arrow_right: <@${TRIAGER}> moved case #${id} to IT in <#${IT_CHANNEL}>, assigned to <@${AGENT}>.`,
    ]);
    expect(dmTexts(AGENT)).toEqual([
      `Case #${id}: Projector in B204 does not turn on was reassigned to you by <@${TRIAGER}>.`,
    ]);
    // The requester is not told who works their case now.
    expect(dmTexts(CUSTOMER)).toEqual(requesterDms);
    // The case's card is the new one; both threads still lead to the case.
    expect(row.cardOutboxId).not.toBeNull();
    expect((await findCaseThread(db(), AV_CHANNEL, oldCard.ts))?.caseId).toBe(id);
    expect((await findCaseThread(db(), IT_CHANNEL, newCard.ts))?.caseId).toBe(id);
    expect(await findCaseThread(db(), IT_CHANNEL, '1.000001')).toBeUndefined();
    // The old card's buttons are gone; the new card works.
    expect(await clickAndHear(AGENT, 'Assessing', onCard(IT_CHANNEL))).toBe(`Case #${id} is Assessing now.`);
  });

  it('moves the case once when the form is submitted twice', async () => {
    await start();
    const id = await openProjectorCase();
    await app.driver.clickButton(TRIAGER, 'Reassign', onCard(AV_CHANNEL));
    const modal = await waitFor(() => app.standIn.topModal(TRIAGER));
    app.driver.fillModal(TRIAGER, { Group: 'IT' });
    const filled = app.standIn.topModal(TRIAGER)!;
    expect(filled.id).toBe(modal.id);
    // Two submissions of the same form (a double click, or Slack's retry) race each other.
    const [a, b] = await Promise.all([app.driver.submitModal(TRIAGER), app.driver.submitModal(TRIAGER)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(await caseRow(id)).toMatchObject({ groupId: desk.groups.it, version: 2 });
    expect((await history(id)).filter((h) => h.action === 'reassigned')).toHaveLength(1);
    await app.otto.dispatcher.runOnce();
    expect(app.standIn.messages(IT_CHANNEL).filter((m) => !m.thread_ts)).toHaveLength(1);
    expect(dmTexts(AGENT)).toHaveLength(1);
  });

  it('gives the case to one of the group’s people: the card is rewritten in place, that person hears', async () => {
    await start();
    const id = await openProjectorCase();
    await app.driver.clickButton(AV_AGENT, 'Reassign', onCard(AV_CHANNEL));
    await waitFor(() => app.standIn.topModal(AV_AGENT));
    await app.driver.submitModal(AV_AGENT, { Group: 'AV', Person: AV_MEMBER });
    expect(app.driver.lastErrors(AV_AGENT)).toBeUndefined();
    expect(await caseRow(id)).toMatchObject({
      groupId: desk.groups.av,
      assigneeSlackUserId: AV_MEMBER,
      version: 2,
    });
    await app.otto.dispatcher.runOnce();
    expect(blocksText(cardIn(AV_CHANNEL))).toContain(`*Assignee*\\n<@${AV_MEMBER}>`);
    expect(app.standIn.messages(IT_CHANNEL)).toEqual([]);
    expect(threadOf(AV_CHANNEL, cardIn(AV_CHANNEL))).toEqual([]);
    expect(dmTexts(AV_MEMBER)).toEqual([
      `Case #${id}: Projector in B204 does not turn on was reassigned to you by <@${AV_AGENT}>.`,
    ]);
  });

  it('routes an unrouted case from triage’s queue, and moves one to a group without a channel', async () => {
    await start();
    const id = await openProjectorCase();
    // As if no triage group had existed when it was opened: new, no group, no card, nobody.
    await db()
      .update(deskCases)
      .set({ status: 'new', groupId: null, assigneeSlackUserId: null, cardOutboxId: null })
      .where(eq(deskCases.id, id));
    const routed = await reassignCase(app.otto.ctx, {
      actor: TRIAGER,
      caseId: id,
      seenVersion: 1,
      groupId: desk.groups.it,
    });
    expect(routed).toEqual({ caseId: id, group: 'IT', assignee: AGENT, moved: true });
    expect(await caseRow(id)).toMatchObject({ status: 'pending', groupId: desk.groups.it, version: 2 });
    await app.otto.dispatcher.runOnce();
    const itCard = cardIn(IT_CHANNEL);

    // Facilities has no channel and no main person: the IT card says so, and nobody is assigned.
    await reassignCase(app.otto.ctx, {
      actor: AGENT,
      caseId: id,
      seenVersion: 2,
      groupId: desk.groups.facilities,
    });
    expect(await caseRow(id)).toMatchObject({
      groupId: desk.groups.facilities,
      assigneeSlackUserId: null,
      cardOutboxId: null,
      version: 3,
    });
    await app.otto.dispatcher.runOnce();
    expect(cardIn(IT_CHANNEL).text).toBe(
      `Case #${id}: Projector in B204 does not turn on · moved to Facilities`,
    );
    expect(threadOf(IT_CHANNEL, itCard).map((m) => m.text)).toEqual([
      `:arrow_right: <@${AGENT}> moved case #${id} to Facilities.`,
    ]);
    expect((await findCaseThread(db(), IT_CHANNEL, itCard.ts))?.caseId).toBe(id);
  });

  it('refuses a person outside the chosen group, the same place again, and a form gone stale', async () => {
    await start();
    const id = await openProjectorCase();
    await app.driver.clickButton(TRIAGER, 'Reassign', onCard(AV_CHANNEL));
    await waitFor(() => app.standIn.topModal(TRIAGER));
    await app.driver.submitModal(TRIAGER, { Group: 'IT', Person: AV_MEMBER });
    expect(app.driver.lastErrors(TRIAGER)).toEqual({
      case_reassign_person: 'That person is not one of IT’s people; choose one of them, or leave it empty.',
    });
    await app.driver.submitModal(TRIAGER, { Group: 'AV', Person: AV_AGENT });
    expect(app.driver.lastErrors(TRIAGER)).toEqual({
      case_reassign_person: `Case #${id} is with AV and that person already; choose another group or person.`,
    });
    // Meanwhile someone takes the case: the open form is out of date.
    expect(await clickAndHear(AV_MEMBER, 'Take', onCard(AV_CHANNEL))).toBe(
      `Case #${id} is yours now (it was with <@${AV_AGENT}>).`,
    );
    await app.driver.submitModal(TRIAGER, { Group: 'IT', Person: AGENT });
    expect(app.driver.lastErrors(TRIAGER)).toEqual({
      case_reassign_group: `Case #${id} has changed since this was shown: it is Pending, assigned to <@${AV_MEMBER}>. Nothing was changed; its card shows it as it is now.`,
    });
    expect(await caseRow(id)).toMatchObject({
      groupId: desk.groups.av,
      assigneeSlackUserId: AV_MEMBER,
      version: 2,
    });
    await app.otto.dispatcher.runOnce();
    expect(app.standIn.messages(IT_CHANNEL)).toEqual([]);
    expect(dmTexts(AGENT)).toEqual([]);
  });
});

describe('escalation of stale pending cases', () => {
  it('escalates after 4 business hours across a weekend, not before, once, and triage takes it from the DM', async () => {
    // Friday 20 Nov 2026, 16:00 in Detroit: two business hours left that day.
    const clock = await start('2026-11-20T21:00:00Z');
    const id = await openProjectorCase();
    const run = async (at: string) => {
      clock.set(at);
      expect(await app.otto.scheduler.runJob('desk-pending-escalation')).toBe('succeeded');
    };
    // Saturday, Sunday and Monday before 07:00 count for nothing but Monday from 05:00.
    await run('2026-11-21T15:00:00Z');
    await run('2026-11-23T11:59:00Z');
    expect((await caseRow(id)).escalatedAt).toBeNull();

    // Monday 07:00 (05:00–07:00 on top of Friday's 16:00–18:00): escalated, once, even by two runs at once.
    clock.set('2026-11-23T12:00:00Z');
    const runs = await Promise.all([
      escalateStalePendingCases(app.otto.ctx, clock.now()),
      escalateStalePendingCases(app.otto.ctx, clock.now()),
    ]);
    expect(runs.map((r) => r.escalated).sort()).toEqual([0, 1]);
    await run('2026-11-23T12:05:00Z');
    expect(await escalateStalePendingCases(app.otto.ctx, new Date('2026-11-24T12:00:00Z'))).toEqual({
      escalated: 0,
    });
    expect(await caseRow(id)).toMatchObject({
      status: 'pending',
      escalatedAt: new Date('2026-11-23T12:00:00Z'),
      version: 2,
    });
    expect((await history(id)).filter((h) => h.action === 'escalated')).toEqual([
      {
        action: 'escalated',
        actor: 'otto',
        detail: {
          pendingSince: '2026-11-20T21:00:00.000Z',
          businessHours: 4,
          to: 'Care desk team',
        },
      },
    ]);

    await app.otto.dispatcher.runOnce();
    const subject = 'Projector in B204 does not turn on';
    const escalatedText = `Case #${id}: ${subject} is escalated to triage: no answer for 4 business hours.`;
    expect(app.standIn.messages(CARE_CHANNEL).map((m) => m.text)).toEqual([escalatedText]);
    expect(dmTexts(TRIAGER)).toEqual([escalatedText]);
    expect(blocksText(app.standIn.messages(CARE_CHANNEL)[0])).toContain('"text":"Assign"');
    expect(blocksText(cardIn(AV_CHANNEL))).toContain(':rotating_light: escalated to triage');
    expect((await triageQueue(app.otto.ctx, TRIAGER)).cases.map((c) => c.caseId)).toEqual([id]);
    await expect(triageQueue(app.otto.ctx, AV_AGENT)).rejects.toThrow(
      'Only triage and desk admins see the triage queue.',
    );

    // Triage's main person takes it from the DM; it leaves the queue.
    expect(await clickAndHear(TRIAGER, 'Take', inDm(TRIAGER))).toBe(
      `Case #${id} is yours now (it was with <@${AV_AGENT}>).`,
    );
    expect(await caseRow(id)).toMatchObject({
      assigneeSlackUserId: TRIAGER,
      groupId: desk.groups.av,
      version: 3,
    });
    expect(await triageQueue(app.otto.ctx, TRIAGER)).toEqual({ cases: [], total: 0 });
    // The channel's copy is out of date now.
    expect(await clickAndHear(TRIAGER, 'Take', { surface: 'message', channel: CARE_CHANNEL })).toBe(
      `Case #${id} has changed since this was shown: it is Pending, assigned to <@${TRIAGER}>. Nothing was changed; its card shows it as it is now.`,
    );
  });

  it('lists unrouted cases and escalated ones newest first, a page at a time', async () => {
    const clock = await start();
    const first = await openProjectorCase();
    const second = await openProjectorCase();
    const third = await openProjectorCase();
    const assessed = await openProjectorCase();
    // The second went nowhere (no triage then): new, without a group.
    await db().update(deskCases).set({ status: 'new', groupId: null }).where(eq(deskCases.id, second));
    // Staff are on the fourth: it is not pending, so it is not escalated.
    await setCaseAssessing(app.otto.ctx, { actor: AV_AGENT, caseId: assessed });
    clock.set('2026-11-23T19:00:00Z'); // 14:00: the others pending for 5 business hours
    expect(await escalateStalePendingCases(app.otto.ctx, clock.now())).toEqual({ escalated: 2 });
    expect((await caseRow(assessed)).escalatedAt).toBeNull();
    const queue = await triageQueue(app.otto.ctx, TRIAGER);
    expect(queue.total).toBe(3);
    // Escalated now (the newest events), the later-opened first; then the unrouted one.
    expect(queue.cases.map((c) => c.caseId)).toEqual([third, first, second]);
    expect(queue.cases[2]).toMatchObject({
      status: 'new',
      group: null,
      subject: 'Projector in B204 does not turn on',
    });
    expect(await triageQueue(app.otto.ctx, TRIAGER, 1)).toEqual({ cases: [], total: 3 });
  });
});
