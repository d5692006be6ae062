import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type OpenDatabase, openDatabase } from '../../db/client.js';
import { outbox } from '../../db/schema/outbox.js';
import { enqueueCustomerNotice, enqueueNotice } from '../../src/effects/outbox.js';

const now = new Date('2025-03-03T14:00:00Z');

const dm = {
  channel: 'slack_dm',
  recipient: 'U0ALICE',
  notice: 'invitation',
  payload: { text: 'Your computer refresh is ready to schedule' },
} as const;

const email = {
  channel: 'email',
  recipient: 'alice@example.edu',
  notice: 'invitation',
  payload: {
    template: 'notice',
    subject: 'Your computer refresh',
    data: { title: 'Hello', intro: 'Welcome' },
  },
} as const;

describe('enqueueNotice', () => {
  let database: OpenDatabase;
  beforeEach(() => {
    database = openDatabase(':memory:');
  });
  afterEach(() => database.close());

  const rows = () => database.db.select().from(outbox).all();

  it('writes a pending row due now', () => {
    const id = enqueueNotice(database.db, dm, now);
    expect(id).toBeTypeOf('number');
    expect(rows()).toEqual([
      expect.objectContaining({
        id,
        channel: 'slack_dm',
        recipient: 'U0ALICE',
        notice: 'invitation',
        payload: { text: 'Your computer refresh is ready to schedule' },
        status: 'pending',
        attempts: 0,
        nextAttemptAt: now,
        createdAt: now,
      }),
    ]);
  });

  it('writes nothing when the transaction that causes it rolls back', () => {
    expect(() =>
      database.db.transaction((tx) => {
        enqueueNotice(tx, dm, now);
        enqueueNotice(tx, email, now);
        throw new Error('the change failed');
      }),
    ).toThrow('the change failed');
    expect(rows()).toEqual([]);
  });

  it('is committed with the transaction that causes it', () => {
    database.db.transaction((tx) => {
      enqueueNotice(tx, dm, now);
    });
    expect(rows()).toHaveLength(1);
  });

  it('writes a notice with a used dedupeKey once and returns undefined the second time', () => {
    const first = enqueueNotice(database.db, { ...dm, dedupeKey: 'reminder:7:2025-03-03' }, now);
    const second = enqueueNotice(database.db, { ...dm, dedupeKey: 'reminder:7:2025-03-03' }, now);
    expect(first).toBeTypeOf('number');
    expect(second).toBeUndefined();
    expect(rows()).toHaveLength(1);
    expect(enqueueNotice(database.db, dm, now)).toBeTypeOf('number');
    expect(enqueueNotice(database.db, dm, now)).toBeTypeOf('number');
  });

  it('rejects a notice that could never be delivered, before the transaction commits', () => {
    expect(() => enqueueNotice(database.db, { ...dm, recipient: 'alice' }, now)).toThrow(/Slack user id/);
    expect(() =>
      enqueueNotice(
        database.db,
        { ...email, payload: { ...email.payload, template: 'nope' as 'notice' } },
        now,
      ),
    ).toThrow();
    expect(() =>
      enqueueNotice(
        database.db,
        { ...email, payload: { ...email.payload, data: { intro: 'no title' } } },
        now,
      ),
    ).toThrow(/title/);
    expect(() =>
      enqueueNotice(
        database.db,
        {
          ...email,
          payload: {
            ...email.payload,
            data: { title: 'Hi', intro: '', action: { label: 'Open', url: 'javascript:alert(1)' } },
          },
        },
        now,
      ),
    ).toThrow();
    expect(rows()).toEqual([]);
  });

  it('keeps thread_ts for a channel post', () => {
    const id = enqueueNotice(
      database.db,
      {
        channel: 'slack_channel',
        recipient: 'C0SUPPORT',
        notice: 'support_team_post',
        payload: { text: 'New case', thread_ts: '1700000000.000100' },
        caseId: 12,
      },
      now,
    );
    expect(rows()[0]).toMatchObject({
      id,
      caseId: 12,
      payload: { text: 'New case', thread_ts: '1700000000.000100' },
    });
  });
});

describe('enqueueCustomerNotice', () => {
  let database: OpenDatabase;
  beforeEach(() => {
    database = openDatabase(':memory:');
  });
  afterEach(() => database.close());

  const notice = {
    notice: 'approved',
    text: 'Your refresh was approved',
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Approved' } }],
    subject: 'Your refresh was approved',
    data: { title: 'Approved', intro: 'Your manager approved your refresh.' },
    caseId: 4,
    dedupeKey: 'approved:4',
  } as const;

  it('writes a DM and an e-mail, each deduplicated on its own', () => {
    const ids = database.db.transaction((tx) =>
      enqueueCustomerNotice(tx, { ...notice, slackUserId: 'U0ALICE', email: 'alice@example.edu' }, now),
    );
    expect(ids).toEqual({ slackDm: expect.any(Number), email: expect.any(Number) });
    const rows = database.db.select().from(outbox).all();
    expect(rows.map((r) => [r.channel, r.recipient, r.dedupeKey])).toEqual([
      ['slack_dm', 'U0ALICE', 'approved:4:slack_dm'],
      ['email', 'alice@example.edu', 'approved:4:email'],
    ]);
    expect(rows[1]?.payload).toEqual({ template: 'notice', subject: notice.subject, data: notice.data });

    const again = enqueueCustomerNotice(
      database.db,
      { ...notice, slackUserId: 'U0ALICE', email: 'alice@example.edu' },
      now,
    );
    expect(again).toEqual({ slackDm: undefined, email: undefined });
    expect(database.db.select().from(outbox).all()).toHaveLength(2);
  });

  it('writes only the channels a person can be reached on', () => {
    expect(enqueueCustomerNotice(database.db, { ...notice, email: 'alice@example.edu' }, now)).toEqual({
      email: expect.any(Number),
    });
    expect(enqueueCustomerNotice(database.db, { ...notice, dedupeKey: undefined }, now)).toEqual({});
  });
});
