import { defaultSlotLeadBusinessDays, firstBookableInstant } from '../../domain/scheduling/index.js';
import type { ServiceContext } from '../context.js';

export type LeadTimeContext = Pick<ServiceContext, 'calendar' | 'slotLeadBusinessDays'>;

/** The configured lead time in business days (OTTO_SLOT_LEAD_DAYS; 1 when left out). */
export function slotLeadDays(ctx: LeadTimeContext): number {
  return ctx.slotLeadBusinessDays ?? defaultSlotLeadBusinessDays;
}

/** The first instant a customer may book a slot of a team in `timeZone` (the lead time from now). */
export function bookableFrom(ctx: LeadTimeContext, now: Date, timeZone: string): Date {
  return firstBookableInstant(now, slotLeadDays(ctx), ctx.calendar, timeZone);
}
