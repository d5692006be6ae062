import type { AppointmentEvent, AppointmentPlace } from '../../domain/refresh/notices.js';
import { escapeIcalText, foldIcalLine, icalUtc } from '../../domain/scheduling/ical.js';

/**
 * What the calendar event of a ticket's appointment says: the same in the e-mailed invitation and
 * in the web page's download.
 */
export function appointmentEventText(view: AppointmentPlace & { ticketId: number; computer: string }) {
  const where = view.unitLocation ? ` at ${view.unitLocation}` : '';
  return {
    summary: `Computer refresh #${view.ticketId}${where}`,
    location: view.unitLocation ?? view.location,
    description: view.unitLocation
      ? `Please be at ${view.unitLocation} with your current computer. ${view.computer} is delivered and set up then.`
      : `${view.computer} is delivered and set up then.`,
  };
}

/** Who sends the invitation: the address the e-mail comes from (MAIL_FROM). */
export interface IcsOrganizer {
  name?: string | undefined;
  email: string;
}

/** RFC 5546: REQUEST adds or updates the event, CANCEL removes it. */
export type IcsMethod = 'REQUEST' | 'CANCEL';

export interface AppointmentIcsEvent {
  method: IcsMethod;
  /** The same for every version of one appointment, so calendars update it rather than add one. */
  uid: string;
  /** Raised with each update and the cancellation (a 32-bit integer, RFC 5545 §3.8.7.4). */
  sequence: number;
  startsAt: Date;
  endsAt: Date;
  summary: string;
  location?: string | undefined;
  description?: string | undefined;
  organizer: IcsOrganizer;
  attendeeEmail?: string | undefined;
  /** DTSTAMP: when this version was made. */
  now: Date;
}

/** A property parameter value (RFC 5545 §3.2): quoted, with no quote or control character in it. */
function paramValue(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it removes
  return `"${value.replace(/["\u0000-\u001f\u007f]/g, '')}"`;
}

/** A mailto: address as a CAL-ADDRESS value: nothing that could end the line or the value. */
function mailto(address: string): string {
  return `mailto:${address.replace(/[\s;:,"<>]/g, '')}`;
}

/** The VCALENDAR of one day1 appointment (METHOD:REQUEST or CANCEL), CRLF line ends. */
export function appointmentIcs(event: AppointmentIcsEvent): string {
  const cancel = event.method === 'CANCEL';
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Otto for Slack//Refresh appointments//EN',
    'CALSCALE:GREGORIAN',
    `METHOD:${event.method}`,
    'BEGIN:VEVENT',
    `UID:${event.uid}`,
    `SEQUENCE:${event.sequence}`,
    `DTSTAMP:${icalUtc(event.now)}`,
    `DTSTART:${icalUtc(event.startsAt)}`,
    `DTEND:${icalUtc(event.endsAt)}`,
    `SUMMARY:${escapeIcalText(event.summary)}`,
    event.location && `LOCATION:${escapeIcalText(event.location)}`,
    event.description && `DESCRIPTION:${escapeIcalText(event.description)}`,
    `ORGANIZER;CN=${paramValue(event.organizer.name || 'Otto')}:${mailto(event.organizer.email)}`,
    event.attendeeEmail && `ATTENDEE;ROLE=REQ-PARTICIPANT;RSVP=FALSE:${mailto(event.attendeeEmail)}`,
    `STATUS:${cancel ? 'CANCELLED' : 'CONFIRMED'}`,
    `TRANSP:${cancel ? 'TRANSPARENT' : 'OPAQUE'}`,
    'END:VEVENT',
    'END:VCALENDAR',
  ].filter((line): line is string => Boolean(line));
  return `${lines.map(foldIcalLine).join('\r\n')}\r\n`;
}

/**
 * The UID and SEQUENCE of an appointment as its view carries them. A view queued before they were
 * stored keeps the UID its booking was sent with (`refresh-<ticket>@<host>`) and the seconds of
 * its booking as the sequence, as that booking's invitation did.
 */
export function appointmentIdentity(
  ticketId: number,
  event: AppointmentEvent,
): { uid: string; sequence: number } | undefined {
  if (event.uid !== undefined) return { uid: event.uid, sequence: event.sequence ?? 0 };
  if (event.uidDomain === undefined) return undefined;
  return {
    uid: `refresh-${ticketId}@${event.uidDomain}`,
    sequence: Math.floor(event.bookedAt.getTime() / 1000),
  };
}

/** `Otto <otto@example.edu>` → its name and address; a bare address has no name. */
export function parseMailbox(from: string): IcsOrganizer {
  const match = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(from);
  if (!match) return { email: from.trim() };
  const name = match[1]?.trim();
  return { ...(name ? { name } : {}), email: match[2]!.trim() };
}
