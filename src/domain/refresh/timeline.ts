import type { RefreshStatus, RefreshStyle } from './enums.js';

// A refresh as its customer follows it (SPEC §5, customer Home): the stages it passes through for
// its style, which are done and when, which one it is in now and since when, and what comes next.
// Pure: the service reads the facts and formats the dates in the reader's zone.

export const timelineStages = ['answers', 'approval', 'ordering', 'scheduling', 'delivery'] as const;
export type TimelineStageId = (typeof timelineStages)[number];

/** Which stage each open status belongs to. */
const stageOfStatus: Partial<Record<RefreshStatus, TimelineStageId>> = {
  pending_customer: 'answers',
  pending_location_info: 'answers',
  requires_approval: 'approval',
  pending_ordering: 'ordering',
  pending_itsm_existence: 'ordering',
  pending_schedule_slot_discovery: 'scheduling',
  pending_customer_scheduling: 'scheduling',
  delivery_scheduled: 'delivery',
  pending_delivery: 'delivery',
};

export interface StatusChange {
  at: Date;
  from: RefreshStatus;
  to: RefreshStatus;
}

export interface TimelineFacts {
  style: RefreshStyle;
  status: RefreshStatus;
  /** The status a held ticket returns to. */
  statusBeforeHold: RefreshStatus | null;
  createdAt: Date;
  /** The ticket's config requires approval, or its answers needed one (it has been to the approver). */
  needsApproval: boolean;
  /** The ticket's status changes, oldest first. */
  changes: readonly StatusChange[];
}

export type StageState = 'done' | 'now' | 'next';

export interface TimelineStage {
  stage: TimelineStageId;
  state: StageState;
  /** Done: when it was finished. Now: since when. */
  at?: Date;
}

/** The stages a ticket of this style passes through (SPEC §2.1). */
export function stagesOf(style: RefreshStyle, needsApproval: boolean): TimelineStageId[] {
  return timelineStages.filter((stage) => {
    if (stage === 'answers') return style !== 'no_customer';
    if (stage === 'approval') return style !== 'no_customer' && needsApproval;
    // Remote customers get their computer shipped, and no-customer tickets a generic slot.
    if (stage === 'scheduling') return style !== 'remote_customer' && style !== 'no_customer';
    return true;
  });
}

/** The stage a ticket is in: a held ticket is where it was held. Undefined when closed. */
export function currentStage(
  facts: Pick<TimelineFacts, 'status' | 'statusBeforeHold'>,
): TimelineStageId | undefined {
  const status = facts.status === 'on_hold' ? facts.statusBeforeHold : facts.status;
  return status ? stageOfStatus[status] : undefined;
}

/**
 * The ticket's stages with their state: done (and when it was last finished), now (and since
 * when), next. A denial sends a ticket back, so "done" is when it last left the stage forwards.
 */
export function refreshTimeline(facts: TimelineFacts): TimelineStage[] {
  const stages = stagesOf(facts.style, facts.needsApproval);
  const now = currentStage(facts);
  const nowIndex = now === undefined ? stages.length : stages.indexOf(now);
  const order = (status: RefreshStatus) => {
    const stage = stageOfStatus[status];
    return stage === undefined ? -1 : stages.indexOf(stage);
  };
  const lastChange = (matches: (change: StatusChange) => boolean) => facts.changes.filter(matches).at(-1)?.at;
  return stages.map((stage, index): TimelineStage => {
    if (index < nowIndex) {
      const at = lastChange((c) => order(c.from) === index && order(c.to) > index);
      return { stage, state: 'done', ...(at ? { at } : {}) };
    }
    if (index === nowIndex) {
      const at =
        lastChange((c) => order(c.to) === index && order(c.from) !== index && c.from !== 'on_hold') ??
        (index === 0 ? facts.createdAt : undefined);
      return { stage, state: 'now', ...(at ? { at } : {}) };
    }
    return { stage, state: 'next' };
  });
}

/**
 * The next Friday-digest time after `now` (SPEC §2.2: Friday 08:00 in the organisation's zone),
 * when an approver is reminded of what awaits them.
 */
export function nextFridayDigest(
  now: Date,
  calendar: { localDateOf(instant: Date): string; atLocalTime(day: string, time: string): Date },
): Date {
  const [y, m, d] = calendar.localDateOf(now).split('-').map(Number) as [number, number, number];
  let at = now;
  for (let i = 0; i < 8; i++) {
    const day = new Date(Date.UTC(y, m - 1, d + i));
    if (day.getUTCDay() !== 5) continue;
    at = calendar.atLocalTime(day.toISOString().slice(0, 10), '08:00');
    if (at > now) break;
  }
  return at;
}
