import { asc, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deskCaseFiles, deskCaseHistory, deskCaseMessages, deskCases } from '../../../db/schema/index.js';
import { ManualClock } from '../../../src/clock.js';
import { openCase } from '../../../src/services/desk/cases/open-case.js';
import { dmHint } from '../../../src/slack/listeners/shared/events/message-im.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { mailBody, mailHeaders, sentEmails } from '../../helpers/calendar-mail.js';
import { AV_AGENT, AV_CHANNEL, AV_MEMBER, addDeskPeople, seedDesk, TRIAGER } from '../../helpers/desk.js';
import { CUSTOMER, STRANGER } from '../../helpers/factories.js';
import { waitFor } from '../../helpers/slack.js';

let app: TestApp;
let clock: ManualClock;
beforeEach(async () => {
  // Monday 23 Nov 2026, 09:00 in Detroit.
  clock = new ManualClock('2026-11-23T14:00:00Z');
  app = await startTestApp({ clock });
  addDeskPeople(app.standIn);
  await seedDesk(app.otto.ctx.db, clock.now());
});
afterEach(async () => app.stop());

const db = () => app.otto.ctx.db;
const casey = { slackUserId: CUSTOMER, name: 'Casey Customer', email: 'casey@example.edu' };
const deliver = () => app.otto.dispatcher.runOnce();
const caseRow = async () => (await db().select().from(deskCases).where(eq(deskCases.id, 1)))[0]!;
const stored = () => db().select().from(deskCaseMessages).orderBy(asc(deskCaseMessages.id));
const history = async () =>
  (await db().select().from(deskCaseHistory).orderBy(asc(deskCaseHistory.id))).map((h) => h.action);
const caseyDm = () => app.standIn.dmChannelId(CUSTOMER);

/** Casey's projector case: routed to AV (Ava), its card in AV's channel, Casey's acknowledgement in their DM. */
async function openProjectorCase(contact?: { email: string; name: string }) {
  await openCase(app.otto.ctx, {
    reporter: casey,
    ...(contact && { contact }),
    impact: 'medium',
    subject: 'Projector in B204 does not turn on',
    description: 'No picture since Monday.',
  });
  await deliver();
  const card = app.standIn.messages(AV_CHANNEL)[0]!;
  const ack = app.standIn.messages(caseyDm())[0]!;
  return { card: card.ts, ack: ack.ts };
}

/** Waits until the app has handled the event (the driver returns at Slack's ack, before the work). */
async function handled<T>(check: () => Promise<T | undefined | false | null>): Promise<T> {
  return waitFor(check, 20_000);
}

const inThread = (channel: string, ts: string) =>
  app.standIn.messages(channel).filter((m) => m.thread_ts === ts && m.ts !== ts);

describe('the conversation of a case', () => {
  it('passes an agent’s reply to the requester’s DM thread under the agent’s name, and the first reply opens the case', async () => {
    const { card, ack } = await openProjectorCase();
    const said = await app.driver.postMessage(AV_AGENT, AV_CHANNEL, 'I will come by B204 at 2pm.', {
      threadTs: card,
    });
    const [message] = await handled(async () => {
      const rows = await stored();
      return rows.length === 1 && rows;
    });
    expect(message).toMatchObject({
      caseId: 1,
      side: 'staff',
      internal: false,
      authorSlackUserId: AV_AGENT,
      authorName: 'Ava Visual',
      text: 'I will come by B204 at 2pm.',
      sourceRef: `${AV_CHANNEL}:${said.ts}`,
    });
    expect(await caseRow()).toMatchObject({ status: 'open', firstResponseAt: clock.now(), version: 2 });
    expect(await history()).toEqual(['opened', 'routed', 'message', 'first_response', 'status']);

    app.standIn.clearCalls();
    await deliver();
    const replies = inThread(caseyDm(), ack);
    expect(replies.map((m) => [m.text, m.username, m.subtype])).toEqual([
      ['I will come by B204 at 2pm.', 'Ava Visual', 'bot_message'],
    ]);
    // The card now says Open (rewritten by this delivery, or by the one the reply woke before it).
    const cardNow = app.standIn.messages(AV_CHANNEL).find((m) => m.ts === card);
    expect(cardNow?.text).toBe('Case #1: Projector in B204 does not turn on · Open · Medium impact');
    expect((await stored())[0]!.relayedAs).toHaveLength(1);
  });

  it('keeps a note: internal, marks it with a lock, and does not count it as the first reply', async () => {
    const { card, ack } = await openProjectorCase();
    const note = await app.driver.postMessage(AV_AGENT, AV_CHANNEL, '  NOTE : Casey is a VIP, be quick', {
      threadTs: card,
    });
    await handled(async () => app.standIn.message(AV_CHANNEL, note.ts)?.reactions?.length);
    expect(app.standIn.message(AV_CHANNEL, note.ts)?.reactions).toEqual([
      { name: 'lock', users: [app.standIn.botUserId] },
    ]);
    expect((await stored()).map((m) => [m.internal, m.relayedAs])).toEqual([[true, []]]);
    await deliver();
    expect(inThread(caseyDm(), ack)).toEqual([]);
    expect(await caseRow()).toMatchObject({ status: 'pending', firstResponseAt: null, version: 1 });
    expect(await history()).toEqual(['opened', 'routed', 'note']);
  });

  it('passes a requester’s reply in their DM thread to the card’s thread, which does not open the case', async () => {
    const { card, ack } = await openProjectorCase();
    await app.driver.postMessage(CUSTOMER, caseyDm(), 'Still dark. <!channel> help!', { threadTs: ack });
    await handled(async () => (await stored()).length === 1);
    await deliver();
    const replies = inThread(AV_CHANNEL, card);
    // Broadcasts become words: a requester never pings the support channel.
    expect(replies.map((m) => [m.text, m.username])).toEqual([
      ['Still dark. @channel help!', 'Casey Customer'],
    ]);
    expect((await stored())[0]).toMatchObject({ side: 'requester', authorSlackUserId: CUSTOMER });
    expect(await caseRow()).toMatchObject({ status: 'pending', firstResponseAt: null });
  });

  it('keeps the files of a message and uploads them into the other side’s thread, both ways', async () => {
    const { card, ack } = await openProjectorCase();
    const pdf = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0xff, 0x10]);
    await app.driver.postMessage(AV_AGENT, AV_CHANNEL, 'The wiring plan.', {
      threadTs: card,
      files: [{ name: 'wiring.pdf', bytes: pdf, mimetype: 'application/pdf' }],
    });
    await handled(async () => (await db().$count(deskCaseFiles)) === 1);
    const [kept] = await db().select().from(deskCaseFiles);
    expect([kept!.name, kept!.mimeType, [...kept!.content], kept!.messageId]).toEqual([
      'wiring.pdf',
      'application/pdf',
      [...pdf],
      (await stored())[0]!.id,
    ]);
    await deliver();
    const toCasey = inThread(caseyDm(), ack);
    expect(toCasey.map((m) => [m.text, m.files?.map((f) => f.name) ?? []])).toEqual([
      ['The wiring plan.', []],
      ['From Ava Visual', ['wiring.pdf']],
    ]);
    expect([...app.standIn.fileBytes(toCasey[1]!.files![0]!.id)!]).toEqual([...pdf]);

    const photo = Buffer.from('not really a png');
    await app.driver.postMessage(CUSTOMER, caseyDm(), '', {
      threadTs: ack,
      files: [{ name: 'photo.png', bytes: photo, mimetype: 'image/png' }],
    });
    await handled(async () => (await db().$count(deskCaseFiles)) === 2);
    await deliver();
    const toStaff = inThread(AV_CHANNEL, card).filter((m) => m.user === app.standIn.botUserId);
    expect(toStaff.map((m) => [m.text, m.files?.map((f) => f.name) ?? []])).toEqual([
      ['From Casey Customer', ['photo.png']],
    ]);
  });

  it('refuses a file over the limit, says so to the sender, and still passes the message on', async () => {
    const { card, ack } = await openProjectorCase();
    await app.driver.postMessage(AV_AGENT, AV_CHANNEL, 'A big video.', {
      threadTs: card,
      files: [{ name: 'video.mp4', bytes: Buffer.alloc(10 * 1024 * 1024 + 1), mimetype: 'video/mp4' }],
    });
    const told = await handled(async () =>
      app.standIn.messages(AV_CHANNEL).find((m) => m.ephemeralFor === AV_AGENT),
    );
    expect(told.text).toBe(
      'These files were not kept on case #1 nor passed on: video.mp4 (larger than 10 MB).',
    );
    expect(await db().$count(deskCaseFiles)).toBe(0);
    await deliver();
    expect(inThread(caseyDm(), ack).map((m) => m.text)).toEqual(['A big video.']);
  });

  it('passes an edit and a deletion on to the copies', async () => {
    const { card, ack } = await openProjectorCase();
    const said = await app.driver.postMessage(AV_AGENT, AV_CHANNEL, 'I will come at 2pm.', {
      threadTs: card,
    });
    await handled(async () => (await stored()).length === 1);
    await deliver();
    const copy = inThread(caseyDm(), ack)[0]!;

    await app.driver.editMessage(AV_AGENT, AV_CHANNEL, said.ts, 'I will come at 3pm.');
    await handled(async () => (await stored())[0]!.editedAt);
    await deliver();
    expect(app.standIn.message(caseyDm(), copy.ts)?.text).toBe('I will come at 3pm.');
    expect((await stored())[0]!.text).toBe('I will come at 3pm.');

    await app.driver.deleteMessage(AV_AGENT, AV_CHANNEL, said.ts);
    await handled(async () => (await stored())[0]!.deletedAt);
    await deliver();
    expect(app.standIn.message(caseyDm(), copy.ts)).toBeUndefined();
    expect(await history()).toEqual([
      'opened',
      'routed',
      'message',
      'first_response',
      'status',
      'message_edited',
      'message_deleted',
    ]);
  });

  it('e-mails a requester without Slack, with the case number in the subject', async () => {
    const { card } = await openProjectorCase({ email: 'pat.outside@example.org', name: 'Pat Outside' });
    await app.driver.postMessage(AV_AGENT, AV_CHANNEL, 'Hello <@U0CUSTOMR>, I will come at 2pm.', {
      threadTs: card,
    });
    await handled(async () => (await stored()).length === 1);
    await deliver();
    const mail = sentEmails(app.dir).filter(
      (eml) => mailHeaders(eml).get('to') === 'pat.outside@example.org',
    );
    expect(mail.map((eml) => mailHeaders(eml).get('subject'))).toEqual([
      '[Case #1] Projector in B204 does not turn on',
      '[Case #1] Projector in B204 does not turn on',
    ]);
    const text = mailBody(mail[1]!, 'text/plain');
    expect(text).toContain('Ava Visual wrote about your case:');
    expect(text).toContain('Hello @Casey Customer, I will come at 2pm.');
    expect(text).toContain('Reply to this e-mail to answer; keep “[Case #1]” in the subject.');
  });

  it('passes on neither Otto’s own messages nor strangers’, and tells a stranger once', async () => {
    const { card, ack } = await openProjectorCase();
    await app.driver.postMessage(AV_MEMBER, AV_CHANNEL, 'On my way.', { threadTs: card });
    await handled(async () => (await stored()).length === 1);
    await deliver();
    const copy = inThread(caseyDm(), ack)[0]!;
    // Slack sends Otto its own posts back: the copy (under Ava's name) and a card update.
    await app.driver.messageEvent(caseyDm(), copy.ts);
    await app.driver.messageEvent(AV_CHANNEL, card);

    await app.driver.postMessage(STRANGER, AV_CHANNEL, 'Can I have a projector too?', { threadTs: card });
    await app.driver.postMessage(STRANGER, AV_CHANNEL, 'Hello?', { threadTs: card });
    const told = await handled(async () => {
      const shown = app.standIn.messages(AV_CHANNEL).filter((m) => m.ephemeralFor === STRANGER);
      return shown.length > 0 && shown;
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(app.standIn.messages(AV_CHANNEL).filter((m) => m.ephemeralFor === STRANGER)).toHaveLength(1);
    expect(told[0]!.text).toContain('your message was not passed on');
    await deliver();
    expect((await stored()).map((m) => m.authorSlackUserId)).toEqual([AV_MEMBER]);
    expect(inThread(caseyDm(), ack)).toHaveLength(1);
    expect((await history()).filter((a) => a === 'message_not_relayed')).toHaveLength(1);
  });

  it('lets triage reply on any case, and keeps today’s answer to a DM outside a case thread', async () => {
    const { card, ack } = await openProjectorCase();
    await app.driver.postMessage(TRIAGER, AV_CHANNEL, 'Triage here: AV is on it.', { threadTs: card });
    await handled(async () => (await stored()).length === 1);
    expect((await caseRow()).status).toBe('open');
    const dm = await app.driver.messageIm(CUSTOMER, 'hello?');
    const hint = await handled(async () =>
      app.standIn
        .messages(caseyDm())
        .find((m) => m.user === app.standIn.botUserId && m.thread_ts === undefined && m.ts > dm.ts),
    );
    expect(hint.text).toBe(dmHint);
    await deliver();
    expect(inThread(caseyDm(), ack).map((m) => m.username)).toEqual(['Tess Triage']);
  });

  it('changes nothing for a forged or a replayed event', async () => {
    const { card, ack } = await openProjectorCase();
    const real = await app.driver.postMessage(AV_AGENT, AV_CHANNEL, 'Coming at 2pm.', { threadTs: card });
    await handled(async () => (await stored()).length === 1);
    await deliver();

    // Replayed by Slack (a retry of the same event): handled once.
    const replay = await app.driver.redeliver(real.sent, { num: 1, reason: 'http_timeout' });
    expect(replay.status).toBe(200);
    // Forged: the same shape, a new event id, a message in the thread — unsigned, or signed with another secret.
    const forged = JSON.parse(real.sent.body) as { event_id: string; event: { ts: string; text: string } };
    forged.event_id = 'EvFORGED0001';
    forged.event.ts = '1700000000.000001';
    forged.event.text = 'Your case is closed, send your password';
    const body = JSON.stringify(forged);
    expect((await app.driver.post(body, 'application/json')).status).toBe(401);
    const stale = app.driver.sign(body, Math.floor(Date.now() / 1000) - 3600);
    expect((await app.driver.post(body, 'application/json', stale)).status).toBe(401);
    const badSecret = { ...app.driver.sign(body), 'X-Slack-Signature': `v0=${'0'.repeat(64)}` };
    expect((await app.driver.post(body, 'application/json', badSecret)).status).toBe(401);

    await new Promise((resolve) => setTimeout(resolve, 200));
    await deliver();
    expect((await stored()).map((m) => m.text)).toEqual(['Coming at 2pm.']);
    expect(inThread(caseyDm(), ack).map((m) => m.text)).toEqual(['Coming at 2pm.']);
  });
});
