import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderApproverDigest } from '../../../../blocks/refresh/messages/digest.js';
import type { Db } from '../../../../db/client.js';
import { configApprovers } from '../../../../db/schema/index.js';
import type { RefreshStatus } from '../../../../src/domain/refresh/enums.js';
import {
  buildApproverDigests,
  digestStatusOrder,
  isoWeekOf,
} from '../../../../src/services/refresh/digest/index.js';
import { openTestDatabase } from '../../../helpers/database.js';
import { makeTicket, STRANGER, seedWorld, type World } from '../../../helpers/factories.js';
import { validateBlocks } from '../../../helpers/slack.js';
import { at } from '../timers/support.js';

let db: Db;
let close: () => Promise<void>;
let world: World;

beforeEach(async () => {
  ({ db, close } = await openTestDatabase());
  world = await seedWorld(db);
});
afterEach(() => close());

const ticket = async (
  status: RefreshStatus,
  updatedAt: string,
  style: 'on_prem' | 'remote_customer' = 'on_prem',
) => makeTicket(db, world, { status, style, updatedAt: at(updatedAt) });

describe('buildApproverDigests', () => {
  it('groups each approver’s tickets by status, awaiting approval first, longest waiting first', async () => {
    const newest = await ticket('pending_customer', '2026-11-19 09:00');
    const oldest = await ticket('pending_customer', '2026-11-02 09:00');
    const middle = await ticket('pending_customer', '2026-11-10 09:00', 'remote_customer');
    const awaiting = await ticket('requires_approval', '2026-11-18 09:00');
    await ticket('complete', '2026-10-01 09:00');
    await ticket('canceled', '2026-10-01 09:00');

    const [pat, ...others] = await buildApproverDigests({ db }, { ticketsPerStatus: 2 });
    expect(others).toEqual([]);
    expect(pat).toEqual({
      approver: 'U0APPROVE',
      personId: world.people.approver,
      name: 'Pat Approver',
      email: 'pat@example.edu',
      awaiting: 1,
      open: 4,
      groups: [
        {
          status: 'requires_approval',
          count: 1,
          tickets: [
            expect.objectContaining({ id: awaiting.id, customer: 'Casey Customer', config: 'LSA on_prem' }),
          ],
          more: 0,
        },
        {
          status: 'pending_customer',
          count: 3,
          tickets: [
            expect.objectContaining({ id: oldest.id }),
            expect.objectContaining({ id: middle.id, config: 'LSA remote_customer' }),
          ],
          more: 1,
        },
      ],
      closed: { complete: 1, canceled: 1 },
    });
    expect(pat?.groups.flatMap((g) => g.tickets.map((t) => t.id))).not.toContain(newest.id);
  });

  it('leaves out approvers with no open ticket, and tells every approver of a shared config', async () => {
    await ticket('complete', '2026-10-01 09:00');
    expect(await buildApproverDigests({ db })).toEqual([]);

    await db.insert(configApprovers).values({ configId: world.configs.on_prem, slackUserId: STRANGER });
    await ticket('pending_ordering', '2026-11-10 09:00');
    const digests = await buildApproverDigests({ db });
    expect(digests.map((d) => [d.approver, d.email, d.open])).toEqual([
      ['U0APPROVE', 'pat@example.edu', 1],
      // Otto has no people row for this approver: the DM goes, the e-mail cannot.
      [STRANGER, null, 1],
    ]);
    // One approver's digest alone: what the approvals page shows.
    expect((await buildApproverDigests({ db }, { approver: STRANGER })).map((d) => d.approver)).toEqual([
      STRANGER,
    ]);
  });

  it('renders within Block Kit limits with every open status full', () => {
    const view = {
      weekOf: 'Fri 20 Nov',
      awaiting: 40,
      open: 400,
      groups: digestStatusOrder.map((status) => ({
        status,
        count: 40,
        tickets: Array.from({ length: 10 }, (_, i) => ({
          id: i + 1,
          computer: `${'LONG-NAME-'.repeat(20)} (SN${i})`,
          customer: '<Somebody> & *Co*',
          config: 'A config with a name'.repeat(5),
        })),
        more: 30,
      })),
      closed: { complete: 12, canceled: 1 },
    };
    const { blocks } = renderApproverDigest(view);
    expect(blocks.length).toBeLessThanOrEqual(50);
    expect(validateBlocks(blocks, 'message')).toEqual([]);
    // User text is escaped before it enters mrkdwn.
    expect(JSON.stringify(blocks)).toContain('&lt;Somebody&gt; &amp; *Co*');
  });
});

describe('isoWeekOf', () => {
  it('names the week in the organisation’s time zone', () => {
    expect(isoWeekOf(at('2026-11-20 08:00'), 'America/Detroit')).toBe('2026-W47');
    // Late Sunday evening in Detroit is already Monday in UTC: still the old week here.
    expect(isoWeekOf(at('2026-11-22 22:00'), 'America/Detroit')).toBe('2026-W47');
    expect(isoWeekOf(at('2027-01-01 08:00'), 'America/Detroit')).toBe('2026-W53');
  });
});
