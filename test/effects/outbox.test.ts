import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type OpenDatabase, openDatabase } from '../../db/client.js';
import { outbox } from '../../db/schema/outbox.js';
import { enqueueCustomerNotice, enqueueNotice } from '../../src/effects/outbox.js';
import { sampleViews } from '../helpers/notices.js';

const now = new Date('2025-03-03T14:00:00Z');

const dm = {
  channel: 'slack_dm',
  recipient: 'U0ALICE',
  kind: 'invitation',
  view: sampleViews.invitation,
} as const;

const email = {
  channel: 'email',
  recipient: 'alice@example.edu',
  kind: 'invitation',
  view: sampleViews.invitation,
} as const;

describe('enqueueNotice', () => {
  let database: OpenDatabase;
  beforeEach(() => {
    database = openDatabase(':memory:');
  });
  afterEach(() => database.close());

  const rows = () => database.db.select().from(outbox).all();

  it('writes a pending row due now, holding the notice’s kind and view', () => {
    const id = enqueueNotice(database.db, dm, now);
    expect(id).toBeTypeOf('number');
    expect(rows()).toEqual([
      expect.objectContaining({
        id,
        channel: 'slack_dm',
        recipient: 'U0ALICE',
        notice: 'invitation',
        payload: sampleViews.invitation,
        payloadForm: 'view',
        status: 'pending',
        attempts: 0,
        nextAttemptAt: now,
        createdAt: now,
      }),
    ]);
  });

  it('stores the view’s moments as ISO strings', () => {
    enqueueNotice(
      database.db,
      {
        channel: 'email',
        recipient: 'dana@example.edu',
        kind: 'booking_confirmation',
        view: sampleViews.booking_confirmation,
      },
      now,
    );
    expect(rows()[0]?.payload).toMatchObject({
      event: { startsAt: '2026-11-23T14:00:00.000Z', bookedAt: '2026-11-17T15:00:00.000Z' },
    });
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
    expect(() => enqueueNotice(database.db, { ...email, recipient: 'alice' }, now)).toThrow();
    expect(() => enqueueNotice(database.db, { ...dm, kind: 'nope' as 'invitation' }, now)).toThrow(
      /no notice of kind nope/,
    );
    // A kind goes only where it can be rendered: the MDM request is an e-mail.
    expect(() =>
      enqueueNotice(
        database.db,
        {
          channel: 'slack_dm',
          recipient: 'U0ALICE',
          kind: 'mac_mdm_request',
          view: sampleViews.mac_mdm_request,
        },
        now,
      ),
    ).toThrow(/not sent by slack_dm/);
    expect(rows()).toEqual([]);
  });

  it('refuses a view its kind’s schema rejects, so the change fails and not the delivery', () => {
    const refused = (view: unknown) => () =>
      database.db.transaction((tx) => {
        enqueueNotice(tx, { ...email, view: view as typeof sampleViews.invitation }, now);
      });
    expect(refused({ ...sampleViews.invitation, deadline: '' })).toThrow(/deadline/);
    expect(refused({ ...sampleViews.invitation, status: 'lost' })).toThrow(/status/);
    const { computer: _computer, ...noComputer } = sampleViews.invitation;
    expect(refused(noComputer)).toThrow(/computer/);
    expect(refused({ ...sampleViews.invitation, openApp: 'javascript:alert(1)' })).toThrow();
    expect(rows()).toEqual([]);
  });
});

describe('enqueueCustomerNotice', () => {
  let database: OpenDatabase;
  beforeEach(() => {
    database = openDatabase(':memory:');
  });
  afterEach(() => database.close());

  const notice = {
    kind: 'approved',
    view: sampleViews.approved,
    caseId: 4,
    dedupeKey: 'approved:4',
  } as const;

  it('writes a DM and an e-mail with the same view, each deduplicated on its own', () => {
    const ids = database.db.transaction((tx) =>
      enqueueCustomerNotice(
        tx,
        { ...notice, to: { slackUserId: 'U0ALICE', email: 'alice@example.edu' } },
        now,
      ),
    );
    expect(ids).toEqual({ slackDm: expect.any(Number), email: expect.any(Number) });
    const rows = database.db.select().from(outbox).all();
    expect(rows.map((r) => [r.channel, r.recipient, r.notice, r.dedupeKey])).toEqual([
      ['slack_dm', 'U0ALICE', 'approved', 'approved:4:slack_dm'],
      ['email', 'alice@example.edu', 'approved', 'approved:4:email'],
    ]);
    expect(rows[0]?.payload).toEqual(sampleViews.approved);
    expect(rows[1]?.payload).toEqual(sampleViews.approved);

    const again = enqueueCustomerNotice(
      database.db,
      { ...notice, to: { slackUserId: 'U0ALICE', email: 'alice@example.edu' } },
      now,
    );
    expect(again).toEqual({ slackDm: undefined, email: undefined });
    expect(database.db.select().from(outbox).all()).toHaveLength(2);
  });

  it('writes only the channels a person can be reached on', () => {
    expect(
      enqueueCustomerNotice(database.db, { ...notice, to: { email: 'alice@example.edu' } }, now),
    ).toEqual({
      email: expect.any(Number),
    });
    expect(enqueueCustomerNotice(database.db, { ...notice, to: {}, dedupeKey: undefined }, now)).toEqual({});
  });

  it('refuses a bad view for both of the pair', () => {
    expect(() =>
      enqueueCustomerNotice(
        database.db,
        {
          ...notice,
          to: { slackUserId: 'U0ALICE', email: 'alice@example.edu' },
          view: { ...notice.view, next: '' },
        },
        now,
      ),
    ).toThrow(/next/);
    expect(database.db.select().from(outbox).all()).toEqual([]);
  });
});
