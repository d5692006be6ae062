import { afterEach, describe, expect, it } from 'vitest';
import type { ManualClock } from '../../../src/clock.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { ADMIN, MANAGER, STRANGER } from '../../helpers/factories.js';
import { inOrder } from '../../helpers/in-order.js';
import { waitFor } from '../../helpers/slack.js';
import { startTdxStandIn, type TdxStandIn } from '../../helpers/tdx-standin.js';
import { dmMessages, openHome, world } from '../../services/refresh/approvals/slack-support.js';
import { lookupEvents, pendingLookup, statusOf } from '../../services/refresh/lookup/support.js';

let app: TestApp | undefined;
let tdx: TdxStandIn | undefined;
afterEach(async () => {
  await app?.stop();
  await tdx?.close();
  app = undefined;
  tdx = undefined;
});

/** The app against a TeamDynamix stand-in that times calls out after 300 ms. */
async function startWithTdx(): Promise<{ app: TestApp; tdx: TdxStandIn }> {
  tdx = await startTdxStandIn();
  app = await startTestApp({
    env: {
      ...tdx.env(),
      TDX_TIMEOUT_MS: '300',
    },
  });
  return { app, tdx };
}

/** Publishes a Home with a Retry lookup button carrying any value, as a forged or stale one would. */
async function publishRetryButton(a: TestApp, user: string, value: string) {
  await fetch(`${a.standIn.apiUrl}views.publish`, {
    method: 'POST',
    headers: { authorization: `Bearer ${a.standIn.botToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      user_id: user,
      view: {
        type: 'home',
        blocks: [
          {
            type: 'actions',
            elements: [
              {
                type: 'button',
                action_id: 'retry_lookup',
                text: { type: 'plain_text', text: 'Retry lookup' },
                value,
              },
            ],
          },
        ],
      },
    }),
  });
}

const minutes = (n: number) => n * 60 * 1000;

describe('the existence lookup through Slack and TeamDynamix', () => {
  it('loses nothing in an ITSM outage during the lookup queue (500s and a timeout), and finds all later', async () => {
    const { app, tdx } = await startWithTdx();
    const w = await world(app);
    const { db } = app.otto.ctx;
    const tickets = await inOrder(
      ['remote_customer', 'on_prem', 'unit_specified_location', 'no_customer', 'on_prem', 'on_prem'] as const,
      async (style) => pendingLookup(db, w, style),
    );
    for (const { serial } of tickets) tdx.addAsset({ SerialNumber: serial, Name: `Asset ${serial}` });
    const assetSearch = /\/assets\/search$/;
    tdx.failNext({ status: 500 }, assetSearch);
    tdx.failNext({ delayMs: 1000 }, assetSearch);
    tdx.failNext({ status: 500 }, assetSearch);

    expect(await app.otto.scheduler.runJob('replacement-lookup')).toBe('succeeded');
    const statuses = await inOrder(tickets, async ({ ticket }) => statusOf(db, ticket.id));
    const failed = tickets.filter((_, i) => statuses[i] === 'pending_itsm_existence');
    expect(failed).toHaveLength(3);
    const errors = await inOrder(failed, async ({ ticket }) => {
      const events = await lookupEvents(db, ticket.id);
      expect(events).toHaveLength(1);
      expect(events[0]?.ok).toBe(false);
      return String(events[0]?.detail?.error);
    });
    expect(errors.filter((e) => e.includes('answered 500'))).toHaveLength(2);
    expect(errors.filter((e) => e.includes('did not answer') && e.includes('300 ms'))).toHaveLength(1);

    // The Problems list says why they wait.
    const home = await openHome(app, ADMIN);
    expect(home).toContain('ITSM unreachable: TeamDynamix answered 500');
    expect(home).toContain('Retry lookup');

    // The next run, five minutes on, finds the ITSM back and every ticket moves on by style.
    (app.clock as ManualClock).advance(minutes(5));
    expect(await app.otto.scheduler.runJob('replacement-lookup')).toBe('succeeded');
    expect(await inOrder(tickets, async ({ ticket }) => statusOf(db, ticket.id))).toEqual([
      'pending_delivery',
      'pending_schedule_slot_discovery',
      'pending_schedule_slot_discovery',
      'delivery_scheduled',
      'pending_schedule_slot_discovery',
      'pending_schedule_slot_discovery',
    ]);
    expect(tdx.callsTo('POST', assetSearch).map((c) => c.status)).toEqual(expect.arrayContaining([500, 200]));
  });

  it('shows a replacement TeamDynamix does not know under Problems, with the reason and a working Retry lookup', async () => {
    const { app, tdx } = await startWithTdx();
    const w = await world(app);
    const { db } = app.otto.ctx;
    const { ticket, serial } = await pendingLookup(db, w, 'remote_customer');
    // A near miss: SerialLike matches part of it, but only the same serial counts.
    tdx.addAsset({ SerialNumber: `${serial}-OLD`, Name: 'Someone else' });

    await app.otto.scheduler.runJob('replacement-lookup');
    expect(await statusOf(db, ticket.id)).toBe('pending_itsm_existence');
    const home = await openHome(app, ADMIN);
    expect(home).toContain('Pending ITSM existence');
    expect(home).toContain(`*#${ticket.id}*`);
    expect(home).toContain('not found in ITSM');

    // Asked again while still missing: the ticket stays and the admin is told why.
    await app.driver.clickButton(ADMIN, 'Retry lookup', { surface: 'home' });
    const stillMissing = await waitFor(() => dmMessages(app, ADMIN).at(-1));
    expect(stillMissing.text).toContain(`replacement ${serial} is still not found in the ITSM`);
    expect(await lookupEvents(db, ticket.id)).toHaveLength(2);

    // Entered in TeamDynamix: the retry finds it at once and the Home no longer lists it.
    tdx.addAsset({ SerialNumber: serial, Name: 'New laptop' });
    const publishes = app.standIn.callsTo('views.publish').length;
    const click = await app.driver.clickButton(ADMIN, 'Retry lookup', { surface: 'home' });
    expect(click.status).toBe(200);
    await waitFor(() => app.standIn.callsTo('views.publish').length > publishes);
    expect(await statusOf(db, ticket.id)).toBe('pending_delivery');
    expect((await lookupEvents(db, ticket.id)).at(-1)).toMatchObject({
      ok: true,
      detail: { found: true, serial },
    });
    expect(JSON.stringify(app.standIn.home(ADMIN)?.blocks)).not.toContain('Retry lookup');

    // The same button again (stale) changes nothing and says where the ticket is now.
    const messages = dmMessages(app, ADMIN).length;
    await publishRetryButton(
      app,
      ADMIN,
      JSON.stringify({ ticketId: ticket.id, status: 'pending_itsm_existence' }),
    );
    await app.driver.clickButton(ADMIN, 'Retry lookup', { surface: 'home' });
    const stale = await waitFor(
      () => dmMessages(app, ADMIN).length > messages && dmMessages(app, ADMIN).at(-1),
    );
    expect(stale ? stale.text : undefined).toContain(
      'is now waiting for delivery, so there is nothing to look up',
    );
    expect(await lookupEvents(db, ticket.id)).toHaveLength(3);
  });

  it('tells a manager when the ITSM cannot be asked, and keeps the ticket waiting', async () => {
    const { app, tdx } = await startWithTdx();
    const w = await world(app);
    const { db } = app.otto.ctx;
    const { ticket } = await pendingLookup(db, w);
    // A refresh manager sees the Problems list too.
    await openHome(app, MANAGER);
    tdx.failNext({ status: 429, resetInMs: 60_000 }, /\/assets\/search$/);

    await app.driver.clickButton(MANAGER, 'Retry lookup', { surface: 'home' });
    const note = await waitFor(() => dmMessages(app, MANAGER).at(-1));
    expect(note.text).toContain(`Refresh #${ticket.id}: the ITSM could not be asked`);
    expect(note.text).toContain('rate limited');
    expect(await statusOf(db, ticket.id)).toBe('pending_itsm_existence');
    await waitFor(() => JSON.stringify(app.standIn.home(MANAGER)?.blocks).includes('ITSM unreachable'));
  });

  it('refuses Retry lookup from someone who is not staff, or with a damaged value, and changes nothing', async () => {
    const { app, tdx } = await startWithTdx();
    const w = await world(app);
    const { db } = app.otto.ctx;
    const { ticket, serial } = await pendingLookup(db, w);
    tdx.addAsset({ SerialNumber: serial, Name: 'New laptop' });

    await publishRetryButton(
      app,
      STRANGER,
      JSON.stringify({ ticketId: ticket.id, status: 'pending_itsm_existence' }),
    );
    await app.driver.clickButton(STRANGER, 'Retry lookup', { surface: 'home' });
    const refused = await waitFor(() => dmMessages(app, STRANGER).at(-1));
    expect(refused.text).toBe('Only refresh managers and admins can retry an ITSM lookup.');

    await publishRetryButton(app, ADMIN, '{"ticketId":"one"}');
    await app.driver.clickButton(ADMIN, 'Retry lookup', { surface: 'home' });
    const damaged = await waitFor(() => dmMessages(app, ADMIN).at(-1));
    expect(damaged.text).toBe('That button is out of date or damaged, so nothing was changed.');

    expect(await statusOf(db, ticket.id)).toBe('pending_itsm_existence');
    expect(await lookupEvents(db, ticket.id)).toEqual([]);
    expect(tdx.callsTo('POST', /\/assets\/search$/)).toEqual([]);
  });
});
