import type { RefreshStyle } from '../../../domain/refresh/enums.js';

// Building an Intl.DateTimeFormat costs far more than using one: one of each per time zone.
const formatters = new Map<string, { date: Intl.DateTimeFormat; time: Intl.DateTimeFormat }>();
function formattersFor(timeZone: string) {
  let found = formatters.get(timeZone);
  if (!found) {
    found = {
      date: new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'long', month: 'long', day: 'numeric' }),
      time: new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', minute: '2-digit' }),
    };
    formatters.set(timeZone, found);
  }
  return found;
}

/** "Tuesday, December 8 at 10:05 AM" in the organisation's time zone: a deadline people can act on. */
export function formatLocalDateTime(instant: Date, timeZone: string): string {
  const { date, time } = formattersFor(timeZone);
  return `${date.format(instant)} at ${time.format(instant)}`;
}

/** "Friday, November 20". */
export function formatLocalDate(instant: Date, timeZone: string): string {
  return formattersFor(timeZone).date.format(instant);
}

/** The existing computer as people recognise it: its name, with the serial to be sure. */
export function computerLabel(systemName: string | null, serial: string): string {
  return systemName ? `${systemName} (${serial})` : serial;
}

/** What the wizard asks of the customer, by style (SPEC §2.1, the location page). Plain text. */
export function wizardAsks(style: RefreshStyle, unitLocation: string | null): string {
  switch (style) {
    case 'remote_customer':
      return 'Tell us where to ship your new computer, then review the computer and accessories we plan for you.';
    case 'unit_specified_location':
      return `Refreshes for your unit take place at ${unitLocation ?? 'a location your unit has chosen'}; you will pick a time to come by later. First, review the computer and accessories we plan for you.`;
    case 'bump_down':
      return 'Confirm where you work, then review the computer set aside for you.';
    default:
      return 'Confirm where your computer is on campus, then review the computer and accessories we plan for you.';
  }
}
