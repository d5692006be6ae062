import type { BusinessCalendar } from '../calendar/index.js';
import type { CaseImpact } from './enums.js';

// SLA targets (SPEC §4.6): first response and resolution per impact, in business time of the
// organisation's calendar. A target in hours is business hours; one in days is that many business
// days later at the same time of day.

export type SlaTarget = { hours: number } | { days: number };

export interface SlaTargets {
  response: SlaTarget;
  resolution: SlaTarget;
}

export const defaultSlaTargets: Record<CaseImpact, SlaTargets> = {
  high: { response: { hours: 1 }, resolution: { days: 1 } },
  medium: { response: { hours: 4 }, resolution: { days: 3 } },
  low: { response: { days: 1 }, resolution: { days: 10 } },
};

/** When a target counted from `from` falls due. */
export function slaDueAt(calendar: BusinessCalendar, from: Date, target: SlaTarget): Date {
  if ('hours' in target) return calendar.addBusinessHours(from, target.hours);
  // Counted from the business moment the case arrived in: opened at night counts from the next morning.
  return calendar.addBusinessDays(calendar.nextBusinessMoment(from), target.days);
}

/** Both deadlines of a case opened at `openedAt`. */
export function caseDeadlines(
  calendar: BusinessCalendar,
  openedAt: Date,
  impact: CaseImpact,
  targets: Record<CaseImpact, SlaTargets> = defaultSlaTargets,
): { responseDueAt: Date; resolutionDueAt: Date } {
  const own = targets[impact];
  return {
    responseDueAt: slaDueAt(calendar, openedAt, own.response),
    resolutionDueAt: slaDueAt(calendar, openedAt, own.resolution),
  };
}
