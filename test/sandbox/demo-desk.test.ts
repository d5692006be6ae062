// The sandbox's service desk: seed 003's groups with people, and cases in several statuses, opened
// and worked through the desk's own code, whose cards, DMs and e-mails the outbox delivers.
import { asc, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  deskCaseFiles,
  deskCaseHistory,
  deskCaseMessages,
  deskCases,
  deskGroupMembers,
  deskGroups,
  outbox,
} from '../../db/schema/index.js';
import { ManualClock } from '../../src/clock.js';
import { demoPeople, seedDemoData } from '../../src/sandbox/demo-data.js';
import { showDemoConversations } from '../../src/sandbox/demo-desk.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { type SlackStandIn, startSlackStandIn } from '../helpers/slack.js';

let standIn: SlackStandIn;
let app: TestApp;
// Tue 17 Nov 2026, 11:00 in Detroit.
const start = new Date('2026-11-17T16:00:00Z');

beforeEach(async () => {
  standIn = await startSlackStandIn();
  for (const person of demoPeople) standIn.addUser(person);
  app = await startTestApp({ standIn, clock: new ManualClock(start) });
  await seedDemoData(app.otto.ctx, app.clock.now());
});
afterEach(async () => {
  await app.stop();
  await standIn.close();
});

const db = () => app.otto.ctx.db;
const cases = async () => db().select().from(deskCases).orderBy(asc(deskCases.id));
const groupName = async (id: number | null) =>
  id === null ? null : (await db().select().from(deskGroups).where(eq(deskGroups.id, id)))[0]!.name;

describe('the demo service desk', () => {
  it('gives every group of seed 003 a channel, a main person and members', async () => {
    const groups = await db().select().from(deskGroups).orderBy(asc(deskGroups.id));
    const members = await db().select().from(deskGroupMembers);
    expect(
      groups.map((g) => [
        g.name,
        g.slackChannelId,
        g.mainSlackUserId,
        members
          .filter((m) => m.groupId === g.id)
          .map((m) => m.slackUserId)
          .sort(),
      ]),
    ).toEqual([
      ['Care desk team', 'C0DESKCARE', 'U0DEMOMGR1', ['U0DEMOADMN', 'U0DEMOMGR1']],
      ['IT', 'C0DESKIT01', 'U0DEMOLEAD', ['U0DEMODEPO', 'U0DEMOLEAD']],
      ['AV', 'C0DESKAV01', 'U0DEMODEPO', ['U0DEMODEPO', 'U0DEMOLEAD']],
      ['Facilities', 'C0DESKFACI', 'U0DEMOMGR1', ['U0DEMOLEAD', 'U0DEMOMGR1']],
      ['Maintenance', 'C0DESKMNTC', 'U0DEMOLEAD', ['U0DEMOLEAD', 'U0DEMOMGR1']],
      ['Websites', 'C0DESKWEBS', 'U0DEMOADMN', ['U0DEMOADMN', 'U0DEMODEPO']],
      ['Database Vendors', 'C0DESKDBVN', 'U0DEMODEPO', ['U0DEMOADMN', 'U0DEMODEPO']],
    ]);
  });

  it('has cases routed every way the dispatcher routes, in several statuses, each change on its history', async () => {
    const rows = await cases();
    const shown = [];
    for (const row of rows) {
      shown.push([
        row.id,
        row.subject,
        row.status,
        await groupName(row.groupId),
        row.assigneeSlackUserId,
        row.routeReason,
      ]);
    }
    expect(shown).toEqual([
      [
        1,
        'Wi-fi drops every few minutes in the EECS lab',
        'open',
        'IT',
        'U0DEMOLEAD',
        'rule “Wi-fi”: subject has “wi-fi”',
      ],
      [
        2,
        'Projector in practice room 3 shows no picture',
        'pending',
        'AV',
        'U0DEMODEPO',
        'rule “Projectors”: subject has “projector”',
      ],
      [
        3,
        'Quinn’s office printer prints blank pages',
        'assessing',
        'IT',
        'U0DEMODEPO',
        expect.stringMatching(/^rule “Printers”/),
      ],
      [
        4,
        'Dripping tap in residence hall room 214',
        'deferred',
        'Maintenance',
        'U0DEMOLEAD',
        'rule “Leaks and heating”: description has “leak”',
      ],
      [
        5,
        'Read access to the alumni database for a survey',
        'waiting_vendor',
        'Database Vendors',
        'U0DEMODEPO',
        expect.stringMatching(/^rule “Database access”/),
      ],
      [
        6,
        'Add the spring concert to the School of Music website',
        'waiting_customer',
        'Websites',
        'U0DEMOADMN',
        'rule “Websites”: subject has “website”',
      ],
      [
        7,
        'A standing desk for my office',
        'pending',
        'Facilities',
        'U0DEMOMGR1',
        'no rule matched; category Rooms and furniture goes to its own group',
      ],
      [
        8,
        'My parking permit was not renewed',
        'pending',
        'Care desk team',
        'U0DEMOMGR1',
        'no rule matched; triage routes it',
      ],
    ]);

    // Dana opened the printer case for Quinn; Casey chose the account of each of hers.
    const printer = rows[2]!;
    expect([printer.reporterSlackUserId, printer.contactSlackUserId]).toEqual(['U0DEMODELG', 'U0DEMOVIP1']);
    expect(rows[1]!.accountId).not.toBeNull();
    expect(rows[1]!.accountId).toBe(rows[5]!.accountId);
    expect(rows[7]!.accountId).not.toBe(rows[1]!.accountId);

    // A deferred case has its due date; the answered cases stopped their first-response clock.
    expect(rows[3]!.dueAt?.getTime()).toBe(
      app.otto.ctx.calendar.addBusinessDays(rows[3]!.statusChangedAt, 5).getTime(),
    );
    expect(rows.filter((r) => r.firstResponseAt !== null).map((r) => r.id)).toEqual([1, 6]);
    expect(rows.every((r) => r.openedAt < start && r.statusChangedAt < start)).toBe(true);

    const history = await db().select().from(deskCaseHistory).orderBy(asc(deskCaseHistory.id));
    const of = (id: number) => history.filter((h) => h.caseId === id);
    expect(of(6).map((h) => [h.action, h.actor, h.detail?.status ?? null])).toEqual([
      ['opened', 'U0DEMOCUST', null],
      ['routed', 'otto', null],
      ['message', 'U0DEMOADMN', null],
      ['first_response', 'U0DEMOADMN', null],
      ['status', 'U0DEMOADMN', { from: 'pending', to: 'open' }],
      ['status', 'U0DEMOADMN', { from: 'open', to: 'waiting_customer' }],
    ]);
    // One version per change since opening.
    expect(rows.map((r) => r.version)).toEqual([2, 1, 2, 2, 2, 3, 1, 1]);

    const [file] = await db().select().from(deskCaseFiles).where(eq(deskCaseFiles.caseId, 2));
    expect([file!.name, file!.mimeType, file!.content.subarray(1, 4).toString()]).toEqual([
      'no-signal.png',
      'image/png',
      'PNG',
    ]);
  });

  it('keeps the conversations: Lee’s question and Riley’s answer, and Devon’s internal note', async () => {
    const messages = await db().select().from(deskCaseMessages).orderBy(asc(deskCaseMessages.id));
    expect(messages.map((m) => [m.caseId, m.side, m.authorName, m.internal, m.text.slice(0, 24)])).toEqual([
      [1, 'staff', 'Lee Lead', false, 'Hi Riley, does it drop o'],
      [1, 'requester', 'Riley Remote', false, 'Only mine, on eduroam. T'],
      [3, 'staff', 'Devon Depot', true, 'note: the toner shows fu'],
      [6, 'staff', 'Avery Admin', false, 'Happy to. Could you send'],
    ]);
  });

  it('says the conversations in their threads in order: the card’s thread and the requester’s DM thread', async () => {
    app.otto.dispatcher.start();
    expect(await showDemoConversations(app.otto.ctx, standIn)).toBe(4);
    const threadOf = (channel: string, text: string) => {
      const root = standIn.messages(channel).find((m) => m.text.startsWith(text))!;
      return standIn
        .messages(channel)
        .filter((m) => m.thread_ts === root.ts && m.ts !== root.ts)
        .map((m) => [m.bot_id ? `${m.username} (via Otto)` : m.user, m.text.slice(0, 24)]);
    };
    expect(threadOf('C0DESKIT01', 'Case #1:')).toEqual([['U0DEMOLEAD', 'Hi Riley, does it drop o']]);
    expect(threadOf(standIn.dmChannelId('U0DEMOREMO'), 'We have your case #1')).toEqual([
      ['U0DEMOREMO', 'Only mine, on eduroam. T'],
    ]);
    // The note stays in the card's thread; the requesters hear nothing of it.
    expect(threadOf('C0DESKIT01', 'Case #3:')).toEqual([['U0DEMODEPO', 'note: the toner shows fu']]);
    for (const requester of ['U0DEMODELG', 'U0DEMOVIP1'])
      expect(standIn.messages(standIn.dmChannelId(requester)).filter((m) => m.thread_ts)).toEqual([]);
    expect(threadOf('C0DESKWEBS', 'Case #6:')).toEqual([['U0DEMOADMN', 'Happy to. Could you send']]);

    // Each message knows where it was said, as the conversation code keeps it; shown once.
    const messages = await db().select().from(deskCaseMessages).orderBy(asc(deskCaseMessages.id));
    const lee = standIn.messages('C0DESKIT01').find((m) => m.user === 'U0DEMOLEAD')!;
    expect(messages[0]!.sourceRef).toBe(`C0DESKIT01:${lee.ts}`);
    expect(messages.every((m) => m.sourceRef !== null)).toBe(true);
    expect(await showDemoConversations(app.otto.ctx, standIn)).toBe(0);
  });

  it('delivers each case’s card to its group’s channel, as the case is now, and the acknowledgements', async () => {
    await app.otto.dispatcher.runOnce();
    const cards = (channel: string) =>
      standIn
        .messages(channel)
        .filter((m) => m.thread_ts === undefined)
        .map((m) => m.text);
    expect(cards('C0DESKIT01')).toEqual([
      'Case #1: Wi-fi drops every few minutes in the EECS lab · Open · Medium impact',
      'Case #3: Quinn’s office printer prints blank pages · Assessing · Medium impact',
    ]);
    expect(cards('C0DESKAV01')).toEqual([
      'Case #2: Projector in practice room 3 shows no picture · Pending · High impact',
    ]);
    expect(cards('C0DESKMNTC')).toEqual([
      'Case #4: Dripping tap in residence hall room 214 · Deferred · Low impact',
    ]);
    expect(cards('C0DESKDBVN')).toEqual([
      'Case #5: Read access to the alumni database for a survey · Waiting for the vendor · Low impact',
    ]);
    expect(cards('C0DESKWEBS')).toEqual([
      'Case #6: Add the spring concert to the School of Music website · Waiting for the customer · Low impact',
    ]);
    expect(cards('C0DESKFACI')).toEqual(['Case #7: A standing desk for my office · Pending · Low impact']);
    expect(cards('C0DESKCARE')).toEqual([
      'Case #8: My parking permit was not renewed · Pending · Medium impact',
    ]);

    const dm = (user: string) =>
      standIn
        .messages(standIn.dmChannelId(user))
        .map((m) => m.text)
        .filter((text) => /case #/i.test(text));
    expect(dm('U0DEMOCUST')).toEqual([
      'We have your case #2: Projector in practice room 3 shows no picture',
      'We have your case #6: Add the spring concert to the School of Music website',
      'We have your case #8: My parking permit was not renewed',
    ]);
    expect(dm('U0DEMOVIP1').filter((t) => t.includes('#3'))).toHaveLength(1);
    expect(dm('U0DEMOLEAD')).toContain('Case #1: Wi-fi drops every few minutes in the EECS lab is yours.');
    const failed = await db().select().from(outbox).where(eq(outbox.status, 'failed'));
    expect(failed).toEqual([]);
  });
});
