import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client.js';
import { enqueueCustomerNotice, noticeWriter } from '../../src/effects/outbox.js';
import { openTestDatabase } from '../helpers/database.js';
import { sampleViews } from '../helpers/notices.js';
import { outboxRows } from '../services/refresh/timers/support.js';

let db: Db;
let close: () => Promise<void>;
beforeEach(async () => {
  ({ db, close } = await openTestDatabase());
});
afterEach(() => close());

const now = new Date('2026-11-17T15:05:00Z');
const pair = (dedupeKey: string) => ({
  to: { slackUserId: 'U0CUSTOMR', email: 'casey@example.edu' },
  kind: 'invitation' as const,
  view: sampleViews.invitation,
  dedupeKey,
});

describe('noticeWriter', () => {
  it('writes the rows enqueueCustomerNotice writes, and nothing for a dedupe key used before', async () => {
    const slow = await db.transaction(async (tx) => enqueueCustomerNotice(tx, pair('a'), now));
    const fast = await db.transaction(async (tx) => noticeWriter(tx).customerNotice(pair('b'), now));
    const rows = (await outboxRows(db)).map(({ id: _id, dedupeKey, ...row }) => ({
      ...row,
      key: dedupeKey?.slice(1),
    }));
    expect(rows.slice(2)).toEqual(rows.slice(0, 2));
    expect(fast).toEqual({ slackDm: (slow.email ?? 0) + 1, email: (slow.email ?? 0) + 2 });

    expect(await noticeWriter(db).customerNotice(pair('a'), now)).toEqual({
      slackDm: undefined,
      email: undefined,
    });
    expect(await outboxRows(db)).toHaveLength(4);
  });

  it('refuses what enqueueNotice refuses, and the caller’s transaction keeps neither of the pair', async () => {
    await expect(async () =>
      noticeWriter(db).customerNotice(
        { ...pair('c'), to: { email: 'not an address', slackUserId: null } },
        now,
      ),
    ).rejects.toThrow();
    await expect(async () =>
      db.transaction(async (tx) =>
        noticeWriter(tx).customerNotice({ ...pair('d'), view: { ...sampleViews.invitation, asks: '' } }, now),
      ),
    ).rejects.toThrow();
    expect(await outboxRows(db)).toEqual([]);
  });

  it('rolls back with the caller’s transaction', async () => {
    await expect(async () =>
      db.transaction(async (tx) => {
        await noticeWriter(tx).customerNotice(pair('e'), now);
        throw new Error('the change that caused it failed');
      }),
    ).rejects.toThrow('the change that caused it failed');
    expect(await outboxRows(db)).toEqual([]);
  });
});
