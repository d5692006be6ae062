import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '../../db/client.js';
import { enqueueCustomerNotice, noticeWriter } from '../../src/effects/outbox.js';
import { sampleViews } from '../helpers/notices.js';
import { outboxRows } from '../services/refresh/timers/support.js';

let db: Db;
let close: () => void;
beforeEach(() => {
  ({ db, close } = openDatabase(':memory:'));
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
  it('writes the rows enqueueCustomerNotice writes, and nothing for a dedupe key used before', () => {
    const slow = db.transaction((tx) => enqueueCustomerNotice(tx, pair('a'), now));
    const fast = db.transaction(() => noticeWriter(db).customerNotice(pair('b'), now));
    const rows = outboxRows(db).map(({ id: _id, dedupeKey, ...row }) => ({
      ...row,
      key: dedupeKey?.slice(1),
    }));
    expect(rows.slice(2)).toEqual(rows.slice(0, 2));
    expect(fast).toEqual({ slackDm: (slow.email ?? 0) + 1, email: (slow.email ?? 0) + 2 });

    expect(noticeWriter(db).customerNotice(pair('a'), now)).toEqual({ slackDm: undefined, email: undefined });
    expect(outboxRows(db)).toHaveLength(4);
  });

  it('refuses what enqueueNotice refuses, and the caller’s transaction keeps neither of the pair', () => {
    expect(() =>
      noticeWriter(db).customerNotice(
        { ...pair('c'), to: { email: 'not an address', slackUserId: null } },
        now,
      ),
    ).toThrow();
    expect(() =>
      db.transaction(() =>
        noticeWriter(db).customerNotice({ ...pair('d'), view: { ...sampleViews.invitation, asks: '' } }, now),
      ),
    ).toThrow();
    expect(outboxRows(db)).toEqual([]);
  });

  it('rolls back with the caller’s transaction', () => {
    expect(() =>
      db.transaction(() => {
        noticeWriter(db).customerNotice(pair('e'), now);
        throw new Error('the change that caused it failed');
      }),
    ).toThrow('the change that caused it failed');
    expect(outboxRows(db)).toEqual([]);
  });
});
