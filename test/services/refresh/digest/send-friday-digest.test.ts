import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../../db/client.js';
import { configApprovers, people } from '../../../../db/schema/index.js';
import { ManualClock } from '../../../../src/clock.js';
import type { ServiceContext } from '../../../../src/services/context.js';
import { sendFridayDigest } from '../../../../src/services/refresh/digest/index.js';
import { openTestDatabase } from '../../../helpers/database.js';
import { makeTicket, seedWorld, type World } from '../../../helpers/factories.js';
import { serviceContext } from '../../../helpers/world.js';
import { at, outboxRows } from '../timers/support.js';

let db: Db;
let close: () => Promise<void>;
let ctx: ServiceContext;
let world: World;

beforeEach(async () => {
  ({ db, close } = await openTestDatabase());
  ctx = serviceContext(db, new ManualClock(at('2026-11-20 08:00')));
  world = await seedWorld(db);
});
afterEach(() => close());

describe('sendFridayDigest', () => {
  it('writes every other approver’s digest when one cannot be written', async () => {
    await db.insert(configApprovers).values({ configId: world.configs.on_prem, slackUserId: 'not-a-user' });
    await db.insert(configApprovers).values({ configId: world.configs.on_prem, slackUserId: 'U0BADMAIL' });
    await db.insert(people).values({ email: 'nobody at all', slackUserId: 'U0BADMAIL' });
    await makeTicket(db, world, { status: 'requires_approval' });

    const run = await sendFridayDigest(ctx, at('2026-11-20 08:00'));
    expect(run).toMatchObject({ approvers: 1, emails: 1 });
    expect(run.failed.map((f) => f.approver)).toEqual(['U0BADMAIL', 'not-a-user']);
    // Nothing half-written for the approver whose address was refused.
    expect((await outboxRows(db)).map((r) => r.recipient)).toEqual(['U0APPROVE', 'pat@example.edu']);
  });

  it('sends each approver one digest a week: a second run that week writes only the digest of an approver added since', async () => {
    await makeTicket(db, world, { status: 'requires_approval' });
    expect(await sendFridayDigest(ctx, at('2026-11-20 08:00'))).toEqual({
      approvers: 1,
      emails: 1,
      failed: [],
    });
    const first = await outboxRows(db);

    await db.insert(configApprovers).values({ configId: world.configs.on_prem, slackUserId: 'U0NEWAPPR' });
    expect(await sendFridayDigest(ctx, at('2026-11-20 09:00'))).toEqual({
      approvers: 1,
      emails: 0,
      failed: [],
    });
    const rows = await outboxRows(db);
    expect(rows.slice(0, first.length)).toEqual(first);
    expect(rows.slice(first.length).map((r) => [r.channel, r.recipient])).toEqual([
      ['slack_dm', 'U0NEWAPPR'],
    ]);

    expect(await sendFridayDigest(ctx, at('2026-11-20 10:00'))).toEqual({
      approvers: 0,
      emails: 0,
      failed: [],
    });
    expect(await outboxRows(db)).toEqual(rows);
  });

  it('writes nothing when no approver has an open ticket', async () => {
    await makeTicket(db, world, { status: 'complete' });
    expect(await sendFridayDigest(ctx, at('2026-11-20 08:00'))).toEqual({
      approvers: 0,
      emails: 0,
      failed: [],
    });
    expect(await outboxRows(db)).toEqual([]);
  });
});
