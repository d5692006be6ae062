import { asc, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deskCaseFiles, deskCaseHistory, deskCases, outbox } from '../../../db/schema/index.js';
import { ManualClock } from '../../../src/clock.js';
import { openCase } from '../../../src/services/desk/cases/open-case.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { mailHeaders, sentEmails } from '../../helpers/calendar-mail.js';
import {
  AGENT,
  AV_AGENT,
  AV_CHANNEL,
  addDeskPeople,
  CARE_CHANNEL,
  IT_CHANNEL,
  type SeededDesk,
  seedDesk,
  TRIAGER,
} from '../../helpers/desk.js';
import { CUSTOMER, DELEGATE } from '../../helpers/factories.js';

let app: TestApp;
let desk: SeededDesk;
let clock: ManualClock;
beforeEach(async () => {
  // Monday 23 Nov 2026, 09:00 in Detroit.
  clock = new ManualClock('2026-11-23T14:00:00Z');
  app = await startTestApp({ clock });
  addDeskPeople(app.standIn);
  desk = await seedDesk(app.otto.ctx.db, clock.now());
});
afterEach(async () => app.stop());

const db = () => app.otto.ctx.db;
const casey = { slackUserId: CUSTOMER, name: 'Casey Customer', email: 'casey@example.edu' };
const dana = { slackUserId: DELEGATE, name: 'Dana Delegate', email: 'dana@example.edu' };
const caseRow = async (id: number) => (await db().select().from(deskCases).where(eq(deskCases.id, id)))[0]!;
const history = async (id: number) =>
  db().select().from(deskCaseHistory).where(eq(deskCaseHistory.caseId, id)).orderBy(asc(deskCaseHistory.id));
const texts = (channel: string) => app.standIn.messages(channel).map((m) => m.text);

describe('opening a case', () => {
  it('routes by the first matching rule, keeps the files, and tells everyone in one go', async () => {
    const opened = await openCase(app.otto.ctx, {
      reporter: casey,
      impact: 'high',
      subject: 'Projector in B204 does not turn on',
      description: 'No picture since Monday.',
      files: [{ name: 'photo.png', mimeType: 'image/png', content: Buffer.from([137, 80, 78, 71]) }],
    });
    expect(opened).toEqual({ caseId: 1, group: 'AV', assignee: AV_AGENT });
    const row = await caseRow(1);
    expect(row).toMatchObject({
      status: 'pending',
      groupId: desk.groups.av,
      assigneeSlackUserId: AV_AGENT,
      routeRuleId: desk.rules.projectors,
      routeReason: 'rule “Projectors”: subject has “projector”',
      accountId: desk.accounts.lsa,
      contactSlackUserId: CUSTOMER,
      // High impact: first response within one business hour, resolution the next business day.
      responseDueAt: new Date('2026-11-23T15:00:00Z'),
      resolutionDueAt: new Date('2026-11-24T14:00:00Z'),
    });
    const [file] = await db().select().from(deskCaseFiles).where(eq(deskCaseFiles.caseId, 1));
    expect([file!.name, file!.size, [...file!.content]]).toEqual(['photo.png', 4, [137, 80, 78, 71]]);
    expect((await history(1)).map((h) => h.action)).toEqual(['opened', 'routed']);

    await app.otto.dispatcher.runOnce();
    expect(texts(AV_CHANNEL)).toEqual([
      'Case #1: Projector in B204 does not turn on · Pending · High impact',
    ]);
    expect(texts(app.standIn.dmChannelId(CUSTOMER))).toEqual([
      'We have your case #1: Projector in B204 does not turn on',
    ]);
    expect(texts(app.standIn.dmChannelId(AV_AGENT))).toEqual([
      'Case #1: Projector in B204 does not turn on is yours.',
    ]);
    const mail = sentEmails(app.dir).map(mailHeaders);
    expect(mail.map((h) => [h.get('to'), h.get('subject')])).toEqual([
      ['casey@example.edu', '[Case #1] Projector in B204 does not turn on'],
    ]);
    expect((await caseRow(1)).cardOutboxId).toBe(
      (await db().select().from(outbox).where(eq(outbox.notice, 'case_card')))[0]!.id,
    );
  });

  it('routes by description word to the rule’s person, by category, by regular expression, and else to triage', async () => {
    const open = (subject: string, description: string, categoryId?: number) =>
      openCase(app.otto.ctx, { reporter: casey, impact: 'low', subject, description, categoryId });
    expect(await open('Paper jam', 'The printer on floor 2 jams.')).toMatchObject({
      group: 'IT',
      assignee: AGENT,
    });
    expect(await open('New mouse', 'Mine broke.', desk.categories.hardware)).toMatchObject({ group: 'IT' });
    expect(await open('Cannot reach the VPN', 'Since today.')).toMatchObject({ group: 'IT' });
    expect(await open('A question', 'Where is room 12?')).toMatchObject({
      group: 'Care desk team',
      assignee: TRIAGER,
    });
    expect((await caseRow(4)).routeReason).toBe('no rule matched; triage routes it');
    await app.otto.dispatcher.runOnce();
    expect(texts(IT_CHANNEL)).toHaveLength(3);
    expect(texts(CARE_CHANNEL)).toHaveLength(1);
  });

  it('tells the reporter and the contact when opened on someone’s behalf, and asks a two-account reporter which', async () => {
    await expect(
      openCase(app.otto.ctx, {
        reporter: dana,
        contact: casey,
        impact: 'medium',
        subject: 'Help',
        description: 'x',
      }),
    ).rejects.toThrow('Choose the account the case is for.');
    expect(await db().$count(deskCases)).toBe(0);
    await openCase(app.otto.ctx, {
      reporter: dana,
      contact: casey,
      accountId: desk.accounts.engineering,
      environmentId: desk.environments.engineering,
      impact: 'medium',
      subject: 'Help',
      description: 'x',
    });
    await app.otto.dispatcher.runOnce();
    expect(texts(app.standIn.dmChannelId(CUSTOMER))).toEqual(['<@U0DELEGAT> opened case #1 for you: Help']);
    expect(texts(app.standIn.dmChannelId(DELEGATE))).toEqual([
      'We have case #1, which you opened for <@U0CUSTOMR>: Help',
    ]);
  });
});
