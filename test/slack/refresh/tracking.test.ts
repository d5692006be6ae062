import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { audits, outbox, refreshTickets } from '../../../db/schema/index.js';
import { ADMIN, MANAGER, makeSystem, makeTicket, STRANGER } from '../../helpers/factories.js';
import { waitFor } from '../../helpers/slack.js';
import { type BatchWorld, ottoReply, REFRESH_CHANNEL, startBatchWorld } from './batch-support.js';

describe('/otto tracking', () => {
  let w: BatchWorld;
  beforeEach(async () => {
    w = await startBatchWorld();
  });
  afterEach(async () => w.app.stop());

  const db = () => w.app.otto.ctx.db;
  const ticket = async (id: number) =>
    (await db().select().from(refreshTickets).where(eq(refreshTickets.id, id)).limit(1))[0]!;
  const shipping = async () => {
    const replacement = await makeSystem(db(), w.world, { userId: null });
    return {
      ticket: await makeTicket(db(), w.world, {
        style: 'remote_customer',
        status: 'pending_delivery',
        replacementSystemId: replacement.id,
      }),
      serial: replacement.serial,
    };
  };
  const unchanged = async () => ({
    audits: (await db().select().from(audits)).length,
    outbox: (await db().select().from(outbox)).length,
  });

  it('records one number from the command text, and the customer gets the DM once the outbox runs', async () => {
    const { ticket: t } = await shipping();
    const reply = await ottoReply(w, MANAGER, `tracking ${t.id} 1Z999AA10123456784`);
    expect(reply.text).toBe(
      `Saved tracking number 1Z999AA10123456784 on ticket #${t.id}; the customer is told.`,
    );
    expect((await ticket(t.id)).trackingNumber).toBe('1Z999AA10123456784');
    await w.app.otto.dispatcher.runOnce();
    const dm = w.app.standIn.messages(w.app.standIn.dmChannelId('U0CUSTOMR'));
    expect(dm.map((m) => m.text)).toEqual([
      `Your new computer for refresh #${t.id} has shipped: tracking number 1Z999AA10123456784.`,
    ]);
  });

  it('refuses a ticket in another status with its current state, and people without the role', async () => {
    const waiting = await makeTicket(db(), w.world, { style: 'remote_customer', status: 'pending_ordering' });
    const before = await unchanged();
    const reply = await ottoReply(w, ADMIN, `tracking ${waiting.id} 1Z999AA10123456784`);
    expect(reply.text).toContain(
      `ticket #${waiting.id} is waiting to be ordered; tracking numbers go on remote tickets waiting for delivery`,
    );
    expect(reply.text).toContain('Nothing was saved');
    const { ticket: t } = await shipping();
    const refused = await ottoReply(w, STRANGER, `tracking ${t.id} 1Z999AA10123456784`);
    expect(refused.text).toContain('Only refresh managers and admins can enter tracking numbers.');
    expect(await unchanged()).toEqual(before);
    expect((await ticket(t.id)).trackingNumber).toBeNull();
  });

  it('takes a bulk paste in the modal: bad lines stay on the field, a clean paste saves and confirms', async () => {
    const a = await shipping();
    const b = await shipping();
    await w.app.driver.slashCommand(ADMIN, 'tracking', '/otto', REFRESH_CHANNEL);
    const modal = await waitFor(() => w.app.standIn.topModal(ADMIN));
    expect(modal.type === 'modal' && modal.title.text).toBe('Tracking numbers');
    const before = await unchanged();
    await w.app.driver.submitModal(ADMIN, {
      'Tickets and tracking numbers': `${a.serial} 1Z1111111111111111\nGHOST 1Z2222222222222222\n${a.serial} 1Z3333333333333333`,
    });
    const errors = w.app.driver.lastErrors(ADMIN)!;
    expect(errors.tracking_lines).toContain('Nothing was saved.');
    expect(errors.tracking_lines).toContain(
      'Line 2 (GHOST 1Z2222222222222222): Otto knows no system with serial GHOST.',
    );
    expect(errors.tracking_lines).toContain(
      `Line 3 (${a.serial} 1Z3333333333333333): duplicate: ticket #${a.ticket.id} is on line 1 too.`,
    );
    expect(w.app.standIn.topModal(ADMIN)).toBeDefined();
    expect(await unchanged()).toEqual(before);

    await w.app.driver.submitModal(ADMIN, {
      'Tickets and tracking numbers': `${a.serial} 1Z1111111111111111\n${b.serial} 1Z3333333333333333`,
    });
    expect(w.app.standIn.topModal(ADMIN)).toBeUndefined();
    expect((await ticket(a.ticket.id)).trackingNumber).toBe('1Z1111111111111111');
    expect((await ticket(b.ticket.id)).trackingNumber).toBe('1Z3333333333333333');
    const confirmation = await waitFor(() => w.app.standIn.callsTo('chat.postEphemeral')[0]);
    expect(confirmation.args).toMatchObject({
      channel: REFRESH_CHANNEL,
      user: ADMIN,
      text: 'Saved 2 tracking numbers; each customer is told.',
    });
  });
});
