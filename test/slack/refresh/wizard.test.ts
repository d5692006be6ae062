import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import {
  audits,
  events,
  itsmTickets,
  outbox,
  refreshTickets,
  software,
  ticketPeripherals,
  ticketSoftware,
} from '../../../db/schema/index.js';
import { sendDueInvitations } from '../../../src/services/refresh/timers/send-due-invitations.js';
import { CUSTOMER, DELEGATE } from '../../helpers/factories.js';
import { waitFor } from '../../helpers/slack.js';
import {
  clickStart,
  configure,
  inputValue,
  modalText,
  modalTitle,
  newTicket,
  next,
  postStartButton,
  pressBack,
  startWizardWorld,
  ticketOf,
  topModal,
  type WizardWorld,
} from './wizard-support.js';

const address = {
  Recipient: 'Casey Customer',
  'Street address': '500 S State St',
  City: 'Ann Arbor',
  'State or region': 'MI',
  'ZIP or postal code': '48109',
  Country: 'US',
};

describe('the refresh wizard, walked through Slack', () => {
  let w: WizardWorld;
  afterEach(async () => w?.app.stop());

  it('walks a remote ticket from the invitation’s Start to requires_approval, checking the address', async () => {
    w = await startWizardWorld();
    const { app, world } = w;
    const db = app.otto.ctx.db;
    await configure(w, 'remote_customer', {
      canCustomizeComputer: true,
      canCustomizePlatform: true,
      canCustomizePeripherals: true,
      canCustomizeSoftware: true,
    });
    const ticket = await newTicket(w, 'remote_customer');
    await db
      .update(refreshTickets)
      .set({ invitationDueAt: app.clock.now() })
      .where(eq(refreshTickets.id, ticket.id));
    await sendDueInvitations(app.otto.ctx, app.clock.now());
    await app.otto.dispatcher.runOnce();

    expect(await clickStart(w, CUSTOMER)).toBe('Refresh · 1 of 5');
    expect(modalText(w, CUSTOMER)).toContain('shipped to you');
    expect(inputValue(w, CUSTOMER, 'Recipient')).toBe('Casey Customer');

    // A bad ZIP and state are answered in the modal, on their fields; nothing moves.
    await next(w, CUSTOMER, { ...address, 'State or region': 'Michigan', 'ZIP or postal code': '4810' });
    expect(app.driver.lastErrors(CUSTOMER)).toEqual({
      wizard_location_region: 'Use the two-letter state code, e.g. MI.',
      wizard_location_postalCode: 'Use a 5-digit ZIP code or ZIP+4, e.g. 48109 or 48109-1234.',
    });
    expect(modalTitle(w, CUSTOMER)).toBe('Refresh · 1 of 5');
    expect((await ticketOf(w, ticket.id)).status).toBe('pending_customer');

    expect(await next(w, CUSTOMER, address)).toBe('Refresh · 2 of 5');
    expect(inputValue(w, CUSTOMER, 'Computer')).toBe('Dell Latitude 7450 · Windows');
    expect(await next(w, CUSTOMER, { Computer: 'Apple MacBook Air 13 (M4) · Mac' })).toBe('Refresh · 3 of 5');
    expect(inputValue(w, CUSTOMER, 'Peripherals')).toEqual(['Dell 27" monitor']);
    expect(
      await next(w, CUSTOMER, { Peripherals: ['Dell 27" monitor', '4K document camera (needs approval)'] }),
    ).toBe('Refresh · 4 of 5');
    expect(await next(w, CUSTOMER, { 'Software requests': ['Adobe Acrobat Pro (needs approval)'] })).toBe(
      'Refresh · 5 of 5',
    );

    const review = modalText(w, CUSTOMER);
    expect(review).toContain('500 S State St');
    expect(review).toContain('Apple MacBook Air 13 (M4) (Mac)');
    expect(review).toContain('4K document camera');
    expect(review).toContain('your choices go to your approver, because a model other than the proposed one');
    expect(topModal(w, CUSTOMER)?.submit).toMatchObject({ text: 'Submit' });

    await next(w, CUSTOMER);
    expect(modalTitle(w, CUSTOMER)).toBe('Refresh submitted');
    expect(modalText(w, CUSTOMER)).toContain('went to your approver');

    const saved = await ticketOf(w, ticket.id);
    expect(saved).toMatchObject({
      status: 'requires_approval',
      chosenModelId: world.models.macbook,
      differentDeviceRequested: false,
      shippingAddress: {
        recipient: 'Casey Customer',
        line1: '500 S State St',
        city: 'Ann Arbor',
        region: 'MI',
        postalCode: '48109',
        country: 'US',
      },
    });
    const peripheralIds = (
      await db.select().from(ticketPeripherals).where(eq(ticketPeripherals.ticketId, ticket.id))
    ).map((row) => row.peripheralId);
    expect(peripheralIds.sort()).toEqual([world.peripherals.monitor, world.peripherals.camera].sort());
    expect(await db.select().from(ticketSoftware).where(eq(ticketSoftware.ticketId, ticket.id))).toEqual([
      { ticketId: ticket.id, softwareId: world.software.acrobat },
    ]);
    const notices = await db.select().from(outbox).where(eq(outbox.ticketId, ticket.id));
    expect(notices.filter((n) => n.notice === 'approval_requested').map((n) => n.channel)).toContain(
      'slack_dm',
    );
    expect(notices.filter((n) => n.notice === 'submitted').map((n) => n.recipient)).toContain(CUSTOMER);
    const audit = await db.select().from(audits).where(eq(audits.ticketId, ticket.id));
    expect(audit.find((a) => a.action === 'wizard_submitted')).toMatchObject({ actor: CUSTOMER });
    // No events for a shipping address: only on-prem locations are confirmed.
    expect(await db.select().from(events).where(eq(events.ticketId, ticket.id))).toEqual([]);
  });

  it('sends a remote ticket with nothing to approve straight to pending_ordering', async () => {
    w = await startWizardWorld();
    const ticket = await newTicket(w, 'remote_customer');
    await postStartButton(w, CUSTOMER, { ticketId: ticket.id, status: 'pending_customer' });
    expect(await clickStart(w, CUSTOMER)).toBe('Refresh · 1 of 4');
    expect(await next(w, CUSTOMER, address)).toBe('Refresh · 2 of 4');
    expect(modalText(w, CUSTOMER)).toContain('Your new computer will be *Dell Latitude 7450* (Windows)');
    expect(await next(w, CUSTOMER)).toBe('Refresh · 3 of 4');
    expect(modalText(w, CUSTOMER)).toContain('These come with your new computer');
    expect(await next(w, CUSTOMER)).toBe('Refresh · 4 of 4');
    expect(modalText(w, CUSTOMER)).toContain('goes straight to ordering');
    await next(w, CUSTOMER);
    expect(modalText(w, CUSTOMER)).toContain('goes to ordering now');
    expect(await ticketOf(w, ticket.id)).toMatchObject({
      status: 'pending_ordering',
      chosenModelId: w.world.models.latitude,
    });
    // The bundle is written as the ticket's peripherals, for the order manifest.
    expect(
      await w.app.otto.ctx.db
        .select()
        .from(ticketPeripherals)
        .where(eq(ticketPeripherals.ticketId, ticket.id)),
    ).toEqual([{ ticketId: ticket.id, peripheralId: w.world.peripherals.monitor, quantity: 1 }]);
    // The customer's Home shows the new state at once.
    await waitFor(() =>
      JSON.stringify(w.app.standIn.home(CUSTOMER)?.blocks ?? []).includes(
        ':arrow_forward: *Ordering the new computer*',
      ),
    );
  });

  it('keeps what was entered on Back and Next, and resumes where the customer left off', async () => {
    w = await startWizardWorld();
    await configure(w, 'remote_customer', { canCustomizeComputer: true, canRequestDifferentDevice: true });
    const ticket = await newTicket(w, 'remote_customer');
    await postStartButton(w, CUSTOMER, { ticketId: ticket.id, status: 'pending_customer' });
    await clickStart(w, CUSTOMER);
    await next(w, CUSTOMER, { ...address, 'Apartment, suite, unit': 'Apt 4' });
    // The reason is asked, and required, only once "None of these is adequate" is chosen.
    const why = 'Why is none adequate? What is needed?';
    const labels = () =>
      (
        w.app.standIn.topModal(CUSTOMER)!.blocks as unknown as Array<{
          type: string;
          label?: { text: string };
          optional?: boolean;
        }>
      )
        .filter((b) => b.type === 'input')
        .map((b) => [b.label?.text, b.optional]);
    expect(labels()).toEqual([['Computer', undefined]]);
    const page = w.app.standIn.topModal(CUSTOMER)!;
    await w.app.driver.selectOption(CUSTOMER, 'Computer', 'None of these is adequate');
    const shown = await waitFor(() => w.app.standIn.callsTo('views.update').at(-1));
    expect(shown.args).toMatchObject({ view_id: page.id, hash: page.hash });
    expect(labels()).toEqual([
      ['Computer', undefined],
      [why, false],
    ]);
    expect(inputValue(w, CUSTOMER, 'Computer')).toBe('None of these is adequate');
    w.app.driver.fillModal(CUSTOMER, { [why]: 'I need 64 GB of memory.' });

    expect(await pressBack(w, CUSTOMER)).toBe('Refresh · 1 of 4');
    expect(inputValue(w, CUSTOMER, 'Street address')).toBe('500 S State St');
    expect(inputValue(w, CUSTOMER, 'Apartment, suite, unit')).toBe('Apt 4');
    expect(modalText(w, CUSTOMER)).not.toContain('wizard_nav'); // no Back on the first page

    expect(await next(w, CUSTOMER)).toBe('Refresh · 2 of 4');
    expect(inputValue(w, CUSTOMER, 'Computer')).toBe('None of these is adequate');
    expect(inputValue(w, CUSTOMER, why)).toBe('I need 64 GB of memory.');

    // A reason is required with "none is adequate": Slack asks for it, and so would Otto.
    await expect(next(w, CUSTOMER, { [why]: '' })).rejects.toThrow(
      `${why}: Please complete this required field.`,
    );
    expect(await next(w, CUSTOMER, { [why]: 'I need 64 GB.' })).toBe('Refresh · 3 of 4');

    // Closing and coming back later opens the page the customer was on, with their answers.
    await w.app.driver.closeModal(CUSTOMER);
    expect(w.app.standIn.topModal(CUSTOMER)).toBeUndefined();
    expect(await clickStart(w, CUSTOMER)).toBe('Refresh · 3 of 4');
    expect(await pressBack(w, CUSTOMER)).toBe('Refresh · 2 of 4');
    expect(inputValue(w, CUSTOMER, why)).toBe('I need 64 GB.');
    expect((await ticketOf(w, ticket.id)).status).toBe('pending_customer');

    await next(w, CUSTOMER);
    await next(w, CUSTOMER);
    expect(modalText(w, CUSTOMER)).toContain('A different device, because:');
    await next(w, CUSTOMER);
    expect(await ticketOf(w, ticket.id)).toMatchObject({
      status: 'requires_approval',
      chosenModelId: null,
      differentDeviceRequested: true,
      differentDeviceReason: 'I need 64 GB.',
      shippingAddress: expect.objectContaining({ line2: 'Apt 4' }),
    });
  });

  it('asks why the proposed computer will not do only when the customer says so', async () => {
    w = await startWizardWorld();
    await configure(w, 'remote_customer', { canRequestDifferentDevice: true });
    const ticket = await newTicket(w, 'remote_customer');
    await postStartButton(w, CUSTOMER, { ticketId: ticket.id, status: 'pending_customer' });
    await clickStart(w, CUSTOMER);
    await next(w, CUSTOMER, address);
    const question = 'Does this computer work for you?';
    const why = 'Why not? What is needed instead?';
    const labels = () =>
      (
        w.app.standIn.topModal(CUSTOMER)!.blocks as unknown as Array<{
          type: string;
          label?: { text: string };
          optional?: boolean;
        }>
      )
        .filter((b) => b.type === 'input')
        .map((b) => [b.label?.text, b.optional]);
    expect(labels()).toEqual([[question, undefined]]);
    const updates = () => w.app.standIn.callsTo('views.update').length;

    await w.app.driver.selectOption(CUSTOMER, question, 'No, I need a different device');
    await waitFor(() => updates() === 1);
    expect(labels()).toEqual([
      [question, undefined],
      [why, false],
    ]);
    w.app.driver.fillModal(CUSTOMER, { [why]: 'I draw all day' });
    await w.app.driver.selectOption(CUSTOMER, question, 'Yes, it works for me');
    await waitFor(() => updates() === 2);
    expect(labels()).toEqual([[question, undefined]]);
    // Changing their mind back shows what they had written.
    await w.app.driver.selectOption(CUSTOMER, question, 'No, I need a different device');
    await waitFor(() => updates() === 3);
    expect(inputValue(w, CUSTOMER, why)).toBe('I draw all day');
    expect(await next(w, CUSTOMER)).toBe('Refresh · 3 of 4');
    await next(w, CUSTOMER);
    await next(w, CUSTOMER);
    expect(await ticketOf(w, ticket.id)).toMatchObject({
      differentDeviceRequested: true,
      differentDeviceReason: 'I draw all day',
    });
  });

  it('records a changed on-prem location and asks the ITSM to confirm it', async () => {
    w = await startWizardWorld();
    const { app } = w;
    const db = app.otto.ctx.db;
    await configure(w, 'on_prem', { canRequestDifferentDevice: true });
    const ticket = await newTicket(w, 'on_prem');
    await postStartButton(w, CUSTOMER, { ticketId: ticket.id, status: 'pending_customer' });
    expect(await clickStart(w, CUSTOMER)).toBe('Refresh · 1 of 4');
    expect(modalText(w, CUSTOMER)).toContain('in *Angell Hall*, room *3120*');
    expect(inputValue(w, CUSTOMER, 'Building')).toBe('Angell Hall');
    expect(inputValue(w, CUSTOMER, 'Room')).toBe('3120');

    await next(w, CUSTOMER, { Building: '   ', Room: '2400' });
    expect(app.driver.lastErrors(CUSTOMER)).toEqual({
      wizard_location_building: 'Enter the building your computer is in.',
    });
    expect(await next(w, CUSTOMER, { Building: 'Mason Hall', Room: '2400' })).toBe('Refresh · 2 of 4');
    expect(inputValue(w, CUSTOMER, 'Does this computer work for you?')).toBe('Yes, it works for me');
    expect(await next(w, CUSTOMER)).toBe('Refresh · 3 of 4');
    expect(await next(w, CUSTOMER)).toBe('Refresh · 4 of 4');
    expect(modalText(w, CUSTOMER)).toContain('NIT will be asked to confirm it');
    await next(w, CUSTOMER);
    expect(await ticketOf(w, ticket.id)).toMatchObject({
      status: 'pending_ordering',
      building: 'Mason Hall',
      room: '2400',
    });

    const customerEvents = await db.select().from(events).where(eq(events.source, 'customer'));
    expect(customerEvents).toEqual([
      expect.objectContaining({
        ticketId: ticket.id,
        source: 'customer',
        kind: 'changed_location',
        detail: {
          from: { building: 'Angell Hall', room: '3120' },
          to: { building: 'Mason Hall', room: '2400' },
        },
      }),
    ]);
    const request = await db.select().from(outbox).where(eq(outbox.channel, 'itsm'));
    expect(request).toEqual([
      expect.objectContaining({
        ticketId: ticket.id,
        notice: 'itsm_confirm_location',
        payload: expect.objectContaining({ kind: 'confirm_location', requestedBy: CUSTOMER }),
      }),
    ]);
    await app.otto.dispatcher.runOnce();
    expect(await db.select().from(itsmTickets).where(eq(itsmTickets.refreshTicketId, ticket.id))).toEqual([
      expect.objectContaining({
        kind: 'confirm_location',
        title: expect.stringContaining('Confirm the location of SN'),
        body: expect.stringContaining('is in Mason Hall, room 2400'),
      }),
    ]);
  });

  it('leaves the location alone when an on-prem customer confirms it', async () => {
    w = await startWizardWorld();
    const db = w.app.otto.ctx.db;
    const ticket = await newTicket(w, 'on_prem');
    await postStartButton(w, CUSTOMER, { ticketId: ticket.id, status: 'pending_customer' });
    await clickStart(w, CUSTOMER);
    // Case and spacing alone are no change.
    await next(w, CUSTOMER, { Building: 'angell  hall' });
    await next(w, CUSTOMER);
    await next(w, CUSTOMER);
    expect(modalText(w, CUSTOMER)).not.toContain('NIT will be asked');
    await next(w, CUSTOMER);
    expect((await ticketOf(w, ticket.id)).status).toBe('pending_ordering');
    expect(await db.select().from(events)).toEqual([]);
    expect(await db.select().from(outbox).where(eq(outbox.channel, 'itsm'))).toEqual([]);
  });

  it('tells a unit-specified customer where to go and asks nothing about location', async () => {
    w = await startWizardWorld();
    const ticket = await newTicket(w, 'unit_specified_location');
    await postStartButton(w, CUSTOMER, { ticketId: ticket.id, status: 'pending_customer' });
    expect(await clickStart(w, CUSTOMER)).toBe('Refresh · 1 of 4');
    expect(modalText(w, CUSTOMER)).toContain('Your refresh takes place at *Angell Hall 2001 (Tech Bar)*');
    expect(w.app.standIn.topModal(CUSTOMER)?.blocks.some((b) => b.type === 'input')).toBe(false);
    await next(w, CUSTOMER);
    await next(w, CUSTOMER);
    await next(w, CUSTOMER);
    expect(modalText(w, CUSTOMER)).toContain('At Angell Hall 2001 (Tech Bar)');
    await next(w, CUSTOMER);
    expect(await ticketOf(w, ticket.id)).toMatchObject({
      status: 'pending_ordering',
      building: 'Angell Hall',
      room: '3120',
      shippingAddress: null,
    });
    expect(await w.app.otto.ctx.db.select().from(events)).toEqual([]);
  });

  it('lets the delegate walk a VIP’s wizard, and sends the VIP to their delegate', async () => {
    w = await startWizardWorld();
    const db = w.app.otto.ctx.db;
    const ticket = await newTicket(w, 'remote_customer', { delegate: true });
    await postStartButton(w, CUSTOMER, { ticketId: ticket.id, status: 'pending_customer' });
    await clickStart(w, CUSTOMER);
    expect(modalTitle(w, CUSTOMER)).toBe('Refresh wizard');
    expect(modalText(w, CUSTOMER)).toContain('Your delegate handles refresh');

    await postStartButton(w, DELEGATE, { ticketId: ticket.id, status: 'pending_customer' });
    expect(await clickStart(w, DELEGATE)).toBe('Refresh · 1 of 4');
    // The package still goes to the VIP unless the delegate says otherwise.
    expect(inputValue(w, DELEGATE, 'Recipient')).toBe('Casey Customer');
    await next(w, DELEGATE, address);
    await next(w, DELEGATE);
    await next(w, DELEGATE);
    await next(w, DELEGATE);
    expect((await ticketOf(w, ticket.id)).status).toBe('pending_ordering');
    const audit = await db.select().from(audits).where(eq(audits.ticketId, ticket.id));
    expect(audit.find((a) => a.action === 'wizard_submitted')?.actor).toBe(DELEGATE);
    const submitted = await db.select().from(outbox).where(eq(outbox.notice, 'submitted'));
    expect(submitted.map((n) => n.recipient).sort()).toEqual(['dana@example.edu', DELEGATE].sort());
  });

  it('tells a bump-down customer their replacement is chosen and sends the ticket to the ITSM lookup', async () => {
    w = await startWizardWorld();
    await configure(w, 'bump_down', { canCustomizeComputer: true });
    const ticket = await newTicket(w, 'bump_down');
    await postStartButton(w, CUSTOMER, { ticketId: ticket.id, status: 'pending_customer' });
    await clickStart(w, CUSTOMER);
    expect(await next(w, CUSTOMER)).toBe('Refresh · 2 of 4');
    expect(modalText(w, CUSTOMER)).toContain('Your replacement computer has already been chosen for you');
    expect(topModal(w, CUSTOMER)?.blocks.some((b) => b.type === 'input')).toBe(false);
    await next(w, CUSTOMER);
    await next(w, CUSTOMER);
    await next(w, CUSTOMER);
    expect(modalText(w, CUSTOMER)).toContain('is being prepared');
    expect((await ticketOf(w, ticket.id)).status).toBe('pending_itsm_existence');
  });

  it('offers catalogs past 100 items through external selects', async () => {
    w = await startWizardWorld();
    const db = w.app.otto.ctx.db;
    await configure(w, 'on_prem', { canCustomizeSoftware: true });
    await db
      .insert(software)
      .values(
        Array.from({ length: 120 }, (_, i) => ({ name: `Lab tool ${String(i + 1).padStart(3, '0')}` })),
      );
    const ticket = await newTicket(w, 'on_prem');
    await postStartButton(w, CUSTOMER, { ticketId: ticket.id, status: 'pending_customer' });
    await clickStart(w, CUSTOMER);
    await next(w, CUSTOMER);
    await next(w, CUSTOMER);
    expect(await next(w, CUSTOMER)).toBe('Refresh · 4 of 5');
    const options = await w.app.driver.loadOptions(CUSTOMER, 'Software requests', 'tool 11');
    expect(options.map((o) => o.text.text)).toEqual([
      'Lab tool 011',
      ...Array.from({ length: 10 }, (_, i) => `Lab tool ${110 + i}`),
    ]);
    expect(await w.app.driver.loadOptions(CUSTOMER, 'Software requests', '')).toHaveLength(100);
    await w.app.driver.loadOptions(CUSTOMER, 'Software requests', 'tool 117');
    expect(await next(w, CUSTOMER, { 'Software requests': ['Lab tool 117'] })).toBe('Refresh · 5 of 5');
    expect(modalText(w, CUSTOMER)).toContain('Lab tool 117');
    await next(w, CUSTOMER);
    const requested = await db.select().from(ticketSoftware).where(eq(ticketSoftware.ticketId, ticket.id));
    expect(requested).toHaveLength(1);
  });
});
