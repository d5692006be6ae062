import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { slackReceipts } from '../../db/schema/index.js';
import {
  claimEvent,
  claimSubmission,
  recordSubmissionAnswer,
  releaseSubmission,
} from '../../src/services/slack-receipts.js';
import { openServiceDb, type ServiceDb } from '../helpers/world.js';

const abandonAfterMs = 10_000;
const key = 'view:V0MODAL:1.a';

let s: ServiceDb;
beforeEach(async () => {
  s = await openServiceDb();
});
afterEach(() => s.close());

const at = (ms: number) => new Date(s.clock.now().getTime() + ms);
const claim = async (ms: number) => claimSubmission(s.db, key, at(ms), abandonAfterMs);

describe('claimEvent', () => {
  it('claims an event_id once', async () => {
    expect(await claimEvent(s.db, 'Ev01', at(0))).toBe(true);
    expect(await claimEvent(s.db, 'Ev01', at(1000))).toBe(false);
    expect(await claimEvent(s.db, 'Ev02', at(1000))).toBe(true);
  });
});

describe('claimSubmission', () => {
  it('claims a submission once; a copy waits while it is handled, then gets its answer', async () => {
    expect(await claim(0)).toEqual({ kind: 'claimed' });
    expect(await claim(500)).toEqual({ kind: 'in_flight' });
    await recordSubmissionAnswer(s.db, key, { response_action: 'clear' });
    expect(await claim(1000)).toEqual({ kind: 'answered', answer: { response_action: 'clear' } });
  });

  it('gives an empty ack back as undefined', async () => {
    await claim(0);
    await recordSubmissionAnswer(s.db, key, undefined);
    expect(await claim(100)).toEqual({ kind: 'answered', answer: undefined });
  });

  it('lets a released submission be claimed again, but never releases one that was answered', async () => {
    await claim(0);
    await releaseSubmission(s.db, key);
    expect(await claim(100)).toEqual({ kind: 'claimed' });
    await recordSubmissionAnswer(s.db, key, undefined);
    await releaseSubmission(s.db, key);
    expect(await claim(200)).toEqual({ kind: 'answered', answer: undefined });
  });

  it('takes over a claim left unanswered past the limit (its handler died), once', async () => {
    expect(await claim(0)).toEqual({ kind: 'claimed' });
    expect(await claim(abandonAfterMs - 1)).toEqual({ kind: 'in_flight' });
    expect(await claim(abandonAfterMs)).toEqual({ kind: 'claimed' });
    // The new claim starts its own time: a copy right after it waits.
    expect(await claim(abandonAfterMs + 1)).toEqual({ kind: 'in_flight' });
    expect(await s.db.select().from(slackReceipts)).toEqual([
      { key, receivedAt: at(abandonAfterMs), answer: null },
    ]);
  });
});
