import {
  defaultSlotLeadBusinessDays,
  firstBookableInstant,
  heldAppointmentCutoff,
} from '../../domain/scheduling/index.js';
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

/** A held ticket's appointment that starts before this is taken back (tomorrow or sooner, by default). */
export function heldAppointmentsCutoff(ctx: LeadTimeContext, now: Date, timeZone: string): Date {
  return heldAppointmentCutoff(now, slotLeadDays(ctx), ctx.calendar, timeZone);
}
