import { count, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { audits, outbox, refreshTickets } from '../../../db/schema/index.js';
import { applyTransition } from '../../../src/services/refresh/tickets/apply-transition.js';
import { loadTicket } from '../../../src/services/refresh/tickets/load-ticket.js';
import { APPROVER, CUSTOMER, STRANGER } from '../../helpers/factories.js';
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

/** Everything a refusal must leave untouched. */
async function snapshot({ app }: WizardWorld, ticketId: number) {
  const db = app.otto.ctx.db;
  return {
    ticket: (await db.select().from(refreshTickets).where(eq(refreshTickets.id, ticketId)).limit(1))[0],
    audits: (await db.select({ n: count() }).from(audits).limit(1))[0]?.n,
    outbox: (await db.select({ n: count() }).from(outbox).limit(1))[0]?.n,
  };
}

/** Moves a ticket as an approver or manager would, outside the wizard. */
async function move(
  w: WizardWorld,
  ticketId: number,
  event: Parameters<typeof applyTransition>[2],
  set = {},
) {
  const db = w.app.otto.ctx.db;
  await db.transaction(async (tx) =>
    applyTransition(tx, await loadTicket(tx, ticketId), event, {
      actor: APPROVER,
      now: w.app.clock.now(),
      set,
    }),
  );
}

describe('the wizard refuses what it should, and changes nothing', () => {
  let w: WizardWorld;
  afterEach(async () => w?.app.stop());

  it('refuses a stranger who clicks Start on someone’s ticket', async () => {
    w = await startWizardWorld();
    const ticket = await newTicket(w, 'on_prem');
    const before = await snapshot(w, ticket.id);
    await postStartButton(w, STRANGER, { ticketId: ticket.id, status: 'pending_customer' });
    await clickStart(w, STRANGER);
    expect(modalTitle(w, STRANGER)).toBe('Refresh wizard');
    expect(modalText(w, STRANGER)).toContain(
      `Refresh #${ticket.id} is not yours: only its customer can fill in its wizard. Nothing was changed.`,
    );
    expect(topModal(w, STRANGER)?.submit).toBeFalsy();
    expect(await snapshot(w, ticket.id)).toEqual(before);
  });

  it('answers a malformed or unknown Start button without opening a wizard', async () => {
    w = await startWizardWorld();
    await postStartButton(w, CUSTOMER, 'not json');
    await clickStart(w, CUSTOMER);
    expect(modalText(w, CUSTOMER)).toContain('That button is out of date, so nothing was opened.');
    await postStartButton(w, CUSTOMER, { ticketId: 999, status: 'pending_customer' });
    await clickStart(w, CUSTOMER);
    expect(modalText(w, CUSTOMER)).toContain('There is no refresh ticket #999.');
  });

  it('shows a ticket that moved on instead of its wizard', async () => {
    w = await startWizardWorld();
    const ticket = await newTicket(w, 'on_prem', { status: 'pending_ordering' });
    await postStartButton(w, CUSTOMER, { ticketId: ticket.id, status: 'pending_customer' });
    await clickStart(w, CUSTOMER);
    expect(modalText(w, CUSTOMER)).toContain(
      `Refresh #${ticket.id} is now waiting to be ordered, so its wizard is closed.`,
    );
    expect((await ticketOf(w, ticket.id)).wizardState).toBeNull();
  });

  it('has no wizard for no-customer tickets', async () => {
    w = await startWizardWorld();
    const ticket = await newTicket(w, 'no_customer');
    await postStartButton(w, CUSTOMER, { ticketId: ticket.id, status: 'pending_customer' });
    await clickStart(w, CUSTOMER);
    expect(modalText(w, CUSTOMER)).toContain('is a no-customer ticket: it has no wizard to fill in.');
  });

  it('submits once when Submit is pressed twice', async () => {
    w = await startWizardWorld();
    const ticket = await newTicket(w, 'unit_specified_location');
    await postStartButton(w, CUSTOMER, { ticketId: ticket.id, status: 'pending_customer' });
    await clickStart(w, CUSTOMER);
    await next(w, CUSTOMER);
    await next(w, CUSTOMER);
    await next(w, CUSTOMER);
    expect(modalTitle(w, CUSTOMER)).toBe('Refresh · 4 of 4');

    const [first, second] = await Promise.all([
      w.app.driver.submitModal(CUSTOMER),
      w.app.driver.submitModal(CUSTOMER),
    ]);
    // The same view (id and hash) twice is one submission: the second copy gets the first's answer.
    const answers = [first, second].map((r) => JSON.stringify(r.json));
    expect(answers[0]).toContain('goes to ordering now');
    expect(answers[1]).toBe(answers[0]);
    const db = w.app.otto.ctx.db;
    expect(await db.select().from(audits).where(eq(audits.action, 'wizard_submitted'))).toHaveLength(1);
    expect(await db.select().from(outbox).where(eq(outbox.notice, 'submitted'))).toHaveLength(2); // DM + e-mail
    expect((await ticketOf(w, ticket.id)).status).toBe('pending_ordering');
  });

  it('answers a stale page (Next, Back, Submit) with the ticket’s state and saves nothing', async () => {
    w = await startWizardWorld();
    const ticket = await newTicket(w, 'on_prem');
    await postStartButton(w, CUSTOMER, { ticketId: ticket.id, status: 'pending_customer' });
    await clickStart(w, CUSTOMER);
    await next(w, CUSTOMER, { Room: '3121' });
    await move(w, ticket.id, { type: 'hold' });
    const before = await snapshot(w, ticket.id);

    await pressBack(w, CUSTOMER);
    expect(modalText(w, CUSTOMER)).toContain(
      `Refresh #${ticket.id} is now on hold, so its wizard is closed.`,
    );
    expect(await snapshot(w, ticket.id)).toEqual(before);

    // A page left open in another window: Next finds the ticket on hold.
    await move(w, ticket.id, { type: 'resume' });
    await clickStart(w, CUSTOMER);
    await move(w, ticket.id, { type: 'hold' });
    const held = await snapshot(w, ticket.id);
    await next(w, CUSTOMER);
    expect(modalText(w, CUSTOMER)).toContain('is now on hold, so its wizard is closed. Nothing was changed.');
    expect(await snapshot(w, ticket.id)).toEqual(held);
  });

  it('shows the denial in the wizard and lets the customer walk it again', async () => {
    w = await startWizardWorld();
    await configure(w, 'on_prem', { canCustomizeComputer: true, canCustomizePlatform: true });
    const ticket = await newTicket(w, 'on_prem');
    await postStartButton(w, CUSTOMER, { ticketId: ticket.id, status: 'pending_customer' });
    await clickStart(w, CUSTOMER);
    await next(w, CUSTOMER, { Room: '3121' });
    await next(w, CUSTOMER, { Computer: 'Apple MacBook Air 13 (M4) · Mac' });
    await next(w, CUSTOMER);
    await next(w, CUSTOMER);
    expect((await ticketOf(w, ticket.id)).status).toBe('requires_approval');

    const reason = 'Macs are not supported in <your> lab; keep the Latitude.';
    await move(w, ticket.id, { type: 'deny', reason }, { denialReason: reason, decidedBy: APPROVER });
    expect((await ticketOf(w, ticket.id)).status).toBe('pending_customer');

    await postStartButton(w, CUSTOMER, { ticketId: ticket.id, status: 'pending_customer' });
    expect(await clickStart(w, CUSTOMER)).toBe('Refresh · 1 of 4');
    const page = modalText(w, CUSTOMER);
    expect(page).toContain('Your approver sent this back');
    expect(page).toContain('Macs are not supported in &lt;your&gt; lab; keep the Latitude.');
    // The earlier answers are there to change.
    expect(inputValue(w, CUSTOMER, 'Room')).toBe('3121');
    await next(w, CUSTOMER);
    expect(inputValue(w, CUSTOMER, 'Computer')).toBe('Apple MacBook Air 13 (M4) · Mac');
    await next(w, CUSTOMER, { Computer: 'Dell Latitude 7450 · Windows' });
    await next(w, CUSTOMER);
    expect(modalText(w, CUSTOMER)).toContain('goes straight to ordering');
    await next(w, CUSTOMER);

    expect(await ticketOf(w, ticket.id)).toMatchObject({
      status: 'pending_ordering',
      chosenModelId: w.world.models.latitude,
      room: '3121',
      denialReason: null,
    });
    // One confirmation for one changed location, however often the wizard is walked.
    const itsm = await w.app.otto.ctx.db.select().from(outbox).where(eq(outbox.channel, 'itsm'));
    expect(itsm).toHaveLength(1);
  });
});
