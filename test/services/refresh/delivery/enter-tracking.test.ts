import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { systems } from '../../../../db/schema/index.js';
import {
  enterTracking,
  parseTrackingLines,
} from '../../../../src/services/refresh/delivery/enter-tracking.js';
import { loadTicket } from '../../../../src/services/refresh/tickets/load-ticket.js';
import { ADMIN, MANAGER, makeSystem, makeTicket, STRANGER } from '../../../helpers/factories.js';
import { openServiceWorld, outboxOf, type ServiceWorld, snapshot } from '../../../helpers/world.js';

let sw: ServiceWorld;
afterEach(() => sw?.close());

async function shipping(options: { delegate?: boolean } = {}) {
  const replacement = await makeSystem(sw.db, sw.world, { userId: null, name: 'LSA-NEW' });
  const ticket = await makeTicket(sw.db, sw.world, {
    style: 'remote_customer',
    status: 'pending_delivery',
    replacementSystemId: replacement.id,
    delegate: options.delegate ?? false,
  });
  return { ticket, replacement };
}

describe('entering tracking numbers', () => {
  it('records one by ticket number and tells the customer by DM and e-mail', async () => {
    sw = await openServiceWorld();
    const { ticket, replacement } = await shipping();
    const result = await enterTracking(sw.ctx, { actor: MANAGER, text: `#${ticket.id} 1z999aa10123456784` });
    expect(result).toEqual({
      total: 1,
      problems: [],
      entered: [{ ticketId: ticket.id, trackingNumber: '1Z999AA10123456784' }],
    });
    expect(await loadTicket(sw.db, ticket.id)).toMatchObject({
      status: 'pending_delivery',
      trackingNumber: '1Z999AA10123456784',
    });
    const rows = await outboxOf(sw.db, ticket.id);
    expect(rows.map((r) => [r.channel, r.recipient, r.notice])).toEqual([
      ['slack_dm', 'U0CUSTOMR', 'tracking'],
      ['email', 'casey@example.edu', 'tracking'],
    ]);
    expect(rows[1]!.payload).toMatchObject({
      template: 'tracking',
      data: { trackingNumber: '1Z999AA10123456784', computer: `LSA-NEW (${replacement.serial})` },
    });
    expect(sw.ctx.noticesWritten).toHaveBeenCalled();
  });

  it('takes a bulk paste by existing or replacement serial; the delegate is told instead', async () => {
    sw = await openServiceWorld();
    const a = await shipping();
    const b = await shipping({ delegate: true });
    const existingB = (await loadTicket(sw.db, b.ticket.id)).existingSystemId;
    const [serialB] = await sw.db.select().from(systems).where(eq(systems.id, existingB)).limit(1);
    const result = await enterTracking(sw.ctx, {
      actor: ADMIN,
      text: `${a.replacement.serial}\t9400111899223397846412\n\n${serialB?.serial}, 781234567890`,
    });
    expect(result.entered.map((e) => e.trackingNumber)).toEqual(['9400111899223397846412', '781234567890']);
    expect((await outboxOf(sw.db, b.ticket.id)).map((r) => r.recipient)).toEqual([
      'U0DELEGAT',
      'dana@example.edu',
    ]);
  });

  it('answers every kind of bad line and writes nothing', async () => {
    sw = await openServiceWorld();
    const good = await shipping();
    const done = await shipping();
    await enterTracking(sw.ctx, { actor: ADMIN, text: `${done.ticket.id} 1Z0000000000000001` });
    const waiting = await makeTicket(sw.db, sw.world, {
      style: 'on_prem',
      status: 'pending_schedule_slot_discovery',
    });
    const before = await snapshot(sw.db);
    const result = await enterTracking(sw.ctx, {
      actor: ADMIN,
      text: [
        `${good.ticket.id} 1Z1111111111111111`,
        'just-one-value',
        `${good.ticket.id} ab!`,
        'NOSUCHSERIAL 1Z2222222222222222',
        '99999 1Z3333333333333333',
        `${waiting.id} 1Z4444444444444444`,
        `#${good.ticket.id} 1Z5555555555555555`,
        `${done.ticket.id} 1Z0000000000000001`,
      ].join('\n'),
    });
    expect(result.entered).toEqual([]);
    expect(result.problems.map((p) => [p.lineNo, p.reason])).toEqual([
      [2, 'is not `ticket-or-serial tracking-number` (two values)'],
      [3, 'has a tracking number Otto cannot read (6–40 letters, digits or dashes)'],
      [4, 'Otto knows no system with serial NOSUCHSERIAL'],
      [5, 'There is no refresh ticket #99999'],
      [
        6,
        `ticket #${waiting.id} is waiting for delivery times to open up; tracking numbers go on remote tickets waiting for delivery`,
      ],
      [7, `duplicate: ticket #${good.ticket.id} is on line 1 too`],
      [8, `ticket #${done.ticket.id} has this tracking number already`],
    ]);
    expect(await snapshot(sw.db)).toEqual(before);
  });

  it('is for refresh managers and admins only', async () => {
    sw = await openServiceWorld();
    const { ticket } = await shipping();
    const before = await snapshot(sw.db);
    await expect(async () =>
      enterTracking(sw.ctx, { actor: STRANGER, text: `${ticket.id} 1Z1111111111111111` }),
    ).rejects.toThrow('Only refresh managers and admins can enter tracking numbers.');
    expect(await snapshot(sw.db)).toEqual(before);
  });

  it('refuses an empty paste', () => {
    expect(() => parseTrackingLines(' \n ')).toThrow('Give at least one line');
  });
});
