import type { ViewResponseAction } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { audits, slackReceipts } from '../../../db/schema/index.js';
import { recordAudit } from '../../../src/services/audit.js';
import { type SubmissionReceipt, submitOnce } from '../../../src/slack/plumbing/handle-once.js';
import { openServiceDb, type ServiceDb } from '../../helpers/world.js';

// A handler that keeps its submission's receipt in its own transaction (as the booking modal's
// does): the claim and the answer commit with its work, or neither does.

let s: ServiceDb;
beforeEach(async () => {
  s = await openServiceDb();
});
afterEach(() => s.close());

const submission = { type: 'view_submission', view: { id: 'V0BOOK', hash: '1.a' } } as const;
const logger = { debug: () => {}, error: () => {} };
const booked: ViewResponseAction = { response_action: 'clear' };
const failed: ViewResponseAction = {
  response_action: 'push',
  view: { type: 'modal', title: { type: 'plain_text', text: 'No' }, blocks: [] },
};

/** One copy of the submission as Slack sends it: what it was answered, and whether its handler ran. */
async function send(
  work: (receipt: SubmissionReceipt | undefined) => Promise<ViewResponseAction | undefined>,
) {
  const answers: Array<ViewResponseAction | undefined> = [];
  let handled = false;
  await submitOnce(
    s,
    {
      body: submission as never,
      ack: (async (response?: ViewResponseAction) => {
        answers.push(response);
      }) as never,
      logger: logger as never,
    },
    async (ack, receipt) => {
      handled = true;
      await ack(await work(receipt));
    },
    { inTransaction: true },
  );
  return { answers, handled };
}

/** The work: one audit row written in a transaction that carries the receipt, then `then`. */
function booking() {
  return async (receipt: SubmissionReceipt | undefined) => {
    try {
      await s.db.transaction(async (tx) => {
        const along = receipt?.along(() => booked);
        await along?.begin(tx);
        await recordAudit(
          tx,
          { entity: 'bench', entityId: 1, action: 'book', actor: 'U0CUSTOMER' },
          s.clock.now(),
        );
        await along?.end(tx, undefined);
      });
      return booked;
    } catch {
      return failed;
    }
  };
}

const receipts = () =>
  s.db.select({ key: slackReceipts.key, answer: slackReceipts.answer }).from(slackReceipts);

describe('a submission whose receipt is kept in its own transaction', () => {
  it('commits the claim and the answer with the work: a copy that comes later is rolled back and gets that answer', async () => {
    expect(await send(booking())).toEqual({ answers: [booked], handled: true });
    expect(await receipts()).toEqual([{ key: 'view:V0BOOK:1.a', answer: JSON.stringify(booked) }]);

    expect(await send(booking())).toEqual({ answers: [booked], handled: true });
    expect(await s.db.select().from(audits)).toHaveLength(1);
  });

  it('leaves no claim when its transaction fails, so the copy Slack sends again is handled', async () => {
    const first = await send(async (receipt) => {
      await s.db.transaction(async (tx) => {
        await receipt?.along(() => booked).begin(tx);
        throw new Error('the disk is full');
      });
      return booked;
    }).catch((error: Error) => error.message);
    expect(first).toBe('the disk is full');
    expect(await receipts()).toEqual([]);

    expect(await send(booking())).toEqual({ answers: [booked], handled: true });
    expect(await s.db.select().from(audits)).toHaveLength(1);
  });

  it('two copies at once: the one whose transaction claims second is rolled back and answered as the first', async () => {
    // Both copies find the submission unseen, and start their transactions once both have.
    let started = 0;
    let bothStarted!: () => void;
    const gate = new Promise<void>((resolve) => {
      bothStarted = resolve;
    });
    const copy = (receipt: SubmissionReceipt | undefined) => {
      started += 1;
      if (started === 2) bothStarted();
      return gate.then(() => booking()(receipt));
    };
    const [first, second] = await Promise.all([send(copy), send(copy)]);
    expect(first).toEqual({ answers: [booked], handled: true });
    // The second's work ran, could not claim and was rolled back: its own answer is never sent.
    expect(second).toEqual({ answers: [booked], handled: true });
    expect(await s.db.select().from(audits)).toHaveLength(1);
    expect(await receipts()).toHaveLength(1);
  });

  it('keeps an answer given without a transaction, and keeps none for field errors', async () => {
    const errors: ViewResponseAction = {
      response_action: 'errors',
      errors: { when: 'Pick one of the times.' },
    };
    expect(await send(async () => errors)).toEqual({ answers: [errors], handled: true });
    expect(await receipts()).toEqual([]);

    expect(await send(async () => failed)).toEqual({ answers: [failed], handled: true });
    expect(await send(booking())).toEqual({ answers: [failed], handled: true });
    expect(await s.db.select().from(audits)).toHaveLength(0);
  });
});
