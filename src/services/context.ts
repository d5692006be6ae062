import type { Db } from '../../db/client.js';
import type { Clock } from '../clock.js';
import type { BusinessCalendar } from '../domain/calendar/index.js';
import type { ItsmPort } from '../itsm/port.js';
import type { SlackSurfaces } from './surfaces.js';

/**
 * What every service verb needs: the database, the clock, and a way to wake the outbox. A module's
 * own settings ride beside it under the module's key (e.g. `RefreshContext`).
 */
export interface ServiceContext {
  readonly db: Db;
  readonly clock: Clock;
  /** Called after a transaction that wrote outbox rows commits, so notices leave at once. */
  readonly noticesWritten: () => void;
  readonly links: {
    /** Opens Otto in Slack (e-mail buttons): the app's redirect, or the workspace. */
    readonly openApp: string;
    /** Where Otto itself is reached (calendar feeds and the like). */
    readonly publicUrl: string;
  };
  /** Business days and hours of the organisation (SPEC §2.2). */
  readonly calendar: BusinessCalendar;
  /** The ITSM, for direct reads (existence lookups, ticket state); writes go through the outbox. */
  readonly itsm: ItsmPort;
  /** Signs the calendar feeds' tokens (OTTO_CALENDAR_SECRET); without it feeds are off. */
  readonly calendarSecret?: string | undefined;
  /** Signs the links to Otto's web pages (OTTO_LINK_SECRET); without it the pages are off. */
  readonly linkSecret?: string | undefined;
  /**
   * Business days before the first day a customer is offered a slot (OTTO_SLOT_LEAD_DAYS); left
   * out, 1: from the next business day on.
   */
  readonly slotLeadBusinessDays?: number | undefined;
  /**
   * Business hours a desk case may stay pending before it is escalated to triage
   * (DESK_PENDING_ESCALATION_HOURS); left out, 4.
   */
  readonly deskPendingEscalationHours?: number | undefined;
  /** Slack's messages and Homes, which follow a change made on Otto's web pages; left out without Slack. */
  readonly surfaces?: SlackSurfaces | undefined;
}
