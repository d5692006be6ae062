import type { ServiceContext } from '../context.js';

/** The refresh module's own settings and hooks, kept out of the shared context. */
export interface RefreshSettings {
  /** Where Mac replacements for remote customers are sent for MDM setup (MAC_ENGINEERING_EMAIL). */
  readonly macEngineeringEmail?: string | undefined;
  /**
   * The address Otto's e-mails come from (MAIL_FROM), the ORGANIZER of the appointment invitations;
   * the web page's .ics download names the same one. Left out, Otto's default sender.
   */
  readonly mailFrom?: string | undefined;
  /**
   * Wakes the existence lookup when a ticket starts waiting for it (the `lookup_replacement`
   * effect), so it starts at once instead of at the next scheduled run. Called inside the
   * transaction that saved the ticket: it must only wake, and the lookup run after the commit.
   * Left out where nothing runs in the background (tests, the CLI).
   */
  readonly replacementsQueued?: () => void;
  /**
   * Wakes the held-appointments timer when a ticket is put on hold with its appointment already
   * closer than the lead time, so the customer is told at once, not at the timer's next run.
   * Called after the hold is committed. Left out where nothing runs in the background.
   */
  readonly heldAppointmentDue?: () => void;
}

/** A service context with the refresh module's settings under its key; without them nothing is set. */
export interface RefreshContext extends ServiceContext {
  readonly refresh?: RefreshSettings;
}
