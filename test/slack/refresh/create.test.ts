import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { people, refreshConfigs, refreshTickets } from '../../../db/schema/index.js';
import { ADMIN, DELEGATE, makeSystem, STRANGER } from '../../helpers/factories.js';
import { waitFor } from '../../helpers/slack.js';
import { type BatchWorld, ottoReply, seedEveryKind, startBatchWorld, textOf } from './batch-support.js';

describe('/otto create', () => {
  let w: BatchWorld;
  beforeEach(async () => {
    w = await startBatchWorld();
  });
  afterEach(async () => w.app.stop());

  const db = () => w.app.otto.ctx.db;
  const tickets = async () => db().select().from(refreshTickets);
  const modalTitle = () => {
    const modal = w.app.standIn.topModal(ADMIN);
    return modal?.type === 'modal' ? modal.title.text : undefined;
  };

  /** An interaction payload signed as Slack would, from `user`. */
  async function sendAs(user: string, payload: Record<string, unknown>) {
    const body = new URLSearchParams({
      payload: JSON.stringify({
        ...payload,
        user: { id: user, name: user.toLowerCase(), team_id: w.app.standIn.teamId },
        team: { id: w.app.standIn.teamId, domain: w.app.standIn.teamDomain },
        api_app_id: w.app.standIn.appId,
        token: w.app.standIn.verificationToken,
      }),
    }).toString();
    const type = 'application/x-www-form-urlencoded';
    return w.app.driver.post(body, type, w.app.driver.sign(body));
  }

  async function openCreator(text = 'create') {
    const response = await w.app.driver.slashCommand(ADMIN, text);
    expect(response.status).toBe(200);
    return waitFor(() => w.app.standIn.topModal(ADMIN));
  }

  it('the bulk creator looks the paste up, creates the ready ones and shows the rest in the modal', async () => {
    const s = await seedEveryKind(w);
    await openCreator();
    expect(modalTitle()).toBe('Create tickets');
    const response = await w.app.driver.submitModal(ADMIN, {
      'Serial numbers': [
        s.ready,
        s.readyAgain,
        s.unknown,
        s.noGroup,
        s.noUser,
        s.noTeam,
        s.open,
        s.ready,
      ].join(', '),
      'Refresh config': 'LSA unit_specified_location',
      Delegate: DELEGATE,
    });
    expect(response.status).toBe(200);
    expect(modalTitle()).toBe('Tickets created');
    const shown = textOf(w.app.standIn.topModal(ADMIN));
    for (const line of [
      'Created 2 tickets with *LSA unit_specified_location* (unit specified location)',
      '*5 serials without a ticket*',
      `${s.unknown} — not in the inventory`,
      `${s.noGroup} — no group`,
      `${s.noUser} — no user`,
      `${s.noTeam} — no support team`,
      `${s.open} — already has an open ticket`,
      `1 serial appeared more than once and was kept once: ${s.ready}.`,
    ]) {
      expect(shown).toContain(line);
    }
    const made = (await tickets()).filter((t) => t.configId === w.world.configs.unit_specified_location);
    expect(made).toHaveLength(2);
    expect(
      made.every((t) => t.delegateId === w.world.people.delegate && t.status === 'pending_customer'),
    ).toBe(true);
  });

  it('opens the creator for one system with its serial filled in', async () => {
    const system = await makeSystem(db(), w.world);
    const modal = await openCreator(`create ${system.serial}`);
    expect(textOf(modal)).toContain(`"initial_value":"${system.serial}"`);
    await w.app.driver.submitModal(ADMIN, { 'Refresh config': 'LSA on_prem', 'No customer': true });
    expect(modalTitle()).toBe('Tickets created');
    expect(textOf(w.app.standIn.topModal(ADMIN))).toContain(
      'No customer: they go straight to *pending ordering*',
    );
    expect((await tickets()).map((t) => [t.existingSystemId, t.style, t.status, t.invitationDueAt])).toEqual([
      [system.id, 'no_customer', 'pending_ordering', null],
    ]);
  });

  it('creates at once with a config’s name, inviting at 10:05 the next business day after the day of creation', async () => {
    const first = await makeSystem(db(), w.world);
    const second = await makeSystem(db(), w.world);
    w.clock.set('2026-11-16T22:59:00Z'); // Monday 17:59 in Detroit
    const early = await ottoReply(w, ADMIN, `create ${first.serial} lsa on_prem`);
    expect(early.response_type).toBe('ephemeral');
    const created = (await db().select().from(refreshTickets).limit(1))[0]!;
    expect(early.text).toBe(
      `Created ticket #${created.id} for ${first.serial} with *LSA on_prem* (on prem). The invitation goes out <!date^1794927900^{date_short_pretty} at {time}|Tue 17 Nov, 10:05>.`,
    );
    w.clock.set('2026-11-16T23:01:00Z'); // Monday 18:01
    await ottoReply(w, ADMIN, `create ${second.serial} LSA on_prem`);
    const due = async (systemId: number) =>
      (
        await db().select().from(refreshTickets).where(eq(refreshTickets.existingSystemId, systemId)).limit(1)
      )[0]?.invitationDueAt;
    expect(await due(first.id)).toEqual(new Date('2026-11-17T15:05:00Z')); // Tuesday 10:05
    expect(await due(second.id)).toEqual(new Date('2026-11-18T15:05:00Z')); // Wednesday 10:05

    const again = await ottoReply(w, ADMIN, `create ${first.serial} LSA on_prem`);
    expect(again.text).toBe(`${first.serial} already has an open ticket; no ticket was created.`);
    const noConfig = await ottoReply(w, ADMIN, `create ${first.serial} Nothing like it`);
    expect(noConfig.text).toMatch(/^There is no refresh config named “Nothing like it”/);
    expect(await tickets()).toHaveLength(2);
  });

  it('answers in time when Slack is slow to say who the delegate is: one Otto knows is still the delegate', async () => {
    const system = await makeSystem(db(), w.world);
    await openCreator(`create ${system.serial}`);
    // Bolt's client would wait out the rate limit, past Slack's 3 seconds.
    w.app.standIn.rateLimitNext('users.info', 1, 4);
    const response = await w.app.driver.submitModal(ADMIN, {
      'Refresh config': 'LSA on_prem',
      Delegate: DELEGATE,
    });
    expect(response.status).toBe(200);
    expect(response.elapsedMs).toBeLessThan(3000);
    expect(modalTitle()).toBe('Tickets created');
    expect((await tickets()).map((t) => [t.existingSystemId, t.delegateId])).toEqual([
      [system.id, w.world.people.delegate],
    ]);
  });

  it('refuses to prefill more than the form takes, pointing to batches', async () => {
    const reply = await ottoReply(w, ADMIN, `create\n${'SN12345\n'.repeat(400)}`);
    expect(reply.text).toMatch(
      /^That is more than the creator’s form takes \(3,000 characters\)\. Make a batch instead/,
    );
    expect(w.app.standIn.topModal(ADMIN)).toBeUndefined();
  });

  it('answers bad input on the field and keeps the modal', async () => {
    await openCreator();
    await w.app.driver.submitModal(ADMIN, { 'Serial numbers': ' ; ', 'Refresh config': 'LSA on_prem' });
    expect(w.app.driver.lastErrors(ADMIN)).toEqual({ serials: 'Paste at least one serial number.' });
    expect(modalTitle()).toBe('Create tickets');
    expect(await tickets()).toEqual([]);
  });

  it('searches the configs with an external select when there are more than 100', async () => {
    const now = w.clock.now();
    await db()
      .insert(refreshConfigs)
      .values(
        Array.from({ length: 100 }, (_, i) => ({
          name: `Extra ${i}`,
          style: 'on_prem' as const,
          createdAt: now,
          updatedAt: now,
        })),
      );
    const system = await makeSystem(db(), w.world);
    const modal = await openCreator(`create ${system.serial}`);
    expect(textOf(modal)).toContain('"type":"external_select"');
    const options = await w.app.driver.loadOptions(ADMIN, 'Refresh config', 'lsa remote');
    expect(options.map((o) => o.text.text)).toEqual(['LSA remote_customer']);
    await w.app.driver.submitModal(ADMIN, { 'Refresh config': 'LSA remote_customer' });
    expect(modalTitle()).toBe('Tickets created');
    expect((await tickets()).map((t) => t.style)).toEqual(['remote_customer']);
    // Someone who may not create tickets sees no configs.
    await openCreator();
    const none = await sendAs(STRANGER, {
      type: 'block_suggestion',
      action_id: 'ticket_config_search',
      block_id: 'config',
      value: 'lsa',
      view: w.app.standIn.topModal(ADMIN),
    });
    expect(none.json).toEqual({ options: [] });
  });

  it('refuses a non-admin, through the command or a forged form', async () => {
    const system = await makeSystem(db(), w.world);
    for (const text of ['create', `create ${system.serial}`, `create ${system.serial} LSA on_prem`]) {
      const reply = await ottoReply(w, STRANGER, text);
      expect(reply).toMatchObject({
        response_type: 'ephemeral',
        text: 'Only refresh admins can create refresh tickets.',
      });
    }
    expect(w.app.standIn.topModal(STRANGER)).toBeUndefined();

    // The admin's form, submitted as someone else.
    await openCreator(`create ${system.serial}`);
    w.app.driver.fillModal(ADMIN, { 'Refresh config': 'LSA on_prem' });
    const forged = await sendAs(STRANGER, { type: 'view_submission', view: w.app.standIn.topModal(ADMIN) });
    expect(forged.json).toEqual({
      response_action: 'errors',
      errors: { serials: 'Only refresh admins can create refresh tickets.' },
    });
    expect(await tickets()).toEqual([]);
    expect(await db().select().from(people).where(eq(people.slackUserId, STRANGER))).toEqual([]);
  });
});
