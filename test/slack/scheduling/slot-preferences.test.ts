import { and, asc, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { audits, roles, scheduleSlotPreferences, scheduleSlots } from '../../../db/schema/index.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { grant, MANAGER, STRANGER, seedWorld } from '../../helpers/factories.js';
import { waitFor } from '../../helpers/slack.js';

const TEAM = 'North Campus NIT';
let app: TestApp;
afterEach(async () => app?.stop());

const homeText = (user: string) => JSON.stringify(app.standIn.home(user)?.blocks ?? []);
const modalText = (user: string) => JSON.stringify(app.standIn.topModal(user) ?? null);
const modalTitle = (user: string) => {
  const view = app.standIn.topModal(user);
  return view?.type === 'modal' ? view.title.text : undefined;
};
const rules = async () =>
  app.otto.ctx.db.select().from(scheduleSlotPreferences).orderBy(asc(scheduleSlotPreferences.id));
const state = async () => ({
  rules: await rules(),
  audits: (await app.otto.ctx.db.select().from(audits)).length,
});

async function startAsSlotAdmin() {
  app = await startTestApp();
  await seedWorld(app.otto.ctx.db);
  await grant(app.otto.ctx.db, MANAGER, 'slot_admin', TEAM);
  await app.driver.appHomeOpened(MANAGER);
  await waitFor(() => homeText(MANAGER).includes('Weekly slot rules') || undefined);
}

const mondayWednesday = {
  Weekdays: ['Monday', 'Wednesday'],
  'Start time': '09:00',
  'End time': '10:45',
  'Slot length (minutes)': '30',
  'Capacity (people per slot)': '2',
  'Effective from': '2026-11-16',
};

describe('weekly slot rules on the App Home', () => {
  it('a slot admin adds a rule in a modal; the dropped remainder is shown; the Home lists it', async () => {
    await startAsSlotAdmin();
    expect(homeText(MANAGER)).toContain(`Weekly slot rules · ${TEAM}`);
    expect(homeText(MANAGER)).toContain('No rules yet');

    await app.driver.clickButton(MANAGER, 'Add rule', { surface: 'home' });
    await waitFor(() => modalTitle(MANAGER) === 'Add slot rule' || undefined);
    expect(modalText(MANAGER)).toContain('America/Detroit');
    expect(modalText(MANAGER)).toContain('Saving lays out the slots of the next 35 days at once');
    expect(modalText(MANAGER)).toContain('Customers are offered slots from *Tue 17 Nov* on.');
    // Only Monday and Wednesday: the form starts with Monday to Friday ticked.
    app.driver.fillModal(MANAGER, { Weekdays: [] });
    await app.driver.submitModal(MANAGER, mondayWednesday);

    await waitFor(() => modalTitle(MANAGER) === 'Slot rule saved' || undefined);
    expect(modalText(MANAGER)).toContain('the last *15 minutes* of each day get no slot');
    // What happened, not a promise of a nightly run: the slots are there now, and bookable from the next business day.
    expect(modalText(MANAGER)).not.toContain('nightly');
    expect(modalText(MANAGER)).toContain('The slots of the next 35 days are laid out now');
    expect(modalText(MANAGER)).toContain(
      'Customers are offered them from *Tue 17 Nov* on: Otto leaves 1 business day before a delivery.',
    );
    const laidOut = await app.otto.ctx.db.select().from(scheduleSlots);
    // Today's have started; Mondays and Wednesdays from Wed 18 Nov to Mon 21 Dec, three slots each.
    expect(laidOut).toHaveLength(30);
    expect(laidOut.every((slot) => slot.startsAt > app.clock.now())).toBe(true);
    expect(await rules()).toMatchObject([
      {
        weekdays: [1, 3],
        startTime: '09:00',
        endTime: '10:45',
        slotMinutes: 30,
        capacity: 2,
        effectiveFrom: '2026-11-16',
        effectiveTo: null,
        updatedBy: MANAGER,
      },
    ]);
    await waitFor(() => homeText(MANAGER).includes('Mon, Wed · 09:00–10:45') || undefined);
    expect(homeText(MANAGER)).toContain('30 min × 2 · from 2026-11-16 · last 15 min unused');
  });

  it('answers bad fields and overlapping rules on the form, saving nothing', async () => {
    await startAsSlotAdmin();
    await app.driver.clickButton(MANAGER, 'Add rule', { surface: 'home' });
    await waitFor(() => modalTitle(MANAGER) === 'Add slot rule' || undefined);
    app.driver.fillModal(MANAGER, { Weekdays: [] });
    await app.driver.submitModal(MANAGER, mondayWednesday);
    await waitFor(() => modalTitle(MANAGER) === 'Slot rule saved' || undefined);
    await app.driver.closeModal(MANAGER);
    const before = await state();

    await app.driver.clickButton(MANAGER, 'Add rule', { surface: 'home' });
    await waitFor(() => modalTitle(MANAGER) === 'Add slot rule' || undefined);
    await app.driver.submitModal(MANAGER, { 'Start time': '12:00', 'End time': '11:00' });
    expect(app.driver.lastErrors(MANAGER)).toEqual({ endTime: 'The end must be after the start.' });

    // Wednesday 10:00–12:00 meets the Monday/Wednesday 09:00–10:45 rule.
    await app.driver.submitModal(MANAGER, { 'Start time': '10:00', 'End time': '12:00' });
    expect(app.driver.lastErrors(MANAGER)?.weekdays).toMatch(/^Overlaps another rule of this team: Mon, Wed/);
    expect(await state()).toEqual(before);

    // From 10:45 on it no longer overlaps.
    await app.driver.submitModal(MANAGER, { 'Start time': '10:45', 'End time': '12:00' });
    await waitFor(() => modalTitle(MANAGER) === 'Slot rule saved' || undefined);
    expect(await rules()).toHaveLength(2);
  });

  it('edits and removes a rule through its buttons', async () => {
    await startAsSlotAdmin();
    await app.driver.clickButton(MANAGER, 'Add rule', { surface: 'home' });
    await waitFor(() => modalTitle(MANAGER) === 'Add slot rule' || undefined);
    await app.driver.submitModal(MANAGER, { 'End time': '12:00' });
    await waitFor(() => homeText(MANAGER).includes('Mon, Tue, Wed, Thu, Fri · 09:00–12:00') || undefined);

    await app.driver.clickButton(MANAGER, 'Edit', { surface: 'home' });
    await waitFor(() => modalTitle(MANAGER) === 'Edit slot rule' || undefined);
    await app.driver.submitModal(MANAGER, {
      'Capacity (people per slot)': '3',
      'Effective to': '2026-12-31',
    });
    await waitFor(() => modalTitle(MANAGER) === 'Slot rule saved' || undefined);
    expect(modalText(MANAGER)).toContain('Booked slots keep their bookings');
    expect(await rules()).toMatchObject([{ capacity: 3, effectiveTo: '2026-12-31', endTime: '12:00' }]);
    expect(await rules()).toHaveLength(1);

    await waitFor(() => homeText(MANAGER).includes('60 min × 3') || undefined);
    await app.driver.clickButton(MANAGER, 'Remove', { surface: 'home' });
    await waitFor(() => modalTitle(MANAGER) === 'Remove slot rule' || undefined);
    await app.driver.submitModal(MANAGER);
    await waitFor(() => modalText(MANAGER).includes('Removed from North Campus NIT') || undefined);
    expect(await rules()).toEqual([]);
    await waitFor(() => homeText(MANAGER).includes('No rules yet') || undefined);
    const actions = await app.otto.ctx.db
      .select({ action: audits.action })
      .from(audits)
      .where(eq(audits.entity, 'schedule_slot_preference'));
    expect(actions.map((a) => a.action)).toEqual(['created', 'updated', 'removed']);
  });

  it('refuses people who are not the team’s slot admins, changing nothing', async () => {
    await startAsSlotAdmin();
    // Others see no rules section at all.
    await app.driver.appHomeOpened(STRANGER);
    await waitFor(() => app.standIn.home(STRANGER));
    expect(homeText(STRANGER)).not.toContain('Weekly slot rules');

    await app.driver.clickButton(MANAGER, 'Add rule', { surface: 'home' });
    await waitFor(() => modalTitle(MANAGER) === 'Add slot rule' || undefined);
    // The role is taken away while the form is open: the submission is refused.
    const revoke = async () =>
      app.otto.ctx.db.delete(roles).where(and(eq(roles.slackUserId, MANAGER), eq(roles.role, 'slot_admin')));
    await revoke();
    const before = await state();
    await app.driver.submitModal(MANAGER);
    await waitFor(() => modalTitle(MANAGER) === 'Slot rules' || undefined);
    expect(modalText(MANAGER)).toContain(`Only schedule slot admins of ${TEAM} can change its slot rules.`);
    expect(await state()).toEqual(before);

    // A stale Home button is refused the same way, in a modal.
    await app.driver.closeModal(MANAGER);
    await app.driver.clickButton(MANAGER, 'Add rule', { surface: 'home' });
    await waitFor(() => modalTitle(MANAGER) === 'Slot rules' || undefined);
    expect(modalText(MANAGER)).toContain(`Only schedule slot admins of ${TEAM}`);
    expect(await state()).toEqual(before);
  });
});
