import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deskCaseHistory, deskCases, outbox } from '../../../db/schema/index.js';
import { ManualClock } from '../../../src/clock.js';
import { recordCaseHistory } from '../../../src/services/desk/cases/history.js';
import { openCase } from '../../../src/services/desk/cases/open-case.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { AV_AGENT, AV_CHANNEL, addDeskPeople, seedDesk, TRIAGER } from '../../helpers/desk.js';
import { sayInCase, shown } from '../../helpers/desk-cases.js';
import { CUSTOMER, DELEGATE } from '../../helpers/factories.js';
import { validateBlocks, validateView, waitFor } from '../../helpers/slack.js';

let app: TestApp;
let clock: ManualClock;
beforeEach(async () => {
  // Monday 23 Nov 2026, 09:00 in Detroit.
  clock = new ManualClock('2026-11-23T14:00:00Z');
  app = await startTestApp({ clock });
  addDeskPeople(app.standIn);
  // Ava reads Slack in London: the history's times are written in her zone.
  app.standIn.addUser({ id: AV_AGENT, name: 'ava', realName: 'Ava Visual', tz: 'Europe/London' });
  await seedDesk(app.otto.ctx.db, clock.now());
});
afterEach(async () => app.stop());

const db = () => app.otto.ctx.db;
const casey = { slackUserId: CUSTOMER, name: 'Casey Customer', email: 'casey@example.edu' };
const minutes = (n: number) => new Date(clock.now().getTime() + n * 60_000);

/** A case about a projector, with a conversation: Casey's question, Ava's answer, and Ava's note. */
async function projectorCase(subject = 'Projector in B204 does not turn on') {
  const { caseId } = await openCase(app.otto.ctx, {
    reporter: casey,
    impact: 'high',
    subject,
    description: 'No picture since Monday.',
    files: [],
  });
  await sayInCase(db(), {
    caseId,
    side: 'requester',
    author: casey,
    text: 'It shows a blue screen now.',
    at: minutes(12),
  });
  await sayInCase(db(), {
    caseId,
    side: 'staff',
    author: { slackUserId: AV_AGENT, name: 'Ava Visual' },
    text: 'note: the lamp is probably gone; order one',
    internal: true,
    at: minutes(20),
  });
  await sayInCase(db(), {
    caseId,
    side: 'staff',
    author: { slackUserId: AV_AGENT, name: 'Ava Visual' },
    text: 'I will bring a spare projector at 11.',
    at: minutes(25),
  });
  await recordCaseHistory(
    db(),
    { caseId, action: 'status', actor: AV_AGENT, detail: { status: { from: 'pending', to: 'open' } } },
    minutes(25),
  );
  await db().update(deskCases).set({ status: 'open', version: 2 }).where(eq(deskCases.id, caseId));
  return caseId;
}

/** Runs `/otto <text>` and gives what Otto answered through the response_url. */
async function otto(user: string, text: string): Promise<{ text: string; blocks?: unknown[] }> {
  const before = app.standIn.responses().length;
  const response = await app.driver.slashCommand(user, text);
  expect(response.status).toBe(200);
  expect(response.elapsedMs).toBeLessThan(3000);
  await waitFor(() => app.standIn.responses().length > before);
  const posted = app.standIn.responses().at(-1)!;
  expect(posted.ok, posted.error).toBe(true);
  return posted.body as { text: string; blocks?: unknown[] };
}

describe('/otto case <number>', () => {
  it('shows staff the card with its history in sentences, in their own time zone', async () => {
    const id = await projectorCase();
    const reply = await otto(AV_AGENT, `case ${id}`);
    expect(reply.text).toBe(`Case #${id}: Projector in B204 does not turn on · Open`);
    expect(validateBlocks(reply.blocks, 'message')).toEqual([]);
    const text = shown(reply.blocks);
    expect(text).toContain('*History*');
    const history = text.slice(text.indexOf('*History*'));
    expect(history.split('\n').slice(1)).toEqual([
      'Mon 23 Nov, 14:00 — Casey Customer opened the case',
      'Mon 23 Nov, 14:00 — Routed to AV by rule “Projectors”: subject has “projector”; assigned to Ava Visual',
      'Mon 23 Nov, 14:12 — Casey Customer wrote: It shows a blue screen now.',
      'Mon 23 Nov, 14:20 — :lock: Ava Visual noted (staff only): note: the lamp is probably gone; order one',
      'Mon 23 Nov, 14:25 — Ava Visual changed the status from Pending to Open',
      'Mon 23 Nov, 14:25 — Ava Visual wrote: I will bring a spare projector at 11.',
    ]);
    // The card's buttons, but not "Open case": this is the case.
    expect(text).toContain('Reassign');
    expect(text).not.toContain('Open case');
    expect(history).not.toMatch(/[{}]|"status"|U0/);
  });

  it('writes each reader’s times in their own zone', async () => {
    const id = await projectorCase();
    app.standIn.addUser({ id: TRIAGER, name: 'tess', realName: 'Tess Triage' });
    const text = shown((await otto(TRIAGER, `case #${id}`)).blocks);
    // Tess reads Slack in New York (the stand-in's default): the same hour as Detroit.
    expect(text).toContain('Mon 23 Nov, 09:12 — Casey Customer wrote: It shows a blue screen now.');
  });

  it('shows a requester their case and the messages they may read, never a note or the routing', async () => {
    const id = await projectorCase();
    const reply = await otto(CUSTOMER, `case ${id}`);
    const text = shown(reply.blocks);
    expect(text).toContain('*Status*\nOpen');
    expect(text).toContain('*Team*\nAV');
    const conversation = text.slice(text.indexOf('*Conversation*'));
    expect(conversation.split('\n').slice(1)).toEqual([
      'Mon 23 Nov, 09:00 — Casey Customer opened the case',
      'Mon 23 Nov, 09:12 — Casey Customer wrote: It shows a blue screen now.',
      'Mon 23 Nov, 09:25 — Ava Visual wrote: I will bring a spare projector at 11.',
    ]);
    expect(text).not.toContain('lamp');
    expect(text).not.toContain('Routed');
    expect(text).not.toContain('rule');
    expect(text).not.toContain('Reassign');
  });

  it('tells anyone else they are not allowed, and nothing more', async () => {
    const id = await projectorCase();
    const reply = await otto(DELEGATE, `case ${id}`);
    expect(reply).toEqual({ response_type: 'ephemeral', text: `You are not allowed to see case #${id}.` });
  });

  it('answers a number that is no case, and text that is no number', async () => {
    expect((await otto(AV_AGENT, 'case 99')).text).toBe('There is no case #99.');
    expect((await otto(AV_AGENT, 'case <!channel>')).text).toBe(
      '“&lt;!channel&gt;” is not a case number. Usage: `/otto case &lt;number&gt;`, e.g. `/otto case 12` or `/otto case #12`.',
    );
  });

  it('shows hostile text as text', async () => {
    const id = await projectorCase('Projector <!channel> <http://evil.example|click> & more');
    await sayInCase(db(), {
      caseId: id,
      side: 'requester',
      author: casey,
      text: '<@U0DESKADM> <!here> look',
      at: minutes(30),
    });
    const reply = await otto(AV_AGENT, `case ${id}`);
    // The header is plain text, which Slack never reads as markup; every mrkdwn text is escaped.
    const [header, ...rest] = reply.blocks as Array<{ text?: { text: string } }>;
    expect(header!.text!.text).toBe(`Case #${id}: Projector <!channel> <http://evil.example|click> & more`);
    const raw = JSON.stringify(rest);
    expect(raw).not.toContain('<!channel>');
    expect(raw).not.toContain('<!here>');
    expect(raw).not.toContain('<http://evil');
    expect(raw).not.toContain('<@U0DESKADM>');
    expect(raw).toContain('wrote: &lt;@U0DESKADM&gt; &lt;!here&gt; look');
  });

  it('pages a long story within a message’s limits, newest first, with Earlier and Later', async () => {
    const id = await projectorCase();
    for (let i = 1; i <= 40; i++)
      await sayInCase(db(), {
        caseId: id,
        side: i % 2 ? 'requester' : 'staff',
        author: i % 2 ? casey : { slackUserId: AV_AGENT },
        text: `Message ${i} ${'long words '.repeat(50)}`,
        at: minutes(30 + i),
      });
    // 6 lines of the story before, 40 messages now (Message i is line 6 + i): it opens on the last 15.
    const reply = await otto(AV_AGENT, `case ${id}`);
    expect(validateBlocks(reply.blocks, 'message')).toEqual([]);
    expect(reply.blocks!.length).toBeLessThanOrEqual(50);
    let text = shown(reply.blocks);
    expect(text).toContain('*History* · 32–46 of 46');
    expect(text).not.toContain('Message 25 ');
    expect(text).toContain('Message 40');
    const dm = app.standIn.dmChannelId(AV_AGENT);
    await app.driver.clickButton(AV_AGENT, 'Earlier', { surface: 'message', channel: dm });
    await waitFor(
      () =>
        app.standIn.responses().at(-1)?.body &&
        shown((app.standIn.responses().at(-1)!.body as { blocks: unknown[] }).blocks).includes('17–31 of 46'),
    );
    text = shown((app.standIn.responses().at(-1)!.body as { blocks: unknown[] }).blocks);
    expect(text).toContain('Message 25');
    expect(text).toContain('Message 11 ');
    expect(text).not.toContain('Message 26 ');
    expect(text).toContain('Later');
  });
});

describe('"Open case"', () => {
  it('opens the case in a modal for staff, from the card in the group’s channel', async () => {
    const id = await projectorCase();
    await app.otto.dispatcher.runOnce();
    const response = await app.driver.clickButton(AV_AGENT, 'Open case', {
      surface: 'message',
      channel: AV_CHANNEL,
    });
    expect(response.status).toBe(200);
    const modal = await waitFor(() => app.standIn.topModal(AV_AGENT));
    expect((modal as { title?: { text: string } }).title?.text).toBe(`Case #${id}`);
    expect(validateView(modal)).toEqual([]);
    expect(shown(modal.blocks)).toContain('Routed to AV by rule “Projectors”: subject has “projector”');
  });

  it('answers anyone else with "not allowed", opens nothing and changes nothing', async () => {
    const id = await projectorCase();
    await app.otto.dispatcher.runOnce();
    const [before] = await db().select().from(deskCases);
    const history = await db().select().from(deskCaseHistory);
    const notices = await db().select().from(outbox);
    await app.driver.clickButton(DELEGATE, 'Open case', { surface: 'message', channel: AV_CHANNEL });
    await waitFor(() =>
      app.standIn
        .responses()
        .some((r) => (r.body as { text?: string }).text === `You are not allowed to see case #${id}.`),
    );
    expect(app.standIn.topModal(DELEGATE)).toBeUndefined();
    expect(await db().select().from(deskCases)).toEqual([before]);
    expect(await db().select().from(deskCaseHistory)).toEqual(history);
    expect(await db().select().from(outbox)).toHaveLength(notices.length);
  });
});
