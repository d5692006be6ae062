import { afterEach, describe, expect, it } from 'vitest';
import { events, itsmTickets, refreshConfigs, refreshTickets, systems } from '../../db/schema/index.js';
import { enqueueItsmRequest } from '../../src/effects/outbox.js';
import { createBuiltinItsm } from '../../src/itsm/builtin.js';
import type { ItsmPort } from '../../src/itsm/port.js';
import { type Harness, startHarness } from './harness.js';

const request = {
  operation: 'create_ticket' as const,
  kind: 'confirm_location' as const,
  title: 'Confirm location of SN1',
  body: 'The customer says the system is in Mason Hall 1401, not Angell Hall 3120.',
  requestedBy: 'U0CUSTOMR',
};

function seedTicket(h: Harness): number {
  const db = h.database.db;
  const at = h.clock.now();
  const system = db.insert(systems).values({ serial: 'SN1', updatedAt: at }).returning().get().id;
  const config = db
    .insert(refreshConfigs)
    .values({ name: 'c', style: 'on_prem', createdAt: at, updatedAt: at })
    .returning()
    .get().id;
  return db
    .insert(refreshTickets)
    .values({
      existingSystemId: system,
      configId: config,
      style: 'on_prem',
      status: 'pending_customer',
      createdBy: 'U0X',
      createdAt: at,
      updatedAt: at,
    })
    .returning()
    .get().id;
}

describe('ITSM requests through the outbox', () => {
  let h: Harness;
  afterEach(() => h.close());

  it('creates the ITSM ticket after commit and records an event on the refresh ticket', async () => {
    h = await startHarness();
    const ticketId = seedTicket(h);
    const id = enqueueItsmRequest(h.database.db, request, { ticketId }, h.clock.now());
    expect(await h.dispatcher.runOnce()).toEqual({ sent: 1, retried: 0, failed: 0 });

    const [created] = h.database.db.select().from(itsmTickets).all();
    expect(created).toMatchObject({
      kind: 'confirm_location',
      refreshTicketId: ticketId,
      title: request.title,
    });
    expect(h.row(id!)).toMatchObject({ status: 'sent', deliveryRef: `builtin:${created?.id}` });
    expect(h.database.db.select().from(events).all()).toEqual([
      expect.objectContaining({
        ticketId,
        source: 'itsm',
        kind: 'itsm_ticket_created',
        detail: { kind: 'confirm_location', itsmTicketId: String(created?.id), adapter: 'builtin' },
      }),
    ]);
  });

  it('keeps the request through an ITSM outage and creates it once the ITSM answers', async () => {
    let down = true;
    h = await startHarness({
      itsm: (db): ItsmPort => {
        const builtin = createBuiltinItsm(db, { now: () => new Date() });
        return {
          name: 'builtin',
          createTicket: (r) => (down ? Promise.reject(new Error('ECONNREFUSED')) : builtin.createTicket(r)),
        };
      },
    });
    const ticketId = seedTicket(h);
    const id = enqueueItsmRequest(h.database.db, request, { ticketId }, h.clock.now());
    expect(await h.dispatcher.runOnce()).toEqual({ sent: 0, retried: 1, failed: 0 });
    expect(h.row(id!)).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastError: expect.stringContaining('ECONNREFUSED'),
    });

    down = false;
    h.clock.advance(30_000);
    expect(await h.dispatcher.runOnce()).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(h.database.db.select().from(itsmTickets).all()).toHaveLength(1);
  });
});
