import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import {
  audits,
  events,
  outbox,
  people,
  refreshTickets,
  systems,
  ticketPeripherals,
} from '../../../../db/schema/index.js';
import { enqueueCustomerNotice } from '../../../../src/effects/outbox.js';
import { ServiceError } from '../../../../src/services/errors.js';
import { approveTicket } from '../../../../src/services/refresh/approvals/approve.js';
import { cancelTicket } from '../../../../src/services/refresh/tickets/cancel.js';
import { editTicket, getEditTicketForm } from '../../../../src/services/refresh/tickets/edit-ticket.js';
import { fileChangeRequest } from '../../../../src/services/refresh/tickets/file-change-request.js';
import { fillLocation, LocationFormError } from '../../../../src/services/refresh/tickets/fill-location.js';
import { holdTicket } from '../../../../src/services/refresh/tickets/hold.js';
import { listProblems } from '../../../../src/services/refresh/tickets/list-problems.js';
import { loadTicket } from '../../../../src/services/refresh/tickets/load-ticket.js';
import { resumeTicket } from '../../../../src/services/refresh/tickets/resume.js';
import { getTicketCard } from '../../../../src/services/refresh/tickets/ticket-card.js';
import {
  ADMIN,
  APPROVER,
  CUSTOMER,
  DELEGATE,
  MANAGER,
  makeSystem,
  makeTicket,
  STRANGER,
} from '../../../helpers/factories.js';
import { openServiceWorld, type ServiceWorld, snapshot } from '../../../helpers/world.js';

let w: ServiceWorld;
afterEach(() => w?.close());

async function refused(run: () => Promise<unknown>, kind: ServiceError['kind']): Promise<ServiceError> {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(ServiceError);
    expect((error as ServiceError).kind).toBe(kind);
    return error as ServiceError;
  }
  throw new Error('expected a refusal');
}

describe('hold, resume and cancel', () => {
  it('lets a manager hold a ticket and resume it to the status it had', async () => {
    w = await openServiceWorld();
    const ticket = await makeTicket(w.db, w.world, { status: 'pending_customer_scheduling' });
    expect(await holdTicket(w.ctx, { actor: MANAGER, ticket: ticket.id })).toMatchObject({
      status: 'on_hold',
      statusBeforeHold: 'pending_customer_scheduling',
    });
    expect(await resumeTicket(w.ctx, { actor: MANAGER, ticket: `#${ticket.id}` })).toMatchObject({
      status: 'pending_customer_scheduling',
      statusBeforeHold: null,
    });
    expect(await w.db.select({ action: audits.action, actor: audits.actor }).from(audits)).toEqual([
      { action: 'hold', actor: MANAGER },
      { action: 'resume', actor: MANAGER },
    ]);
  });

  it('lets an admin cancel a held ticket, found by its serial', async () => {
    w = await openServiceWorld();
    const ticket = await makeTicket(w.db, w.world, {
      status: 'on_hold',
      statusBeforeHold: 'pending_ordering',
    });
    const system = (
      await w.db.select().from(systems).where(eq(systems.id, ticket.existingSystemId)).limit(1)
    )[0];
    expect(await cancelTicket(w.ctx, { actor: ADMIN, ticket: system!.serial })).toMatchObject({
      id: ticket.id,
      status: 'canceled',
      statusBeforeHold: null,
    });
  });

  it('refuses approvers, customers and strangers, naming the ticket state, and changes nothing', async () => {
    w = await openServiceWorld();
    const ticket = await makeTicket(w.db, w.world, { status: 'pending_ordering' });
    const before = await snapshot(w.db);
    for (const actor of [APPROVER, CUSTOMER, STRANGER]) {
      for (const run of [holdTicket, resumeTicket, cancelTicket]) {
        const error = await refused(async () => run(w.ctx, { actor, ticket: ticket.id }), 'not_allowed');
        expect(error.message).toContain(`refresh #${ticket.id}: it is now waiting to be ordered`);
      }
    }
    expect(await snapshot(w.db)).toEqual(before);
  });

  it('answers a stale button and a second hold with the current state', async () => {
    w = await openServiceWorld();
    const ticket = await makeTicket(w.db, w.world, { status: 'pending_ordering' });
    await holdTicket(w.ctx, { actor: MANAGER, ticket: ticket.id, seenStatus: 'pending_ordering' });
    const before = await snapshot(w.db);
    expect(
      (
        await refused(
          async () =>
            holdTicket(w.ctx, { actor: MANAGER, ticket: ticket.id, seenStatus: 'pending_ordering' }),
          'conflict',
        )
      ).message,
    ).toBe(
      `Refresh #${ticket.id} changed since you saw it: it is now on hold (it was waiting to be ordered). Nothing was changed.`,
    );
    expect(
      (await refused(async () => holdTicket(w.ctx, { actor: MANAGER, ticket: ticket.id }), 'conflict'))
        .message,
    ).toContain('already on hold');
    expect(
      (await refused(async () => cancelTicket(w.ctx, { actor: MANAGER, ticket: 'NOPE-1' }), 'not_found'))
        .message,
    ).toBe('Otto knows no system with serial NOPE-1.');
    expect(await snapshot(w.db)).toEqual(before);
  });
});

describe('editing until ordering, then change requests', () => {
  it('lets the approver edit delegate, models, peripherals and notes, audited field by field', async () => {
    w = await openServiceWorld();
    const ticket = await makeTicket(w.db, w.world, { status: 'requires_approval' });
    await w.db
      .insert(ticketPeripherals)
      .values({ ticketId: ticket.id, peripheralId: w.world.peripherals.monitor });
    const result = await editTicket(w.ctx, {
      actor: APPROVER,
      ticketId: ticket.id,
      seenStatus: 'requires_approval',
      delegate: { slackUserId: DELEGATE, email: 'dana@example.edu', name: 'Dana Delegate' },
      chosenModelId: w.world.models.optiplex,
      peripheralIds: [w.world.peripherals.keyboard, w.world.peripherals.monitor],
      notes: 'Standing desk; needs a long cable.',
    });
    expect(result.changed).toEqual(['delegateId', 'chosenModelId', 'notes', 'peripheralIds']);
    expect(result.ticket).toMatchObject({
      status: 'requires_approval',
      delegateId: w.world.people.delegate,
      chosenModelId: w.world.models.optiplex,
      notes: 'Standing desk; needs a long cable.',
    });
    expect(
      (await w.db.select({ id: ticketPeripherals.peripheralId }).from(ticketPeripherals))
        .map((r) => r.id)
        .sort(),
    ).toEqual([w.world.peripherals.monitor, w.world.peripherals.keyboard].sort());
    const [audit] = await w.db.select().from(audits);
    expect(audit).toMatchObject({ action: 'edit', actor: APPROVER });
    expect(audit?.changes?.delegateId).toEqual({ from: null, to: w.world.people.delegate });
    // The same form again changes nothing and writes no audit.
    expect(
      (
        await editTicket(w.ctx, {
          actor: APPROVER,
          ticketId: ticket.id,
          notes: 'Standing desk; needs a long cable.',
        })
      ).changed,
    ).toEqual([]);
    expect(await w.db.select().from(audits)).toHaveLength(1);
  });

  it('adds a delegate Otto did not know as a person, remembering their Slack account', async () => {
    w = await openServiceWorld();
    const ticket = await makeTicket(w.db, w.world, { status: 'pending_customer' });
    await editTicket(w.ctx, {
      actor: ADMIN,
      ticketId: ticket.id,
      delegate: { slackUserId: 'U0NEWDELEG', email: 'Robin@Example.edu', name: 'Robin' },
    });
    const robin = (await w.db.select().from(people).where(eq(people.slackUserId, 'U0NEWDELEG')).limit(1))[0];
    expect(robin).toMatchObject({ email: 'robin@example.edu', name: 'Robin' });
    expect((await loadTicket(w.db, ticket.id)).delegateId).toBe(robin?.id);
    await editTicket(w.ctx, { actor: ADMIN, ticketId: ticket.id, delegate: null });
    expect((await loadTicket(w.db, ticket.id)).delegateId).toBeNull();
  });

  it('refuses edits from pending ordering on, and from people who are neither approver nor admin', async () => {
    w = await openServiceWorld();
    const ticket = await makeTicket(w.db, w.world, { status: 'pending_ordering' });
    const held = await makeTicket(w.db, w.world, { status: 'on_hold', statusBeforeHold: 'pending_ordering' });
    const open = await makeTicket(w.db, w.world, { status: 'pending_customer' });
    const before = await snapshot(w.db);
    expect(
      (
        await refused(
          async () => editTicket(w.ctx, { actor: APPROVER, ticketId: ticket.id, notes: 'x' }),
          'conflict',
        )
      ).message,
    ).toBe(
      `Refresh #${ticket.id} can no longer be edited: it is now waiting to be ordered. File a change request instead; nothing was changed.`,
    );
    await refused(
      async () => editTicket(w.ctx, { actor: APPROVER, ticketId: held.id, notes: 'x' }),
      'conflict',
    );
    await refused(async () => getEditTicketForm(w.ctx, { actor: APPROVER, ticketId: ticket.id }), 'conflict');
    for (const actor of [MANAGER, CUSTOMER, STRANGER]) {
      await refused(async () => editTicket(w.ctx, { actor, ticketId: open.id, notes: 'x' }), 'not_allowed');
      await refused(async () => getEditTicketForm(w.ctx, { actor, ticketId: open.id }), 'not_allowed');
    }
    await refused(
      async () => editTicket(w.ctx, { actor: APPROVER, ticketId: open.id, chosenModelId: 9999 }),
      'invalid',
    );
    expect(await snapshot(w.db)).toEqual(before);
  });

  it('offers the approved models and peripherals in the form', async () => {
    w = await openServiceWorld();
    const ticket = await makeTicket(w.db, w.world, { status: 'pending_customer' });
    const form = await getEditTicketForm(w.ctx, {
      actor: APPROVER,
      ticketId: ticket.id,
      seenStatus: 'pending_customer',
    });
    // The ticket's own proposed model first, then the rest by name.
    expect(form.models.map((m) => m.name)).toEqual([
      'Dell Latitude 7450',
      'Apple MacBook Air 13 (M4)',
      'Dell OptiPlex 7020',
    ]);
    expect(form.peripherals.map((p) => p.name)).toEqual([
      '4K document camera',
      'Dell 27" monitor',
      'Keyboard and mouse',
    ]);
  });

  it('files a change request from pending ordering on: audited and queued for the ITSM', async () => {
    w = await openServiceWorld();
    const ticket = await makeTicket(w.db, w.world, { status: 'pending_delivery' });
    const { outboxId } = await fileChangeRequest(w.ctx, {
      actor: APPROVER,
      ticketId: ticket.id,
      seenStatus: 'pending_delivery',
      request: 'Add a second monitor.',
    });
    const row = (await w.db.select().from(outbox).where(eq(outbox.id, outboxId)).limit(1))[0];
    expect(row).toMatchObject({ channel: 'itsm', notice: 'itsm_change_request', ticketId: ticket.id });
    expect(row?.payload).toMatchObject({ kind: 'change_request', requestedBy: APPROVER });
    expect(String(row?.payload.body)).toContain('Add a second monitor.');
    expect((await w.db.select().from(audits).limit(1))[0]).toMatchObject({
      action: 'change_request',
      actor: APPROVER,
      changes: { changeRequest: { from: null, to: 'Add a second monitor.' } },
    });
  });

  it('refuses a change request while the ticket can still be edited, or from a stranger', async () => {
    w = await openServiceWorld();
    const early = await makeTicket(w.db, w.world, { status: 'requires_approval' });
    const late = await makeTicket(w.db, w.world, { status: 'pending_ordering' });
    const canceled = await makeTicket(w.db, w.world, { status: 'canceled' });
    const before = await snapshot(w.db);
    expect(
      (
        await refused(
          async () => fileChangeRequest(w.ctx, { actor: APPROVER, ticketId: early.id, request: 'x' }),
          'conflict',
        )
      ).message,
    ).toContain('edit it instead');
    await refused(
      async () => fileChangeRequest(w.ctx, { actor: APPROVER, ticketId: canceled.id, request: 'x' }),
      'conflict',
    );
    await refused(
      async () => fileChangeRequest(w.ctx, { actor: STRANGER, ticketId: late.id, request: 'x' }),
      'not_allowed',
    );
    await refused(
      async () => fileChangeRequest(w.ctx, { actor: APPROVER, ticketId: late.id, request: ' ' }),
      'invalid',
    );
    expect(await snapshot(w.db)).toEqual(before);
  });
});

describe('the location form', () => {
  it('lets a manager give building and room and moves the ticket to ordering', async () => {
    w = await openServiceWorld();
    const ticket = await makeTicket(w.db, w.world, {
      status: 'pending_location_info',
      building: null,
      room: null,
    });
    const saved = await fillLocation(w.ctx, {
      actor: MANAGER,
      ticketId: ticket.id,
      seenStatus: 'pending_location_info',
      building: '  Mason   Hall ',
      room: '1401',
    });
    expect(saved).toMatchObject({ status: 'pending_ordering', building: 'Mason Hall', room: '1401' });
    expect((await w.db.select().from(audits).limit(1))[0]).toMatchObject({
      action: 'location_provided',
      actor: MANAGER,
    });
  });

  it('validates a remote ticket’s shipping address as the wizard does', async () => {
    w = await openServiceWorld();
    const ticket = await makeTicket(w.db, w.world, {
      style: 'remote_customer',
      status: 'pending_location_info',
    });
    const before = await snapshot(w.db);
    try {
      await fillLocation(w.ctx, {
        actor: MANAGER,
        ticketId: ticket.id,
        shippingAddress: {
          recipient: 'Casey',
          line1: '1 Main St',
          city: 'Ann Arbor',
          region: 'Michigan',
          postalCode: '481',
          country: 'US',
        },
      });
      throw new Error('expected field errors');
    } catch (error) {
      expect(error).toBeInstanceOf(LocationFormError);
      expect((error as LocationFormError).fields).toEqual({
        region: 'Use the two-letter state code, e.g. MI.',
        postalCode: 'Use a 5-digit ZIP code or ZIP+4, e.g. 48109 or 48109-1234.',
      });
    }
    expect(await snapshot(w.db)).toEqual(before);
    const saved = await fillLocation(w.ctx, {
      actor: MANAGER,
      ticketId: ticket.id,
      shippingAddress: {
        recipient: 'Casey',
        line1: '1 Main St',
        city: 'Ann Arbor',
        region: 'mi',
        postalCode: '48109',
        country: 'USA',
      },
    });
    expect(saved.shippingAddress).toEqual({
      recipient: 'Casey',
      line1: '1 Main St',
      city: 'Ann Arbor',
      region: 'MI',
      postalCode: '48109',
      country: 'US',
    });
  });

  it('refuses non-managers and tickets that do not wait for a location', async () => {
    w = await openServiceWorld();
    const waiting = await makeTicket(w.db, w.world, { status: 'pending_location_info' });
    const other = await makeTicket(w.db, w.world, { status: 'pending_customer' });
    const before = await snapshot(w.db);
    await refused(
      async () => fillLocation(w.ctx, { actor: APPROVER, ticketId: waiting.id, building: 'A', room: '1' }),
      'not_allowed',
    );
    expect(
      (
        await refused(
          async () => fillLocation(w.ctx, { actor: MANAGER, ticketId: other.id, building: 'A', room: '1' }),
          'conflict',
        )
      ).message,
    ).toBe(
      `Refresh #${other.id} does not wait for a location: it is now waiting for its customer to finish the wizard. Nothing was changed.`,
    );
    expect(await snapshot(w.db)).toEqual(before);
  });
});

describe('the ticket card and the problems list', () => {
  it('merges audits, notices with their e-mail log, and events in time order', async () => {
    w = await openServiceWorld();
    const ticket = await makeTicket(w.db, w.world, { status: 'requires_approval' });
    await w.db.insert(events).values({
      ticketId: ticket.id,
      source: 'customer',
      kind: 'changed_location',
      at: new Date('2026-11-17T14:00:00Z'),
    });
    w.clock.set('2026-11-17T16:00:00Z');
    await approveTicket(w.ctx, { actor: APPROVER, ticketId: ticket.id });
    await w.db.transaction(async (tx) =>
      enqueueCustomerNotice(
        tx,
        {
          to: { email: 'x@example.edu' },
          kind: 'completed',
          view: { ticketId: ticket.id, computer: 'SN1', openApp: 'https://example.slack.com/app' },
          ticketId: ticket.id,
        },
        new Date('2026-11-17T17:00:00Z'),
      ),
    );
    const card = await getTicketCard(w.ctx, { actor: MANAGER, ticket: ticket.id });
    expect(card.history.map((h) => [h.actor?.name ?? null, h.text])).toEqual([
      ['The customer', 'gave a location other than the inventory’s.'],
      ['Pat Approver', 'approved the ticket; it is now waiting to be ordered.'],
      ['Otto', 'is sending the news of the approval to Casey Customer in Slack.'],
      ['Otto', 'is sending the news of the approval to Casey Customer by e-mail.'],
      ['Otto', 'is sending the completion notice to x@example.edu by e-mail.'],
    ]);
    expect(card.can).toEqual({
      approve: false,
      edit: false,
      changeRequest: false,
      fillLocation: false,
      hold: true,
      resume: false,
      cancel: true,
      reschedule: false,
    });
    expect((await getTicketCard(w.ctx, { actor: APPROVER, ticket: ticket.id })).can).toMatchObject({
      changeRequest: true,
      hold: false,
    });
  });

  it('is for managers, admins and approvers of the config only', async () => {
    w = await openServiceWorld();
    const ticket = await makeTicket(w.db, w.world);
    for (const actor of [ADMIN, MANAGER, APPROVER])
      expect((await getTicketCard(w.ctx, { actor, ticket: ticket.id })).details.ticket.id).toBe(ticket.id);
    for (const actor of [CUSTOMER, STRANGER])
      await refused(async () => getTicketCard(w.ctx, { actor, ticket: ticket.id }), 'not_allowed');
  });

  it('finds a ticket by serial: the open one first', async () => {
    w = await openServiceWorld();
    const system = await makeSystem(w.db, w.world);
    const make = async (status: 'canceled' | 'pending_customer') =>
      (
        await w.db
          .insert(refreshTickets)
          .values({
            existingSystemId: system.id,
            configId: w.world.configs.on_prem,
            style: 'on_prem',
            status,
            createdBy: ADMIN,
            createdAt: w.clock.now(),
            updatedAt: w.clock.now(),
          })
          .returning()
      )[0]!;
    const old = await make('canceled');
    expect((await getTicketCard(w.ctx, { actor: MANAGER, ticket: system.serial })).details.ticket.id).toBe(
      old.id,
    );
    const current = await make('pending_customer');
    await make('canceled');
    expect((await getTicketCard(w.ctx, { actor: MANAGER, ticket: system.serial })).details.ticket.id).toBe(
      current.id,
    );
  });

  it('lists problems for managers with counts and the oldest first', async () => {
    w = await openServiceWorld();
    for (let i = 0; i < 17; i += 1) await makeTicket(w.db, w.world, { status: 'pending_location_info' });
    await makeTicket(w.db, w.world, { status: 'pending_itsm_existence' });
    const lists = await listProblems(w.ctx, MANAGER);
    expect(lists.map((l) => [l.status, l.total, l.tickets.length])).toEqual([
      ['pending_location_info', 17, 15],
      ['pending_itsm_existence', 1, 1],
      ['itsm_cancelled', 0, 0],
    ]);
    await refused(async () => listProblems(w.ctx, APPROVER), 'not_allowed');
  });
});
