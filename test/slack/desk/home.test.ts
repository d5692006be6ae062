import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deskGroupMembers } from '../../../db/schema/index.js';
import { ManualClock } from '../../../src/clock.js';
import { openCase } from '../../../src/services/desk/cases/open-case.js';
import { homesBeingRepublished } from '../../../src/slack/plumbing/publish-home.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import {
  AGENT,
  AV_AGENT,
  AV_MEMBER,
  addDeskPeople,
  type SeededDesk,
  seedDesk,
  TRIAGER,
} from '../../helpers/desk.js';
import { insertCases, sayInCase, shown } from '../../helpers/desk-cases.js';
import { CUSTOMER, DELEGATE, STRANGER } from '../../helpers/factories.js';
import { validateView, waitFor } from '../../helpers/slack.js';

let app: TestApp;
let clock: ManualClock;
let desk: SeededDesk;
beforeEach(async () => {
  // Monday 23 Nov 2026, 09:00 in Detroit (the stand-in's readers are in New York: the same hour).
  clock = new ManualClock('2026-11-23T14:00:00Z');
  app = await startTestApp({ clock });
  addDeskPeople(app.standIn);
  desk = await seedDesk(app.otto.ctx.db, clock.now());
});
afterEach(async () => app.stop());

const db = () => app.otto.ctx.db;
const casey = { slackUserId: CUSTOMER, name: 'Casey Customer', email: 'casey@example.edu' };
const dana = { slackUserId: DELEGATE, name: 'Dana Delegate', email: 'dana@example.edu' };
const hoursAgo = (n: number) => new Date(clock.now().getTime() - n * 3_600_000);

/** Opens the Home tab as Slack does and gives what Otto published, checked against Block Kit's limits. */
async function openHome(userId: string): Promise<{ text: string; blocks: unknown[] }> {
  // Homes queued by a change publish first, so the one counted below is this opening's.
  await homesBeingRepublished(app.otto.ctx);
  const before = app.standIn.callsTo('views.publish').length;
  const response = await app.driver.appHomeOpened(userId);
  expect(response.status).toBe(200);
  await waitFor(() => app.standIn.callsTo('views.publish').length > before);
  const home = app.standIn.home(userId)!;
  expect(validateView(home)).toEqual([]);
  expect(home.blocks.length).toBeLessThanOrEqual(100);
  return { text: shown(home.blocks), blocks: home.blocks };
}

/** The part of the Home under a header, up to the next header. */
function part(text: string, header: string): string {
  const start = text.indexOf(`\n${header}\n`);
  expect(start, `${header} on the Home`).toBeGreaterThanOrEqual(0);
  const rest = text.slice(start + header.length + 2);
  const next = rest.search(/\n(Your cases|Service desk|Your queue|Triage|Your refresh|Type `\/otto help`)/);
  return next < 0 ? rest : rest.slice(0, next);
}

describe('the desk on the App Home', () => {
  it('offers everyone "Open a case", and shows someone with no cases nothing else of the desk', async () => {
    const { text, blocks } = await openHome(STRANGER);
    expect(part(text, 'Service desk')).toBe(
      'Something not working? Open a case and the right team will take it up.\nOpen a case',
    );
    expect(text).not.toContain('Your queue');
    expect(text).not.toContain('Triage');
    expect(JSON.stringify(blocks)).toContain('"action_id":"case_open"');
  });

  it('lists a requester’s cases, as reporter and as contact, with status, the last message they may read, and Open case', async () => {
    const mine = await openCase(app.otto.ctx, {
      reporter: casey,
      impact: 'high',
      subject: 'Projector in B204 does not turn on',
      description: 'No picture.',
      files: [],
    });
    clock.set('2026-11-23T15:00:00Z');
    const forMe = await openCase(app.otto.ctx, {
      reporter: dana,
      contact: casey,
      accountId: desk.accounts.lsa,
      impact: 'low',
      subject: 'Printer toner',
      description: 'The printer needs toner.',
      files: [],
    });
    await sayInCase(db(), {
      caseId: mine.caseId,
      side: 'staff',
      author: { slackUserId: AV_AGENT, name: 'Ava Visual' },
      text: 'I will bring a spare projector at 11.\nIt is in the store room.',
      at: new Date('2026-11-23T15:10:00Z'),
    });
    await sayInCase(db(), {
      caseId: mine.caseId,
      side: 'staff',
      author: { slackUserId: AV_AGENT, name: 'Ava Visual' },
      text: 'note: the lamp is gone',
      internal: true,
      at: new Date('2026-11-23T15:20:00Z'),
    });
    const { text, blocks } = await openHome(CUSTOMER);
    expect(part(text, 'Your cases')).toBe(
      [
        'Open a case',
        '*Your cases* · 2',
        `*#${forMe.caseId} · Printer toner*`,
        '*Pending* · IT · opened Mon 23 Nov, 10:00',
        '_No messages yet._',
        'Open case',
        `*#${mine.caseId} · Projector in B204 does not turn on*`,
        '*Pending* · AV · opened Mon 23 Nov, 09:00',
        '<@U0AGENTAV>, Mon 23 Nov, 10:10: “I will bring a spare projector at 11.”',
        'Open case',
      ].join('\n'),
    );
    expect(text).not.toContain('lamp');
    expect(text).not.toContain('Your queue');
    expect(JSON.stringify(blocks)).toContain(`"value":"{\\"caseId\\":${mine.caseId},\\"version\\":1}"`);
  });

  it('gives an agent their queue: assigned to them, their groups’ unassigned, and the deferred with due dates', async () => {
    const [assigned, unassigned, deferred] = await insertCases(db(), [
      {
        subject: 'Projector flickers',
        groupId: desk.groups.av,
        assignee: AV_AGENT,
        status: 'open',
        openedAt: hoursAgo(3),
      },
      { subject: 'Microphone hums', groupId: desk.groups.av, openedAt: hoursAgo(2) },
      {
        subject: 'New screen for room 12',
        groupId: desk.groups.av,
        assignee: AV_AGENT,
        status: 'deferred',
        openedAt: hoursAgo(30),
        dueAt: new Date('2026-12-07T15:00:00Z'),
      },
      // Another group's and a finished case are not Ava's business here.
      { subject: 'Laptop slow', groupId: desk.groups.it, openedAt: hoursAgo(1) },
      {
        subject: 'Old projector',
        groupId: desk.groups.av,
        assignee: AV_AGENT,
        status: 'closed',
        openedAt: hoursAgo(50),
      },
    ]);
    const { text } = await openHome(AV_AGENT);
    expect(text).toContain('You’re here as *Agent*');
    expect(part(text, 'Your queue')).toBe(
      [
        '*Assigned to you* · 1',
        `*#${assigned} · Projector flickers*`,
        'Open · Medium impact · AV · for <@U0CUSTOMR> · opened Mon 23 Nov, 06:00 · :hourglass_flowing_sand: *waiting longest*',
        'Open case',
        '*Unassigned in your groups* · 1',
        `*#${unassigned} · Microphone hums*`,
        'Pending · Medium impact · for <@U0CUSTOMR> · opened Mon 23 Nov, 07:00 · :hourglass_flowing_sand: *waiting longest*',
        'Open case',
        '*Deferred* · 1',
        `*#${deferred} · New screen for room 12*`,
        'Deferred · Medium impact · AV · for <@U0CUSTOMR> · opened Sun 22 Nov, 03:00 · :calendar: due Mon 7 Dec, 10:00',
        'Open case',
      ].join('\n'),
    );
    // The other member of AV sees the group's unassigned case, not Ava's own.
    const member = part((await openHome(AV_MEMBER)).text, 'Your queue');
    expect(member).toContain('Microphone hums');
    expect(member).not.toContain('Projector flickers');
    // The deferred case's due date is on the requester's list too.
    expect(part((await openHome(CUSTOMER)).text, 'Your cases')).toContain(
      '*Deferred* · AV · opened Sun 22 Nov, 03:00 · :calendar: due Mon 7 Dec, 10:00',
    );
  });

  it('gives triage the unrouted and the escalated cases with Take and Assign', async () => {
    const [unrouted, escalated] = await insertCases(db(), [
      { subject: 'Something odd', groupId: desk.groups.triage, assignee: TRIAGER, openedAt: hoursAgo(1) },
      {
        subject: 'Projector dead',
        groupId: desk.groups.av,
        assignee: AV_AGENT,
        openedAt: hoursAgo(6),
        escalatedAt: hoursAgo(1),
      },
      // Escalated once, answered since: off the list.
      {
        subject: 'Answered',
        groupId: desk.groups.av,
        status: 'open',
        openedAt: hoursAgo(9),
        escalatedAt: hoursAgo(4),
      },
    ]);
    const { text, blocks } = await openHome(TRIAGER);
    expect(part(text, 'Triage')).toBe(
      [
        '*Unrouted* · 1',
        `*#${unrouted} · Something odd*`,
        'Pending · Medium impact · Care desk team · for <@U0CUSTOMR> · opened Mon 23 Nov, 08:00 · :hourglass_flowing_sand: *waiting longest*',
        'Take',
        'Assign',
        'Open case',
        '*Escalated* · 1',
        `*#${escalated} · Projector dead*`,
        'Pending · Medium impact · AV · for <@U0CUSTOMR> · with <@U0AGENTAV> · opened Mon 23 Nov, 03:00 · :rotating_light: escalated Mon 23 Nov, 08:00 · :hourglass_flowing_sand: *waiting longest*',
        'Take',
        'Assign',
        'Open case',
      ].join('\n'),
    );
    const actions = JSON.stringify(blocks);
    expect(actions).toContain(
      `"action_id":"case_take","text":{"type":"plain_text","text":"Take","emoji":true},"value":"{\\"caseId\\":${unrouted},\\"version\\":1}"`,
    );
    expect(actions).toContain(
      `"action_id":"case_reassign","text":{"type":"plain_text","text":"Assign","emoji":true},"value":"{\\"caseId\\":${escalated},\\"version\\":1}"`,
    );
    // An agent outside triage sees neither list.
    expect((await openHome(AGENT)).text).not.toContain('Unrouted');
  });

  it('pages a long queue within the 100 blocks, newest first, and flags the oldest waiting on every page', async () => {
    await insertCases(
      db(),
      Array.from({ length: 30 }, (_, i) => ({
        subject: `Assigned case ${i + 1}`,
        groupId: desk.groups.av,
        assignee: AV_AGENT,
        status: i === 0 ? ('waiting_customer' as const) : ('open' as const),
        openedAt: hoursAgo(60 - i),
      })),
    );
    let home = await openHome(AV_AGENT);
    let queue = part(home.text, 'Your queue');
    expect(queue).toMatch(
      /^\*Assigned to you\* · 1–8 of 30\n:hourglass_flowing_sand: Waiting longest: \*#2 · Assigned case 2\*, opened Fri 20 Nov, 22:00\n\*#30 · Assigned case 30\*/,
    );
    expect(queue).toContain('*#23 · Assigned case 23*');
    expect(queue).not.toContain('*#22 ·');
    expect(queue.endsWith('Next')).toBe(true);
    await app.driver.clickButton(AV_AGENT, 'Next', { surface: 'home' });
    await waitFor(() => shown(app.standIn.home(AV_AGENT)!.blocks).includes('9–16 of 30'));
    home = { text: shown(app.standIn.home(AV_AGENT)!.blocks), blocks: app.standIn.home(AV_AGENT)!.blocks };
    queue = part(home.text, 'Your queue');
    expect(queue).toContain('*#22 · Assigned case 22*');
    expect(queue).toContain('*#15 · Assigned case 15*');
    expect(queue).not.toContain('*#14 ·');
    expect(queue.endsWith('Previous\nNext')).toBe(true);
    // The last page: the oldest waiting is on it, flagged on its row.
    await app.driver.clickButton(AV_AGENT, 'Next', { surface: 'home' });
    await waitFor(() => shown(app.standIn.home(AV_AGENT)!.blocks).includes('17–24 of 30'));
    await app.driver.clickButton(AV_AGENT, 'Next', { surface: 'home' });
    await waitFor(() => shown(app.standIn.home(AV_AGENT)!.blocks).includes('25–30 of 30'));
    queue = part(shown(app.standIn.home(AV_AGENT)!.blocks), 'Your queue');
    expect(queue).toContain(
      '*#2 · Assigned case 2*\nOpen · Medium impact · AV · for <@U0CUSTOMR> · opened Fri 20 Nov, 22:00 · :hourglass_flowing_sand: *waiting longest*',
    );
    expect(queue).toContain('*#1 · Assigned case 1*\nWaiting for the customer');
    expect(queue.endsWith('Previous')).toBe(true);
  });

  it('fits a crowded Home in Block Kit’s 100 blocks: every list full, for someone who is triage, agent and requester', async () => {
    const many = (n: number, seed: (i: number) => Parameters<typeof insertCases>[1][number]) =>
      insertCases(
        db(),
        Array.from({ length: n }, (_, i) => seed(i)),
      );
    // Tess is triage, also a member of AV, and has cases of her own.
    await db().insert(deskGroupMembers).values({ groupId: desk.groups.av, slackUserId: TRIAGER });
    const tess = { slackUserId: TRIAGER, name: 'Tess Triage', email: 'tess@example.edu' };
    await many(20, (i) => ({
      subject: `Mine ${i}`,
      groupId: desk.groups.av,
      assignee: TRIAGER,
      openedAt: hoursAgo(i + 1),
    }));
    await many(20, (i) => ({
      subject: `Unassigned ${i}`,
      groupId: desk.groups.av,
      openedAt: hoursAgo(i + 1),
    }));
    await many(20, (i) => ({
      subject: `Deferred ${i}`,
      groupId: desk.groups.av,
      assignee: TRIAGER,
      status: 'deferred',
      dueAt: hoursAgo(-24 * (i + 1)),
      openedAt: hoursAgo(i + 1),
    }));
    await many(20, (i) => ({
      subject: `Unrouted ${i}`,
      groupId: desk.groups.triage,
      openedAt: hoursAgo(i + 1),
    }));
    await many(20, (i) => ({
      subject: `Escalated ${i}`,
      groupId: desk.groups.it,
      escalatedAt: hoursAgo(1),
      openedAt: hoursAgo(i + 5),
    }));
    await many(20, (i) => ({
      subject: `Asked ${i}`,
      groupId: desk.groups.it,
      reporter: tess,
      openedAt: hoursAgo(i + 1),
    }));
    const { text, blocks } = await openHome(TRIAGER);
    expect(blocks.length).toBeLessThanOrEqual(100);
    for (const heading of [
      '*Unrouted* · 1–',
      '*Escalated* · 1–',
      '*Assigned to you* · 1–',
      '*Unassigned in your groups* · 1–',
      '*Deferred* · 1–',
      '*Your cases* · 1–',
    ])
      expect(text).toContain(heading);
  });

  it('publishes again the Homes a new case appears on: its requester’s and its group’s people', async () => {
    for (const user of [CUSTOMER, AV_AGENT, AV_MEMBER, AGENT]) await openHome(user);
    const before = app.standIn.callsTo('views.publish').length;
    await openCase(app.otto.ctx, {
      reporter: casey,
      impact: 'high',
      subject: 'Projector in B204 does not turn on',
      description: 'No picture.',
      files: [],
    });
    await waitFor(() => app.standIn.callsTo('views.publish').length >= before + 3, 15_000);
    const published = app.standIn
      .callsTo('views.publish')
      .slice(before)
      .map((c) => c.args.user_id);
    expect(new Set(published)).toEqual(new Set([CUSTOMER, AV_AGENT, AV_MEMBER]));
    expect(part(shown(app.standIn.home(AV_MEMBER)!.blocks), 'Your queue')).toBe(
      'Nothing is waiting for you or your groups.',
    );
    expect(part(shown(app.standIn.home(CUSTOMER)!.blocks), 'Your cases')).toContain('Projector in B204');
  });
});
