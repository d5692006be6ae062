import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { audits, systems } from '../../../db/schema/index.js';
import { importInventory } from '../../../src/services/refresh/inventory/import-inventory.js';
import { ADMIN, MANAGER, makeTicket } from '../../helpers/factories.js';
import { waitFor } from '../../helpers/slack.js';
import { dmMessages, openHome } from '../../services/refresh/approvals/slack-support.js';
import { lookupEvents, statusOf } from '../../services/refresh/lookup/support.js';
import { type BatchWorld, REFRESH_CHANNEL, startBatchWorld, textOf } from './batch-support.js';

describe('a pasted replacement the inventory does not know, with the built-in ITSM', () => {
  let w: BatchWorld;
  beforeEach(async () => {
    w = await startBatchWorld();
  });
  afterEach(async () => w.app.stop());

  const db = () => w.app.otto.ctx.db;
  const serialOf = async (id: number) =>
    (await db().select().from(systems).where(eq(systems.id, id)).limit(1))[0]!.serial;
  const systemBySerial = async (serial: string) =>
    (await db().select().from(systems).where(eq(systems.serial, serial)).limit(1))[0];

  /** `/otto assign` with the lines in the command, as an admin in the refresh channel. */
  async function assign(lines: string, expected: string) {
    await w.app.driver.slashCommand(ADMIN, `assign\n${lines}`, '/otto', REFRESH_CHANNEL);
    await waitFor(() =>
      textOf(w.app.standIn.messages(REFRESH_CHANNEL).at(-1)).includes(expected)
        ? w.app.standIn.messages(REFRESH_CHANNEL).at(-1)
        : undefined,
    );
  }

  it('is a miss until an admin confirms it or a file imports it; only then does the ticket move on', async () => {
    const typo = await makeTicket(db(), w.world, { status: 'pending_ordering' });
    const later = await makeTicket(db(), w.world, { status: 'pending_ordering' });
    await assign(
      `${await serialOf(typo.existingSystemId)} TYPO-123\n${await serialOf(later.existingSystemId)} NEW-456`,
      'Assigned 2 replacements',
    );
    expect(textOf(w.app.standIn.messages(REFRESH_CHANNEL).at(-1))).toContain(
      '2 tickets now waiting for the ITSM to know their replacement (2 replacements not in the inventory yet: their tickets wait under Problems until they are imported or confirmed).',
    );
    expect(await systemBySerial('TYPO-123')).toMatchObject({ status: 'replacement', unconfirmed: true });

    // The lookup does not take the pasted serial's word for it.
    expect(await w.app.otto.scheduler.runJob('replacement-lookup')).toBe('succeeded');
    expect(await statusOf(db(), typo.id)).toBe('pending_itsm_existence');
    expect(await statusOf(db(), later.id)).toBe('pending_itsm_existence');
    expect((await lookupEvents(db(), typo.id)).at(-1)).toMatchObject({
      ok: true,
      detail: {
        found: false,
        serial: 'TYPO-123',
        reason: 'not in the inventory yet: import it, or confirm the serial if it is right',
      },
    });
    const home = await openHome(w.app, ADMIN);
    expect(home).toContain('not in the inventory yet: import it, or confirm the serial if it is right');
    expect(home).toContain('Confirm replacement');
    expect(home).not.toContain('Retry lookup');

    // A manager may not vouch for hardware: nothing changes.
    await openHome(w.app, MANAGER);
    await w.app.driver.clickButton(MANAGER, 'Confirm replacement', { surface: 'home' });
    const refused = await waitFor(() => dmMessages(w.app, MANAGER).at(-1));
    expect(refused.text).toBe('Only refresh admins can confirm replacements.');
    expect(await systemBySerial('TYPO-123')).toMatchObject({ unconfirmed: true });

    // The admin confirms the first one (the Home lists the oldest first): it is found at once.
    const publishes = w.app.standIn.callsTo('views.publish').length;
    await w.app.driver.clickButton(ADMIN, 'Confirm replacement', { surface: 'home' });
    await waitFor(() => w.app.standIn.callsTo('views.publish').length > publishes);
    await waitFor(async () => (await statusOf(db(), typo.id)) === 'pending_schedule_slot_discovery');
    expect(await systemBySerial('TYPO-123')).toMatchObject({ unconfirmed: false });
    const confirmation = await db()
      .select()
      .from(audits)
      .where(and(eq(audits.ticketId, typo.id), eq(audits.action, 'confirmed')));
    expect(confirmation).toHaveLength(1);
    expect(confirmation[0]!.actor).toBe(ADMIN);

    // The other is imported with the next systems file, and the next lookup finds it.
    const imported = await importInventory(w.app.otto.ctx, {
      actor: ADMIN,
      kind: 'systems',
      csv: 'serial,name\nNEW-456,LSA-NEW-456\n',
    });
    expect(imported.ok).toBe(true);
    expect(await systemBySerial('NEW-456')).toMatchObject({ unconfirmed: false, name: 'LSA-NEW-456' });
    w.clock.set(new Date(w.clock.now().getTime() + 61 * 60 * 1000));
    expect(await w.app.otto.scheduler.runJob('replacement-lookup')).toBe('succeeded');
    expect(await statusOf(db(), later.id)).toBe('pending_schedule_slot_discovery');
  });
});
