import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import {
  events,
  itsmTickets,
  models,
  orderGroups,
  people,
  refreshTickets,
  systems,
  ticketPeripherals,
  unitApprovedModels,
} from '../../../db/schema/index.js';
import { ManualClock } from '../../../src/clock.js';
import { approveTicket } from '../../../src/services/refresh/approvals/approve.js';
import { assignSlot } from '../../../src/services/refresh/booking/reschedule.js';
import { onSlotBooked } from '../../../src/services/refresh/delivery/on-slot-booked.js';
import { applyTransition } from '../../../src/services/refresh/tickets/apply-transition.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import {
  ADMIN,
  APPROVER,
  CUSTOMER,
  DELEGATE,
  MANAGER,
  makeSlot,
  makeSystem,
  makeTicket,
  STRANGER,
} from '../../helpers/factories.js';
import { shownBySlack, waitFor } from '../../helpers/slack.js';
import {
  callsAfter,
  dmMessages,
  openHome,
  snapshot,
  world,
} from '../../services/refresh/approvals/slack-support.js';

let app: TestApp;
afterEach(async () => app?.stop());

const ticketRow = async (id: number) =>
  (await app.otto.ctx.db.select().from(refreshTickets).where(eq(refreshTickets.id, id)).limit(1))[0]!;

/** Runs `/otto <text>` and returns the reply: the ack for quick commands, else the response_url post. */
async function otto(user: string, text: string): Promise<{ text: string; blocks?: unknown[] }> {
  const before = app.standIn.responses().length;
  const response = await app.driver.slashCommand(user, text);
  expect(response.status).toBe(200);
  expect(response.elapsedMs).toBeLessThan(3000);
  if (response.json) return response.json as { text: string };
  await waitFor(() => app.standIn.responses().length > before);
  const posted = app.standIn.responses().at(-1)!;
  expect(posted.ok, posted.error).toBe(true);
  return posted.body as { text: string; blocks?: unknown[] };
}

/** The newest message in the user's DM that only they see: what `/otto` answered there. */
const lastEphemeral = (user: string) =>
  app.standIn
    .messages(app.standIn.dmChannelId(user))
    .filter((m) => m.ephemeralFor === user)
    .at(-1);

describe('/otto ticket', () => {
  it('shows a manager the card with its history: audits, notices, e-mails and events', async () => {
    app = await startTestApp();
    const w = await world(app);
    const ticket = await makeTicket(app.otto.ctx.db, w, {
      status: 'requires_approval',
      notes: 'Front desk <b>',
    });
    await approveTicket(app.otto.ctx, { actor: APPROVER, ticketId: ticket.id });
    await app.otto.dispatcher.runOnce();
    await app.otto.ctx.db
      .insert(events)
      .values({ ticketId: ticket.id, source: 'itsm', kind: 'itsm_ticket_created', at: app.clock.now() });

    const reply = await otto(MANAGER, `ticket ${ticket.id}`);
    const card = JSON.stringify(reply.blocks);
    expect(reply.text).toBe(`Refresh #${ticket.id}: pending ordering`);
    expect(card).toContain(`Refresh #${ticket.id} · pending ordering`);
    expect(card).toContain('Casey Customer (<@U0CUSTOMR>)');
    expect(card).toContain('Front desk &lt;b&gt;');
    expect(card).toContain(`*Approved* by <@${APPROVER}>`);
    expect(card).toContain('Pat Approver approved the ticket; it is now waiting to be ordered.');
    expect(card).toContain('Otto sent the news of the approval to Casey Customer in Slack.');
    expect(card).toContain(
      `Otto sent the news of the approval to Casey Customer by e-mail (“Refresh #${ticket.id} was approved”).`,
    );
    expect(card).toContain('The ITSM ticket was opened for the delivery.');
    // A manager's buttons: hold and cancel; no approve, no edit.
    expect(card).toContain('"action_id":"ticket_hold"');
    expect(card).toContain('"action_id":"ticket_cancel"');
    expect(card).not.toContain('"action_id":"ticket_approve"');
    expect(card).not.toContain('"action_id":"ticket_edit"');
  });

  it('finds the ticket by serial, says how to use it, and refuses people who are not staff', async () => {
    app = await startTestApp();
    const w = await world(app);
    const ticket = await makeTicket(app.otto.ctx.db, w);
    const serial = (
      await app.otto.ctx.db
        .select({ serial: systems.serial })
        .from(systems)
        .where(eq(systems.id, ticket.existingSystemId))
        .limit(1)
    )[0]!.serial;
    expect((await otto(ADMIN, `ticket ${serial}`)).text).toBe(`Refresh #${ticket.id}: pending customer`);
    expect(shownBySlack((await otto(ADMIN, 'ticket')).text)).toContain(
      'Usage: `/otto ticket <number|serial>`',
    );
    expect((await otto(ADMIN, 'ticket 999')).text).toBe('There is no refresh ticket #999.');
    expect((await otto(STRANGER, `ticket ${ticket.id}`)).text).toBe(
      'Only refresh managers, refresh admins and the approvers of its config can look at a ticket.',
    );
  });

  it('holds, resumes and cancels from the card’s buttons, re-rendering the card each time', async () => {
    app = await startTestApp();
    const w = await world(app);
    const ticket = await makeTicket(app.otto.ctx.db, w, { status: 'pending_customer' });
    await otto(MANAGER, `ticket ${ticket.id}`);
    const dm = app.standIn.dmChannelId(MANAGER);
    const card = lastEphemeral(MANAGER)!;

    await app.driver.clickButton(MANAGER, 'Put on hold', { surface: 'message', channel: dm });
    await waitFor(() => app.standIn.message(dm, card.ts)?.text.includes('on hold'));
    expect(await ticketRow(ticket.id)).toMatchObject({
      status: 'on_hold',
      statusBeforeHold: 'pending_customer',
    });
    const held = JSON.stringify(app.standIn.message(dm, card.ts)?.blocks);
    expect(held).toContain(
      `Refresh #${ticket.id} put on hold; it is now on hold (it was waiting for its customer to finish the wizard).`,
    );
    expect(held).toContain('"text":"Resume"');

    await app.driver.clickButton(MANAGER, 'Resume', { surface: 'message', channel: dm });
    await waitFor(async () => (await ticketRow(ticket.id)).status === 'pending_customer');
    await waitFor(() => app.standIn.message(dm, card.ts)?.text === `Refresh #${ticket.id}: pending customer`);

    await app.driver.clickButton(MANAGER, 'Cancel ticket', { surface: 'message', channel: dm });
    await waitFor(async () => (await ticketRow(ticket.id)).status === 'canceled');
    await waitFor(() => app.standIn.message(dm, card.ts)?.text === `Refresh #${ticket.id}: canceled`);
    expect(JSON.stringify(app.standIn.message(dm, card.ts)?.blocks)).not.toContain('"action_id":"ticket_');
  });

  it('answers a stale card button with the state it is in now, and changes nothing', async () => {
    app = await startTestApp();
    const w = await world(app);
    const ticket = await makeTicket(app.otto.ctx.db, w, { status: 'pending_customer' });
    await otto(MANAGER, `ticket ${ticket.id}`);
    const dm = app.standIn.dmChannelId(MANAGER);
    const card = lastEphemeral(MANAGER)!;
    // Someone else holds it meanwhile.
    expect((await otto(ADMIN, `hold ${ticket.id}`)).text).toBe(
      `Refresh #${ticket.id} put on hold; it is now on hold (it was waiting for its customer to finish the wizard). \`/otto resume ${ticket.id}\` lifts the hold.`,
    );
    const before = await snapshot(app.otto.ctx.db);
    await app.driver.clickButton(MANAGER, 'Put on hold', { surface: 'message', ts: card.ts, channel: dm });
    await waitFor(() => app.standIn.message(dm, card.ts)?.text.includes('on hold'));
    expect(JSON.stringify(app.standIn.message(dm, card.ts)?.blocks)).toContain(
      `Refresh #${ticket.id} changed since you saw it: it is now on hold (it was waiting for its customer to finish the wizard). Nothing was changed.`,
    );
    expect(await snapshot(app.otto.ctx.db)).toEqual(before);
  });
});

/** Every text a person reads on the card, as Slack shows it. */
function shownTexts(blocks: unknown): string[] {
  const texts: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'text' && typeof value === 'string') {
          // Date tokens and links show their label.
          texts.push(shownBySlack(value.replace(/<(?:!date\^[^|>]*|https?:[^|>]*)\|([^>]*)>/g, '$1')));
        } else walk(value);
      }
    }
  };
  walk(blocks);
  return texts;
}

describe('the staff ticket card reads like a product', () => {
  it('shows the appointment, ITSM ticket, order group and replacement, and its history in sentences', async () => {
    app = await startTestApp({ clock: new ManualClock('2026-11-17T15:00:00Z') });
    const w = await world(app);
    const db = app.otto.ctx.db;
    await db.insert(people).values({ email: 'lee@example.edu', name: 'Lee Manager', slackUserId: MANAGER });
    const [group] = await db
      .insert(orderGroups)
      .values({
        name: 'LSA November',
        status: 'ordered',
        poNumber: 'PO-4471',
        requestItem: 'RITM0012345',
        createdBy: ADMIN,
        createdAt: app.clock.now(),
      })
      .returning();
    const replacement = await makeSystem(db, w, { name: 'LSA-NEW-1', serial: 'NEW0001' });
    const ticket = await makeTicket(db, w, {
      status: 'pending_customer_scheduling',
      replacementSystemId: replacement.id,
      orderGroupId: group!.id,
    });
    // The customer books Tue 8 Dec, 09:00; the ITSM ticket is opened; a manager moves it.
    const first = await makeSlot(db, w, '2026-12-08T14:00:00Z', 2);
    await db.transaction(async (tx) => {
      const booked = await applyTransition(
        tx,
        ticket,
        { type: 'slot_booked' },
        { actor: CUSTOMER, now: app.clock.now(), set: { scheduleSlotId: first.id } },
      );
      await onSlotBooked(tx, app.otto.ctx, booked.ticket, first, app.clock.now());
    });
    await app.otto.dispatcher.runOnce();
    const later = await makeSlot(db, w, '2026-12-10T19:30:00Z', 2);
    (app.clock as ManualClock).set('2026-11-18T15:00:00Z');
    expect(
      (await assignSlot(app.otto.ctx, { actor: MANAGER, ticket: ticket.id, slotId: later.id })).assigned,
    ).toBe(true);
    await app.otto.dispatcher.runOnce();
    const itsmId = (await ticketRow(ticket.id)).itsmTicketId!;
    const posted = app.standIn.messages('C0NORTHNIT').find((m) => m.text.startsWith('ITSM ticket'))!;

    const reply = await otto(MANAGER, `ticket ${ticket.id}`);
    const card = JSON.stringify(reply.blocks);
    const shown = shownTexts(reply.blocks);
    const field = (label: string) => shown.find((t) => t.startsWith(`*${label}*\n`));
    expect(field('Appointment')).toBe('*Appointment*\nThu 10 Dec, 14:30\nwith North Campus NIT');
    expect(field('ITSM ticket')).toBe(`*ITSM ticket*\n#${itsmId}`);
    expect(card).toContain(
      `<https://slack.com/archives/C0NORTHNIT/p${posted.ts.replace('.', '')}|#${itsmId}>`,
    );
    expect(field('Order group')).toBe('*Order group*\nLSA November\nPO PO-4471\nRequest item RITM0012345');
    expect(field('Replacement')).toBe('*Replacement*\nLSA-NEW-1 (NEW0001)');
    const history = shown.slice(shown.indexOf('*History*')).join('\n');
    expect(history).toContain(
      'Casey Customer booked the appointment for Tue 8 Dec, 09:00; it is now scheduled for delivery.',
    );
    expect(history).toContain(
      'Lee Manager moved the appointment from Tue 8 Dec, 09:00 to Thu 10 Dec, 14:30.',
    );
    expect(history).toContain(`ITSM ticket #${itsmId} was opened for the delivery.`);
    expect(history).toContain(`Otto closed the prestage task on ITSM ticket #${itsmId}.`);
    expect(history).toContain(`ITSM ticket #${itsmId} was updated with a note and new task dates.`);
    expect(history).toContain('Otto posted the delivery booking in North Campus NIT’s channel.');
    expect(history).toContain(
      `Otto sent the new appointment time to Casey Customer by e-mail (“Refresh #${ticket.id} is now Thu 10 Dec, 14:30”).`,
    );
    for (const raw of [
      'scheduleSlotId',
      '→',
      '{"',
      'C0NORTHNIT',
      'delivery scheduled',
      '_id',
      'slot_assigned',
    ]) {
      expect(history, raw).not.toContain(raw);
    }
  });

  it('shows the peripherals the customer will get: the config’s bundle before the wizard, and a tracking number', async () => {
    app = await startTestApp();
    const w = await world(app);
    const ticket = await makeTicket(app.otto.ctx.db, w, { status: 'pending_customer' });
    const before = shownTexts((await otto(MANAGER, `ticket ${ticket.id}`)).blocks);
    expect(before.find((t) => t.startsWith('*Peripherals*'))).toBe(
      '*Peripherals*\nDell 27" monitor\n_The config’s bundle, until the customer walks the wizard_',
    );
    expect(before.find((t) => t.startsWith('*Appointment*'))).toBe('*Appointment*\nNone booked');

    const replacement = await makeSystem(app.otto.ctx.db, w, { name: 'LSA-NEW-2', serial: 'NEW0002' });
    const shipped = await makeTicket(app.otto.ctx.db, w, {
      style: 'remote_customer',
      status: 'pending_delivery',
      replacementSystemId: replacement.id,
      trackingNumber: '1Z999AA10123456784',
    });
    await app.otto.ctx.db
      .insert(ticketPeripherals)
      .values({ ticketId: shipped.id, peripheralId: w.peripherals.keyboard });
    const after = shownTexts((await otto(MANAGER, `ticket ${shipped.id}`)).blocks);
    expect(after.find((t) => t.startsWith('*Replacement*'))).toBe(
      '*Replacement*\nLSA-NEW-2 (NEW0002)\nTracking number 1Z999AA10123456784',
    );
    expect(after.find((t) => t.startsWith('*Peripherals*'))).toBe('*Peripherals*\nKeyboard and mouse');
  });
});

describe('/otto hold, resume, cancel and problems', () => {
  it('refuses people who are not managers, naming the ticket’s state', async () => {
    app = await startTestApp();
    const w = await world(app);
    const ticket = await makeTicket(app.otto.ctx.db, w, { status: 'pending_ordering' });
    const before = await snapshot(app.otto.ctx.db);
    for (const verb of ['hold', 'resume', 'cancel']) {
      expect((await otto(APPROVER, `${verb} ${ticket.id}`)).text).toContain(
        `nothing was changed (refresh #${ticket.id}: it is now waiting to be ordered).`,
      );
    }
    expect((await otto(MANAGER, `resume ${ticket.id}`)).text).toBe(
      `Ticket #${ticket.id}: This ticket is waiting to be ordered; that can only be done when it is on hold.`,
    );
    expect(shownBySlack((await otto(MANAGER, 'cancel')).text)).toBe(
      'Usage: `/otto cancel <number|serial>`, e.g. `/otto cancel 12`.',
    );
    expect(await snapshot(app.otto.ctx.db)).toEqual(before);
  });

  it('lists problems for managers with View buttons, and lists the new commands in help', async () => {
    app = await startTestApp();
    const w = await world(app);
    await makeTicket(app.otto.ctx.db, w, { status: 'pending_location_info' });
    await makeTicket(app.otto.ctx.db, w, { status: 'pending_itsm_existence' });
    const reply = await otto(MANAGER, 'problems');
    expect(reply.text).toBe(
      'Problems: 1 pending location info, 1 pending itsm existence, 0 ITSM ticket cancelled',
    );
    expect(JSON.stringify(reply.blocks).match(/"action_id":"ticket_view"/g)).toHaveLength(2);
    expect((await otto(APPROVER, 'problems')).text).toBe(
      'Only refresh managers and admins can list problem tickets.',
    );
    const help = shownBySlack((await otto(MANAGER, 'help')).text);
    // Someone with no role is shown none of them.
    expect(shownBySlack((await otto(STRANGER, 'help')).text)).not.toContain('problems');
    for (const usage of [
      'ticket <number|serial>',
      'problems',
      'hold <number|serial>',
      'resume <number|serial>',
      'cancel <number|serial>',
    ]) {
      expect(help).toContain(`\`/otto ${usage}\``);
    }
  });
});

describe('staff forms on the card', () => {
  it('a manager fills the location of a Problems ticket from the Home: errors on the field, then ordering', async () => {
    app = await startTestApp();
    const w = await world(app);
    const ticket = await makeTicket(app.otto.ctx.db, w, {
      status: 'pending_location_info',
      building: null,
      room: null,
    });
    const home = await openHome(app, MANAGER);
    expect(home).toContain('*Pending location info: fill the location form*');
    expect(home).toContain(`*#${ticket.id}* · LSA-PC-`);

    await app.driver.clickButton(MANAGER, 'View', { surface: 'home' });
    await waitFor(() => app.standIn.topModal(MANAGER));
    await app.driver.clickButton(MANAGER, 'Fill location', { surface: 'modal' });
    await waitFor(() => app.standIn.modalStack(MANAGER).length === 2);
    // The inventory's location is offered.
    const form = JSON.stringify(app.standIn.topModal(MANAGER)?.blocks);
    expect(form).toContain('"initial_value":"Angell Hall"');

    const before = await snapshot(app.otto.ctx.db);
    await app.driver.submitModal(MANAGER, { Building: '   ', Room: '3120' });
    expect(app.driver.lastErrors(MANAGER)).toEqual({ building: 'Enter the building.' });
    expect(await snapshot(app.otto.ctx.db)).toEqual(before);

    const published = app.standIn.callsTo('views.publish').length;
    await app.driver.submitModal(MANAGER, { Building: 'Mason Hall', Room: '1401' });
    await waitFor(async () => (await ticketRow(ticket.id)).status === 'pending_ordering');
    expect(await ticketRow(ticket.id)).toMatchObject({ building: 'Mason Hall', room: '1401' });
    await waitFor(() => JSON.stringify(app.standIn.topModal(MANAGER)?.blocks).includes('pending ordering'));
    expect(JSON.stringify(app.standIn.topModal(MANAGER)?.blocks)).toContain(
      `Location saved for refresh #${ticket.id}; it is now waiting to be ordered.`,
    );
    await callsAfter(app, 'views.publish', published);
    expect(JSON.stringify(app.standIn.home(MANAGER)?.blocks)).toContain('*Pending location info*\\n0');
  });

  it('searches the models of the edit form when there are more than a select holds, and saves the pick', async () => {
    app = await startTestApp();
    const w = await world(app);
    const db = app.otto.ctx.db;
    const many = await db
      .insert(models)
      .values(
        Array.from({ length: 150 }, (_, i) => ({
          manufacturer: 'Acme',
          name: `Model ${String(i + 1).padStart(3, '0')}`,
          platform: 'windows' as const,
        })),
      )
      .returning({ id: models.id });
    await db.insert(unitApprovedModels).values(many.map((m) => ({ unitId: w.unitId, modelId: m.id })));
    const ticket = await makeTicket(db, w, { status: 'requires_approval' });
    await otto(APPROVER, `ticket ${ticket.id}`);
    await app.driver.clickButton(APPROVER, 'Edit', {
      surface: 'message',
      channel: app.standIn.dmChannelId(APPROVER),
    });
    const form = await waitFor(() => app.standIn.topModal(APPROVER));
    expect(app.standIn.callsTo('views.open').at(-1)?.ok).toBe(true);
    const select = (blockId: string) =>
      (form.blocks as Array<{ block_id?: string; element?: Record<string, unknown> }>).find(
        (b) => b.block_id === blockId,
      )?.element;
    expect(select('proposed_model')).toMatchObject({
      type: 'external_select',
      initial_option: { text: { text: 'Dell Latitude 7450 (windows)' } },
    });
    expect(select('chosen_model')).toMatchObject({ type: 'external_select' });

    const shown = await app.driver.loadOptions(APPROVER, 'Chosen model', '');
    expect(shown).toHaveLength(100);
    expect(shown[0]?.text.text).toBe('No chosen model: the proposed one');
    expect(
      (await app.driver.loadOptions(APPROVER, 'Chosen model', 'model 149')).map((o) => o.text.text),
    ).toEqual(['Acme Model 149 (windows)']);
    // Only models the ticket may get: one of the catalog the unit has not approved is not offered.
    await db.insert(models).values({ manufacturer: 'Zeta', name: 'Unapproved 1', platform: 'mac' });
    expect(await app.driver.loadOptions(APPROVER, 'Proposed model', 'zeta')).toEqual([]);
    // Someone who may not edit the ticket sees no models.
    const blockSuggestion = {
      type: 'block_suggestion',
      action_id: 'ticket_edit_chosen_model_options',
      block_id: 'chosen_model',
      value: 'model',
      view: form,
      user: { id: STRANGER, name: 'sam', team_id: app.standIn.teamId },
      team: { id: app.standIn.teamId, domain: app.standIn.teamDomain },
      api_app_id: app.standIn.appId,
      token: app.standIn.verificationToken,
    };
    const body = new URLSearchParams({ payload: JSON.stringify(blockSuggestion) }).toString();
    const refused = await app.driver.post(body, 'application/x-www-form-urlencoded', app.driver.sign(body));
    expect(refused.json).toEqual({ options: [] });

    await app.driver.submitModal(APPROVER, { 'Chosen model': 'Acme Model 149 (windows)' });
    await waitFor(async () => (await ticketRow(ticket.id)).chosenModelId === many[148]!.id);
    expect(await ticketRow(ticket.id)).toMatchObject({ proposedModelId: w.models.latitude });
  });

  it('an approver edits the ticket before ordering, then can only file a change request to the ITSM', async () => {
    app = await startTestApp();
    const w = await world(app);
    const ticket = await makeTicket(app.otto.ctx.db, w, { status: 'requires_approval' });
    await otto(APPROVER, `ticket ${ticket.id}`);
    const dm = app.standIn.dmChannelId(APPROVER);
    const card = lastEphemeral(APPROVER)!;
    expect(JSON.stringify(card.blocks)).not.toContain('"text":"Change request"');

    await app.driver.clickButton(APPROVER, 'Edit', { surface: 'message', channel: dm });
    await waitFor(() => app.standIn.topModal(APPROVER));
    await app.driver.submitModal(APPROVER, {
      Delegate: DELEGATE,
      'Chosen model': 'Dell OptiPlex 7020 (windows)',
      Peripherals: ['Keyboard and mouse'],
      Notes: 'Needs a long cable.',
    });
    await waitFor(async () => (await ticketRow(ticket.id)).notes === 'Needs a long cable.');
    expect(await ticketRow(ticket.id)).toMatchObject({
      delegateId: w.people.delegate,
      chosenModelId: w.models.optiplex,
      status: 'requires_approval',
    });
    expect(
      await app.otto.ctx.db.select().from(ticketPeripherals).where(eq(ticketPeripherals.ticketId, ticket.id)),
    ).toEqual([{ ticketId: ticket.id, peripheralId: w.peripherals.keyboard, quantity: 1 }]);
    await waitFor(() =>
      JSON.stringify(app.standIn.message(dm, card.ts)?.blocks).includes(
        `Saved refresh #${ticket.id}: delegate, chosen model, notes, peripherals.`,
      ),
    );

    // Approved: no more editing, a change request instead.
    await app.driver.clickButton(APPROVER, 'Approve', { surface: 'message', channel: dm });
    await waitFor(async () => (await ticketRow(ticket.id)).status === 'pending_ordering');
    await waitFor(() =>
      JSON.stringify(app.standIn.message(dm, card.ts)?.blocks).includes('"text":"Change request"'),
    );
    expect(JSON.stringify(app.standIn.message(dm, card.ts)?.blocks)).not.toContain('"text":"Edit"');

    await app.driver.clickButton(APPROVER, 'Change request', { surface: 'message', channel: dm });
    await waitFor(() => app.standIn.topModal(APPROVER)?.callback_id === 'ticket_change_request_form');
    await app.driver.submitModal(APPROVER, { 'What should change?': 'Add a second monitor.' });
    await waitFor(() =>
      JSON.stringify(app.standIn.message(dm, card.ts)?.blocks).includes('Change request filed'),
    );
    await app.otto.dispatcher.runOnce();
    expect(await app.otto.ctx.db.select().from(itsmTickets)).toEqual([
      expect.objectContaining({ kind: 'change_request', refreshTicketId: ticket.id, requestedBy: APPROVER }),
    ]);
    const history = JSON.stringify((await otto(APPROVER, `ticket ${ticket.id}`)).blocks);
    const [changeTicket] = await app.otto.ctx.db.select().from(itsmTickets);
    const itsmId = changeTicket!.id;
    // The support team reads who asked and where the ticket stands in words, not ids or labels.
    expect(changeTicket!.body).toContain(
      `Refresh #${ticket.id} is waiting to be ordered; config “LSA on_prem”.`,
    );
    expect(changeTicket!.body).toContain('Requested by Pat Approver (pat@example.edu) in Slack.');
    expect(history).toContain('Pat Approver filed a change request: “Add a second monitor.”');
    expect(history).not.toContain('”.');
    expect(history).toContain(
      'Pat Approver edited the ticket: made Dana Delegate the delegate; set the chosen model to Dell OptiPlex 7020; set the notes to “Needs a long cable.”; set the peripherals to Keyboard and mouse.',
    );
    expect(history).toContain(`ITSM ticket #${itsmId} was opened for the change request.`);
  });

  it('answers the edit form in time when Slack is slow to say who the new delegate is, and changes nothing', async () => {
    app = await startTestApp();
    const w = await world(app);
    const ticket = await makeTicket(app.otto.ctx.db, w, { status: 'requires_approval' });
    await otto(APPROVER, `ticket ${ticket.id}`);
    const dm = app.standIn.dmChannelId(APPROVER);
    await app.driver.clickButton(APPROVER, 'Edit', { surface: 'message', channel: dm });
    await waitFor(() => app.standIn.topModal(APPROVER));

    // Bolt's client would wait out the rate limit, past Slack's 3 seconds.
    app.standIn.rateLimitNext('users.info', 1, 4);
    const before = await snapshot(app.otto.ctx.db);
    const response = await app.driver.submitModal(APPROVER, { Delegate: DELEGATE });
    expect(response.status).toBe(200);
    expect(response.elapsedMs).toBeLessThan(3000);
    expect(app.driver.lastErrors(APPROVER)).toEqual({
      delegate: 'Otto could not look this person up in Slack; try again, or pick someone else.',
    });
    expect(await snapshot(app.otto.ctx.db)).toEqual(before);
  });

  it('refuses a stranger’s forged Edit button without opening a form', async () => {
    app = await startTestApp();
    const w = await world(app);
    const ticket = await makeTicket(app.otto.ctx.db, w, { status: 'requires_approval' });
    await fetch(`${app.standIn.apiUrl}views.publish`, {
      method: 'POST',
      headers: { authorization: `Bearer ${app.standIn.botToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        user_id: STRANGER,
        view: {
          type: 'home',
          blocks: [
            {
              type: 'actions',
              elements: [
                {
                  type: 'button',
                  action_id: 'ticket_edit',
                  text: { type: 'plain_text', text: 'Edit' },
                  value: JSON.stringify({ ticketId: ticket.id, status: 'requires_approval' }),
                },
              ],
            },
          ],
        },
      }),
    });
    await app.driver.clickButton(STRANGER, 'Edit', { surface: 'home' });
    const note = await waitFor(() => dmMessages(app, STRANGER).at(-1));
    expect(note.text).toContain(
      `Only the approvers of its config and refresh admins can edit refresh #${ticket.id}`,
    );
    expect(app.standIn.topModal(STRANGER)).toBeUndefined();
  });
});
