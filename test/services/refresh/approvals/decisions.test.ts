import { and, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  audits,
  configApprovers,
  events,
  jobRuns,
  outbox,
  refreshConfigs,
  refreshTickets,
  ticketPeripherals,
} from '../../../../db/schema/index.js';
import { openScope } from '../../../../db/scope.js';
import { transition } from '../../../../src/domain/refresh/index.js';
import { createScheduler, replacementLookupJob } from '../../../../src/jobs/index.js';
import { ServiceError } from '../../../../src/services/errors.js';
import { approveTicket } from '../../../../src/services/refresh/approvals/approve.js';
import { denyTicket } from '../../../../src/services/refresh/approvals/deny.js';
import { getApprovalRequest } from '../../../../src/services/refresh/approvals/get-approval-request.js';
import { loadTicket } from '../../../../src/services/refresh/tickets/load-ticket.js';
import { enqueueTicketEffects } from '../../../../src/services/refresh/tickets/run-effects.js';
import { describeTicketState } from '../../../../src/services/refresh/tickets/ticket-state.js';
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
import { delivered } from '../../../helpers/notices.js';
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

const outboxOf = async (ticketId: number) =>
  (await w.db.select().from(outbox).where(eq(outbox.ticketId, ticketId))).map(delivered);

describe('approving', () => {
  it('moves the ticket to ordering, records who and when, and tells the customer by DM and e-mail', async () => {
    w = await openServiceWorld();
    const ticket = await makeTicket(w.db, w.world, { status: 'requires_approval' });
    const { ticket: saved, summary } = await approveTicket(w.ctx, {
      actor: APPROVER,
      ticketId: ticket.id,
      seenStatus: 'requires_approval',
    });
    expect(saved).toMatchObject({
      status: 'pending_ordering',
      decidedBy: APPROVER,
      decidedAt: w.clock.now(),
      denialReason: null,
    });
    expect(summary).toMatchObject({ ticketId: ticket.id, customer: 'Casey Customer' });
    expect(await w.db.select().from(audits).where(eq(audits.ticketId, ticket.id))).toEqual([
      expect.objectContaining({
        action: 'approve',
        actor: APPROVER,
        changes: expect.objectContaining({
          status: { from: 'requires_approval', to: 'pending_ordering' },
          decidedBy: { from: null, to: APPROVER },
        }),
      }),
    ]);
    const notices = await outboxOf(ticket.id);
    expect(notices.map((n) => [n.channel, n.recipient, n.notice])).toEqual([
      ['slack_dm', CUSTOMER, 'approved'],
      ['email', 'casey@example.edu', 'approved'],
    ]);
    expect(notices[1]?.payload).toMatchObject({
      template: 'approved',
      subject: `Refresh #${ticket.id} was approved`,
      data: { approver: 'Pat Approver', ticketId: ticket.id, recipientName: 'Casey Customer' },
    });
    expect(JSON.stringify(notices[0]?.payload)).toContain(
      `<@${APPROVER}> approved the refresh of your computer`,
    );
    expect(w.ctx.noticesWritten).toHaveBeenCalled();
  });

  it('sends a bump-down ticket on to the ITSM lookup of the replacement it already has, and looks it up at once', async () => {
    w = await openServiceWorld();
    const replacement = await makeSystem(w.db, w.world, { userId: null, building: null, room: null });
    const ticket = await makeTicket(w.db, w.world, {
      style: 'bump_down',
      status: 'requires_approval',
      replacementSystemId: replacement.id,
    });
    // The state machine asks for the lookup…
    expect(transition(ticket, { type: 'approve' }, w.clock.now()).effects).toEqual([
      { type: 'notify_customer', notice: 'approved' },
      { type: 'lookup_replacement' },
    ]);
    // …and the effect wakes the lookup job, as the running app wires it.
    const scheduler = createScheduler({
      db: w.db,
      clock: w.clock,
      timeZone: w.ctx.calendar.timeZone,
      jobs: [replacementLookupJob(w.ctx)],
      logger: { info: vi.fn(), warn: vi.fn(), error: vi.fn() },
    });
    const replacementsQueued = vi.fn(() => scheduler.wake('replacement-lookup'));
    const lookups = async () =>
      w.db
        .select({ ok: events.ok, detail: events.detail })
        .from(events)
        .where(and(eq(events.ticketId, ticket.id), eq(events.kind, 'itsm_lookup')));

    // Nothing slow inside the approval's transaction: the ITSM is asked once it has committed.
    const insideTransaction: boolean[] = [];
    const lookupSystem = w.ctx.itsm.lookupSystem.bind(w.ctx.itsm);
    w.ctx.itsm.lookupSystem = (serial) => {
      insideTransaction.push(openScope() !== undefined);
      return lookupSystem(serial);
    };

    const saved = await approveTicket(
      { ...w.ctx, refresh: { replacementsQueued } },
      { actor: APPROVER, ticketId: ticket.id },
    );
    expect(saved.ticket.status).toBe('pending_itsm_existence');
    expect(replacementsQueued).toHaveBeenCalledTimes(1);

    // No scheduled run: the wake alone looks the replacement up and moves the ticket on.
    await vi.waitFor(async () =>
      expect((await loadTicket(w.db, ticket.id)).status).toBe('pending_schedule_slot_discovery'),
    );
    expect(await lookups()).toEqual([
      { ok: true, detail: expect.objectContaining({ serial: replacement.serial, found: true }) },
    ]);
    expect(insideTransaction).toEqual([false]);
    expect(await w.db.select().from(jobRuns)).toMatchObject([
      { job: 'replacement-lookup', scheduledFor: w.clock.now(), status: 'succeeded' },
    ]);
    await scheduler.stop();
  });

  it('wakes no lookup for a ticket that goes to ordering', async () => {
    w = await openServiceWorld();
    const ticket = await makeTicket(w.db, w.world, { status: 'requires_approval' });
    const replacementsQueued = vi.fn();
    await approveTicket(
      { ...w.ctx, refresh: { replacementsQueued } },
      { actor: APPROVER, ticketId: ticket.id },
    );
    expect(replacementsQueued).not.toHaveBeenCalled();
  });

  it('writes to the delegate instead of the user', async () => {
    w = await openServiceWorld();
    const ticket = await makeTicket(w.db, w.world, { status: 'requires_approval', delegate: true });
    await approveTicket(w.ctx, { actor: APPROVER, ticketId: ticket.id });
    const notices = await outboxOf(ticket.id);
    expect(notices.map((n) => n.recipient)).toEqual([DELEGATE, 'dana@example.edu']);
    expect(notices[1]?.payload).toMatchObject({ data: { onBehalfOf: 'Casey Customer' } });
  });

  it('refuses everyone who is not an approver of the config, admins included, and changes nothing', async () => {
    w = await openServiceWorld();
    const ticket = await makeTicket(w.db, w.world, { status: 'requires_approval' });
    const before = await snapshot(w.db);
    for (const actor of [ADMIN, MANAGER, CUSTOMER, STRANGER]) {
      const error = await refused(
        async () => approveTicket(w.ctx, { actor, ticketId: ticket.id }),
        'not_allowed',
      );
      expect(error.message).toContain(
        `Only the approvers of the config “LSA on_prem” can approve refresh #${ticket.id}`,
      );
      expect(error.message).toContain('it is now waiting for approval');
      await refused(
        async () => denyTicket(w.ctx, { actor, ticketId: ticket.id, reason: 'No.' }),
        'not_allowed',
      );
    }
    expect(await snapshot(w.db)).toEqual(before);
  });

  it('refuses an approver of another config', async () => {
    w = await openServiceWorld();
    const ticket = await makeTicket(w.db, w.world, { status: 'requires_approval' });
    const other = (
      await w.db
        .insert(refreshConfigs)
        .values({ name: 'Engineering', style: 'on_prem', createdAt: w.clock.now(), updatedAt: w.clock.now() })
        .returning()
    )[0]!;
    await w.db.update(refreshTickets).set({ configId: other.id }).where(eq(refreshTickets.id, ticket.id));
    await refused(async () => approveTicket(w.ctx, { actor: APPROVER, ticketId: ticket.id }), 'not_allowed');
    expect((await loadTicket(w.db, ticket.id)).status).toBe('requires_approval');
  });

  it('answers a double click with the state the first click left, and changes nothing more', async () => {
    w = await openServiceWorld();
    const ticket = await makeTicket(w.db, w.world, { status: 'requires_approval' });
    const click = { actor: APPROVER, ticketId: ticket.id, seenStatus: 'requires_approval' };
    await approveTicket(w.ctx, click);
    const before = await snapshot(w.db);
    const error = await refused(async () => approveTicket(w.ctx, click), 'conflict');
    expect(error.message).toBe(
      `Refresh #${ticket.id} changed since you saw it: it is now waiting to be ordered (approved by <@${APPROVER}>). Nothing was changed.`,
    );
    expect(await snapshot(w.db)).toEqual(before);
    // Without the status seen, the state machine still refuses.
    const again = await refused(
      async () => approveTicket(w.ctx, { actor: APPROVER, ticketId: ticket.id }),
      'conflict',
    );
    expect(again.message).toContain('This ticket is waiting to be ordered');
    expect(await snapshot(w.db)).toEqual(before);
  });

  it('refuses a ticket that does not exist', async () => {
    w = await openServiceWorld();
    await refused(async () => approveTicket(w.ctx, { actor: APPROVER, ticketId: 999 }), 'not_found');
  });
});

describe('denying', () => {
  it('sends the ticket back to the customer with the reason, by DM (with Continue) and e-mail', async () => {
    w = await openServiceWorld();
    const ticket = await makeTicket(w.db, w.world, {
      status: 'requires_approval',
      chosenModelId: w.world.models.macbook,
    });
    const reason = 'Please keep the Latitude: <the unit> only buys Windows this year.';
    const { ticket: saved } = await denyTicket(w.ctx, {
      actor: APPROVER,
      ticketId: ticket.id,
      seenStatus: 'requires_approval',
      reason: `  ${reason}  `,
    });
    expect(saved).toMatchObject({
      status: 'pending_customer',
      denialReason: reason,
      decidedBy: APPROVER,
      decidedAt: w.clock.now(),
    });
    const [dm, email] = await outboxOf(ticket.id);
    expect(dm).toMatchObject({ channel: 'slack_dm', recipient: CUSTOMER, notice: 'denied' });
    const dmText = JSON.stringify(dm?.payload);
    // User text is escaped before it enters mrkdwn.
    expect(dmText).toContain('&lt;the unit&gt; only buys Windows');
    expect(dmText).toContain('"action_id":"wizard_start"');
    expect(dmText).toContain(
      JSON.stringify(JSON.stringify({ ticketId: ticket.id, status: 'pending_customer' })),
    );
    expect(email).toMatchObject({ channel: 'email', recipient: 'casey@example.edu', notice: 'denied' });
    expect(email?.payload).toMatchObject({ template: 'denied', data: { reason, approver: 'Pat Approver' } });
  });

  it('refuses a denial without a reason, and changes nothing', async () => {
    w = await openServiceWorld();
    const ticket = await makeTicket(w.db, w.world, { status: 'requires_approval' });
    const before = await snapshot(w.db);
    const error = await refused(
      async () => denyTicket(w.ctx, { actor: APPROVER, ticketId: ticket.id, reason: '  ' }),
      'invalid',
    );
    expect(error.message).toBe('Say why, so the customer knows what to change.');
    expect(await snapshot(w.db)).toEqual(before);
  });

  it('a later approval replaces the denial but the audit keeps both', async () => {
    w = await openServiceWorld();
    const ticket = await makeTicket(w.db, w.world, { status: 'requires_approval' });
    await denyTicket(w.ctx, { actor: APPROVER, ticketId: ticket.id, reason: 'Pick the proposed model.' });
    await w.db
      .update(refreshTickets)
      .set({ status: 'requires_approval' })
      .where(eq(refreshTickets.id, ticket.id));
    const { ticket: saved } = await approveTicket(w.ctx, { actor: APPROVER, ticketId: ticket.id });
    expect(saved.denialReason).toBeNull();
    expect(await w.db.select({ action: audits.action }).from(audits)).toEqual([
      { action: 'deny' },
      { action: 'approve' },
    ]);
  });

  it('opens the deny form only for an approver while the ticket awaits a decision', async () => {
    w = await openServiceWorld();
    const ticket = await makeTicket(w.db, w.world, { status: 'requires_approval' });
    expect(
      await getApprovalRequest(w.ctx, {
        actor: APPROVER,
        ticketId: ticket.id,
        seenStatus: 'requires_approval',
      }),
    ).toMatchObject({ ticketId: ticket.id, status: 'requires_approval' });
    await refused(
      async () => getApprovalRequest(w.ctx, { actor: STRANGER, ticketId: ticket.id }),
      'not_allowed',
    );
    await approveTicket(w.ctx, { actor: APPROVER, ticketId: ticket.id });
    expect(
      (
        await refused(
          async () => getApprovalRequest(w.ctx, { actor: APPROVER, ticketId: ticket.id }),
          'conflict',
        )
      ).message,
    ).toContain('awaits no decision: it is now waiting to be ordered');
  });
});

describe('asking the approvers', () => {
  it('DMs each approver with Approve/Deny and e-mails those Otto knows, saying why it needs them', async () => {
    w = await openServiceWorld();
    const ticket = await makeTicket(w.db, w.world, {
      style: 'remote_customer',
      status: 'requires_approval',
      chosenModelId: w.world.models.macbook,
    });
    await w.db
      .insert(ticketPeripherals)
      .values({ ticketId: ticket.id, peripheralId: w.world.peripherals.camera });
    // A second approver with no people row: a DM only.
    await w.db.insert(configApprovers).values({ configId: ticket.configId, slackUserId: 'U0SECONDAP' });
    await w.db.transaction(async (tx) =>
      enqueueTicketEffects(tx, w.ctx, ticket, [{ type: 'notify_approvers' }], w.clock.now()),
    );

    const notices = await outboxOf(ticket.id);
    expect(notices.map((n) => [n.channel, n.recipient, n.notice])).toEqual([
      ['slack_dm', APPROVER, 'approval_requested'],
      ['email', 'pat@example.edu', 'approval_requested'],
      ['slack_dm', 'U0SECONDAP', 'approval_requested'],
    ]);
    const dm = JSON.stringify(notices[0]?.payload);
    const value = JSON.stringify(JSON.stringify({ ticketId: ticket.id, status: 'requires_approval' }));
    expect(dm).toContain(
      `"action_id":"ticket_approve","text":{"type":"plain_text","text":"Approve","emoji":true},"style":"primary","value":${value}`,
    );
    expect(dm).toContain('"action_id":"ticket_deny"');
    expect(dm).toContain('a model other than the proposed one was chosen');
    expect(notices[1]?.payload).toMatchObject({
      template: 'approval-requested',
      subject: `Refresh #${ticket.id} needs your approval`,
      data: {
        approverName: 'Pat Approver',
        customer: 'Casey Customer',
        reasons: [
          'a model other than the proposed one was chosen',
          'another platform was chosen',
          'a peripheral that requires approval was chosen',
        ],
        lines: expect.arrayContaining([
          { label: 'Chosen model', value: 'Apple MacBook Air 13 (M4) (mac)' },
          { label: 'Peripherals', value: '4K document camera (needs approval)' },
        ]),
      },
    });
  });
});

describe('describing where a ticket stands', () => {
  const base = {
    status: 'pending_ordering' as const,
    statusBeforeHold: null,
    decidedBy: APPROVER,
    denialReason: null,
    decidedAt: new Date('2026-11-17T15:00:00Z'),
    updatedAt: new Date('2026-11-17T15:00:00Z'),
  };

  it('names the decision only while it was the ticket’s last change', () => {
    expect(describeTicketState(base)).toBe(`it is now waiting to be ordered (approved by <@${APPROVER}>)`);
    expect(describeTicketState({ ...base, status: 'pending_customer', denialReason: 'No.' })).toBe(
      `it is now waiting for its customer to finish the wizard (denied by <@${APPROVER}>)`,
    );
    // Denied, then the customer re-walked the wizard straight to ordering: no approval to speak of.
    expect(describeTicketState({ ...base, updatedAt: new Date('2026-11-18T15:00:00Z') })).toBe(
      'it is now waiting to be ordered',
    );
    expect(describeTicketState({ ...base, status: 'on_hold', statusBeforeHold: 'pending_ordering' })).toBe(
      'it is now on hold (it was waiting to be ordered)',
    );
  });
});
