import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { batches, refreshTickets, systems } from '../../../db/schema/index.js';
import { ADMIN, CUSTOMER, makeSystem, makeTicket } from '../../helpers/factories.js';
import { shownBySlack, waitFor } from '../../helpers/slack.js';
import { type BatchWorld, ottoReply, REFRESH_CHANNEL, startBatchWorld, textOf } from './batch-support.js';
import { clickStart, modalText, next, postStartButton, topModal } from './wizard-support.js';

describe('bump-down creation through Slack', () => {
  let w: BatchWorld;
  beforeEach(async () => {
    w = await startBatchWorld();
  });
  afterEach(async () => w.app.stop());

  const db = () => w.app.otto.ctx.db;
  const tickets = async () => db().select().from(refreshTickets);
  const system = async (serial: string) =>
    (await db().select().from(systems).where(eq(systems.serial, serial)).limit(1))[0];
  const serialOf = async (id: number) =>
    (await db().select().from(systems).where(eq(systems.id, id)).limit(1))[0]!.serial;
  const modalTitle = () => {
    const modal = w.app.standIn.topModal(ADMIN);
    return modal?.type === 'modal' ? modal.title.text : undefined;
  };

  it('the bulk creator takes `existing replacement` pairs, refuses bad lines, and the ticket walks the wizard to the ITSM lookup', async () => {
    const good = await makeSystem(db(), w.world);
    const lonely = await makeSystem(db(), w.world);
    const taken = await makeTicket(db(), w.world, {
      status: 'pending_itsm_existence',
      replacementSystemId: (await makeSystem(db(), w.world, { status: 'replacement' })).id,
    });
    const other = await makeSystem(db(), w.world);
    await w.app.driver.slashCommand(ADMIN, 'create');
    await waitFor(() => w.app.standIn.topModal(ADMIN));
    expect(textOf(w.app.standIn.topModal(ADMIN))).toContain('With a bump-down config, paste one');
    const response = await w.app.driver.submitModal(ADMIN, {
      'Serial numbers': [
        `${good.serial} new-r1`,
        'GHOST NEW-G',
        `${other.serial} ${await serialOf(taken.replacementSystemId!)}`,
        lonely.serial,
        `${good.serial} NEW-R2`,
      ].join('\n'),
      'Refresh config': 'LSA bump_down',
    });
    expect(response.status).toBe(200);
    expect(modalTitle()).toBe('Tickets created');
    const shown = textOf(w.app.standIn.topModal(ADMIN));
    for (const line of [
      'Created 1 ticket with *LSA bump_down* (bump down)',
      'GHOST — not in the inventory',
      '*3 lines refused*',
      `line 3: ${other.serial} ${await serialOf(taken.replacementSystemId!)} — replacement already used: `,
      `line 4: ${lonely.serial} — missing replacement: bump-down tickets carry their replacement from creation`,
      `line 5: ${good.serial} NEW-R2 — duplicate: ${good.serial} is on line 1 too`,
    ]) {
      expect(shown).toContain(line);
    }
    const replacement = (await system('NEW-R1'))!;
    const ticket = (await tickets()).find((t) => t.style === 'bump_down')!;
    expect(ticket).toMatchObject({
      existingSystemId: good.id,
      replacementSystemId: replacement.id,
      status: 'pending_customer',
    });
    expect(replacement).toMatchObject({ status: 'replacement', groupId: w.world.groupId });
    expect(await system('NEW-R2')).toBeUndefined();
    expect(await tickets()).toHaveLength(2);

    // The customer sees the replacement on the device page and nothing to choose; no approval needed.
    const ww = { app: w.app, world: w.world };
    await postStartButton(ww, CUSTOMER, { ticketId: ticket.id, status: 'pending_customer' });
    await clickStart(ww, CUSTOMER);
    expect(await next(ww, CUSTOMER)).toBe('Refresh · 2 of 4');
    expect(modalText(ww, CUSTOMER)).toContain(
      'Your replacement computer has already been chosen for you: *Dell Latitude 7450* (Windows), serial *NEW-R1*',
    );
    expect(topModal(ww, CUSTOMER)?.blocks.some((b) => b.type === 'input')).toBe(false);
    await next(ww, CUSTOMER);
    await next(ww, CUSTOMER);
    await next(ww, CUSTOMER);
    expect(
      (await db().select().from(refreshTickets).where(eq(refreshTickets.id, ticket.id)).limit(1))[0],
    ).toMatchObject({
      status: 'pending_itsm_existence',
      replacementSystemId: replacement.id,
    });
  });

  it('`/otto create <serial> <replacement> <config>` creates at once; without the replacement it is refused', async () => {
    const one = await makeSystem(db(), w.world);
    const missing = await ottoReply(w, ADMIN, `create ${one.serial} LSA bump_down`);
    expect(shownBySlack(missing.text)).toBe(
      `“LSA bump_down” is a bump-down config: its tickets carry their replacement from creation. Type \`/otto create ${one.serial} <replacement serial> LSA bump_down\`; no ticket was created.`,
    );
    const unwanted = await ottoReply(w, ADMIN, `create ${one.serial} NEW-9 LSA on_prem`);
    expect(unwanted.text).toMatch(/a replacement serial is only given with a bump-down config/);
    expect(await tickets()).toEqual([]);

    const made = await ottoReply(w, ADMIN, `create ${one.serial} new-9 LSA bump_down`);
    const ticket = (await tickets())[0]!;
    expect(made.text).toMatch(
      new RegExp(
        `^Created ticket #${ticket.id} for ${one.serial} \\(replacement NEW-9\\) with \\*LSA bump_down\\*`,
      ),
    );
    expect(ticket).toMatchObject({ style: 'bump_down', replacementSystemId: (await system('NEW-9'))!.id });

    const again = await ottoReply(
      w,
      ADMIN,
      `create ${(await makeSystem(db(), w.world)).serial} NEW-9 LSA bump_down`,
    );
    expect(again.text).toMatch(
      /: replacement already used: NEW-9 is the replacement of ticket #\d+; no ticket/,
    );
    expect(await tickets()).toHaveLength(1);
  });

  it('a batch’s Create tickets refuses a bump-down config on its field, pointing to the bulk creator', async () => {
    const serial = (await makeSystem(db(), w.world)).serial;
    await w.app.driver.slashCommand(ADMIN, 'batch new', '/otto', REFRESH_CHANNEL);
    await waitFor(() => w.app.standIn.topModal(ADMIN));
    await w.app.driver.submitModal(ADMIN, { 'Batch name': 'Recycled', 'Serial numbers': serial });
    await waitFor(
      async () =>
        (await db().select().from(batches).where(eq(batches.name, 'Recycled')).limit(1))[0]?.lookedUpAt,
    );
    await waitFor(() =>
      w.app.standIn
        .messages(REFRESH_CHANNEL)
        .some((m) => JSON.stringify(m.blocks ?? []).includes('Create tickets')),
    );
    await w.app.driver.clickButton(ADMIN, 'Create tickets', { surface: 'message', channel: REFRESH_CHANNEL });
    await waitFor(() => w.app.standIn.topModal(ADMIN));
    await w.app.driver.submitModal(ADMIN, { 'Refresh config': 'LSA bump_down' });
    expect(w.app.driver.lastErrors(ADMIN)).toEqual({
      config:
        '“LSA bump_down” is a bump-down config: its tickets carry their replacement from creation, which a batch does not have. Use “/otto create” and paste “existing replacement” lines instead.',
    });
    expect(modalTitle()).toBe('Create tickets');
    expect(await tickets()).toEqual([]);
  });
});
