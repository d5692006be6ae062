import { describe, expect, it } from 'vitest';
import { createBusinessCalendar } from '../../../src/domain/calendar/index.js';
import {
  nextFridayDigest,
  refreshTimeline,
  type TimelineFacts,
} from '../../../src/domain/refresh/timeline.js';

const day = (iso: string) => new Date(`${iso}T15:00:00Z`);
const base: TimelineFacts = {
  style: 'on_prem',
  status: 'pending_customer',
  statusBeforeHold: null,
  createdAt: day('2026-11-16'),
  needsApproval: true,
  changes: [],
};

describe('a refresh’s timeline as its customer follows it', () => {
  it('starts in the answers, with every later stage next', () => {
    expect(refreshTimeline(base)).toEqual([
      { stage: 'answers', state: 'now', at: day('2026-11-16') },
      { stage: 'approval', state: 'next' },
      { stage: 'ordering', state: 'next' },
      { stage: 'scheduling', state: 'next' },
      { stage: 'delivery', state: 'next' },
    ]);
  });

  it('after a denial and a second walk, dates the answers by the last time they were sent', () => {
    const timeline = refreshTimeline({
      ...base,
      status: 'requires_approval',
      changes: [
        { at: day('2026-11-17'), from: 'pending_customer', to: 'requires_approval' },
        { at: day('2026-11-18'), from: 'requires_approval', to: 'pending_customer' },
        { at: day('2026-11-19'), from: 'pending_customer', to: 'requires_approval' },
      ],
    });
    expect(timeline.slice(0, 2)).toEqual([
      { stage: 'answers', state: 'done', at: day('2026-11-19') },
      { stage: 'approval', state: 'now', at: day('2026-11-19') },
    ]);
  });

  it('keeps a held ticket in the stage it was held in, since it entered it, not since the hold', () => {
    const timeline = refreshTimeline({
      ...base,
      style: 'remote_customer',
      needsApproval: false,
      status: 'on_hold',
      statusBeforeHold: 'pending_ordering',
      changes: [
        { at: day('2026-11-17'), from: 'pending_customer', to: 'pending_ordering' },
        { at: day('2026-11-18'), from: 'pending_ordering', to: 'on_hold' },
      ],
    });
    // Remote customers have no approval (none needed here) and no delivery time to pick.
    expect(timeline).toEqual([
      { stage: 'answers', state: 'done', at: day('2026-11-17') },
      { stage: 'ordering', state: 'now', at: day('2026-11-17') },
      { stage: 'delivery', state: 'next' },
    ]);
  });
});

describe('the approvers’ next weekly digest', () => {
  const calendar = createBusinessCalendar({
    timeZone: 'America/Detroit',
    holidays: { country: 'US', state: 'MI' },
    closureDays: [],
  });
  const local = (text: string) => new Date(`${text}-05:00`);

  it('is Friday 08:00 in the organisation’s zone, this Friday until it has passed', () => {
    expect(nextFridayDigest(local('2026-11-18T09:00:00'), calendar)).toEqual(local('2026-11-20T08:00:00'));
    expect(nextFridayDigest(local('2026-11-20T07:59:00'), calendar)).toEqual(local('2026-11-20T08:00:00'));
    expect(nextFridayDigest(local('2026-11-20T08:01:00'), calendar)).toEqual(local('2026-11-27T08:00:00'));
  });
});
