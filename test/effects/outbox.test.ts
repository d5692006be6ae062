import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OpenDatabase } from '../../db/client.js';
import { outbox } from '../../db/schema/index.js';
import { enqueueCustomerNotice, enqueueNotice } from '../../src/effects/outbox.js';
import { openTestDatabase } from '../helpers/database.js';
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
  beforeEach(async () => {
    database = await openTestDatabase();
  });
  afterEach(async () => database.close());

  const rows = async () => database.db.select().from(outbox);

  it('writes a pending row due now, holding the notice’s kind and view', async () => {
    const id = await enqueueNotice(database.db, dm, now);
    expect(id).toBeTypeOf('number');
    expect(await rows()).toEqual([
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

  it('stores the view’s moments as ISO strings', async () => {
    await enqueueNotice(
      database.db,
      {
        channel: 'email',
        recipient: 'dana@example.edu',
        kind: 'booking_confirmation',
        view: sampleViews.booking_confirmation,
      },
      now,
    );
    expect((await rows())[0]?.payload).toMatchObject({
      event: { startsAt: '2026-11-23T14:00:00.000Z', bookedAt: '2026-11-17T15:00:00.000Z' },
    });
  });

  it('writes nothing when the transaction that causes it rolls back', async () => {
    await expect(async () =>
      database.db.transaction(async (tx) => {
        await enqueueNotice(tx, dm, now);
        await enqueueNotice(tx, email, now);
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await rows()).toEqual([]);
  });

  it('is committed with the transaction that causes it', async () => {
    await database.db.transaction(async (tx) => {
      await enqueueNotice(tx, dm, now);
    });
    expect(await rows()).toHaveLength(1);
  });

  it('writes a notice with a used dedupeKey once and returns undefined the second time', async () => {
    const first = await enqueueNotice(database.db, { ...dm, dedupeKey: 'reminder:7:2025-03-03' }, now);
    const second = await enqueueNotice(database.db, { ...dm, dedupeKey: 'reminder:7:2025-03-03' }, now);
    expect(first).toBeTypeOf('number');
    expect(second).toBeUndefined();
    expect(await rows()).toHaveLength(1);
    expect(await enqueueNotice(database.db, dm, now)).toBeTypeOf('number');
    expect(await enqueueNotice(database.db, dm, now)).toBeTypeOf('number');
  });

  it('rejects a notice that could never be delivered, before the transaction commits', async () => {
    await expect(async () => enqueueNotice(database.db, { ...dm, recipient: 'alice' }, now)).rejects.toThrow(
      /Slack user id/,
    );
    await expect(async () =>
      enqueueNotice(database.db, { ...email, recipient: 'alice' }, now),
    ).rejects.toThrow();
    await expect(async () =>
      enqueueNotice(database.db, { ...dm, kind: 'nope' as 'invitation' }, now),
    ).rejects.toThrow(/no notice of kind nope/);
    // A kind goes only where it can be rendered: the MDM request is an e-mail.
    await expect(async () =>
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
    ).rejects.toThrow(/not sent by slack_dm/);
    expect(await rows()).toEqual([]);
  });

  it('refuses a view its kind’s schema rejects, so the change fails and not the delivery', async () => {
    const refused = (view: unknown) =>
      database.db.transaction(async (tx) => {
        await enqueueNotice(tx, { ...email, view: view as typeof sampleViews.invitation }, now);
      });
    await expect(refused({ ...sampleViews.invitation, deadline: '' })).rejects.toThrow(/deadline/);
    await expect(refused({ ...sampleViews.invitation, status: 'lost' })).rejects.toThrow(/status/);
    const { computer: _computer, ...noComputer } = sampleViews.invitation;
    await expect(refused(noComputer)).rejects.toThrow(/computer/);
    await expect(refused({ ...sampleViews.invitation, openApp: 'javascript:alert(1)' })).rejects.toThrow();
    expect(await rows()).toEqual([]);
  });
});

describe('enqueueCustomerNotice', () => {
  let database: OpenDatabase;
  beforeEach(async () => {
    database = await openTestDatabase();
  });
  afterEach(async () => database.close());

  const notice = {
    kind: 'approved',
    view: sampleViews.approved,
    caseId: 4,
    dedupeKey: 'approved:4',
  } as const;

  it('writes a DM and an e-mail with the same view, each deduplicated on its own', async () => {
    const ids = await database.db.transaction(async (tx) =>
      enqueueCustomerNotice(
        tx,
        { ...notice, to: { slackUserId: 'U0ALICE', email: 'alice@example.edu' } },
        now,
      ),
    );
    expect(ids).toEqual({ slackDm: expect.any(Number), email: expect.any(Number) });
    const rows = await database.db.select().from(outbox);
    expect(rows.map((r) => [r.channel, r.recipient, r.notice, r.dedupeKey])).toEqual([
      ['slack_dm', 'U0ALICE', 'approved', 'approved:4:slack_dm'],
      ['email', 'alice@example.edu', 'approved', 'approved:4:email'],
    ]);
    expect(rows[0]?.payload).toEqual(sampleViews.approved);
    expect(rows[1]?.payload).toEqual(sampleViews.approved);

    const again = await enqueueCustomerNotice(
      database.db,
      { ...notice, to: { slackUserId: 'U0ALICE', email: 'alice@example.edu' } },
      now,
    );
    expect(again).toEqual({ slackDm: undefined, email: undefined });
    expect(await database.db.select().from(outbox)).toHaveLength(2);
  });

  it('writes the half of a pair not written yet, and names which one it wrote', async () => {
    const dm = await enqueueNotice(
      database.db,
      {
        channel: 'slack_dm',
        recipient: 'U0ALICE',
        kind: 'approved',
        view: sampleViews.approved,
        caseId: 4,
        dedupeKey: 'approved:4:slack_dm',
      },
      now,
    );
    const ids = await enqueueCustomerNotice(
      database.db,
      { ...notice, to: { slackUserId: 'U0ALICE', email: 'alice@example.edu' } },
      now,
    );
    const rows = await database.db.select().from(outbox);
    expect(rows.map((r) => [r.id, r.channel])).toEqual([
      [dm, 'slack_dm'],
      [ids.email, 'email'],
    ]);
    expect(ids).toEqual({ slackDm: undefined, email: rows[1]!.id });
  });

  it('writes only the channels a person can be reached on', async () => {
    expect(
      await enqueueCustomerNotice(database.db, { ...notice, to: { email: 'alice@example.edu' } }, now),
    ).toEqual({
      email: expect.any(Number),
    });
    expect(
      await enqueueCustomerNotice(database.db, { ...notice, to: {}, dedupeKey: undefined }, now),
    ).toEqual({});
  });

  it('refuses a bad view for both of the pair', async () => {
    await expect(async () =>
      enqueueCustomerNotice(
        database.db,
        {
          ...notice,
          to: { slackUserId: 'U0ALICE', email: 'alice@example.edu' },
          view: { ...notice.view, next: '' },
        },
        now,
      ),
    ).rejects.toThrow(/next/);
    expect(await database.db.select().from(outbox)).toEqual([]);
  });
});
