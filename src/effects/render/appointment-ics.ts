import { escapeIcalText, foldIcalLine, icalUtc } from '../../domain/scheduling/ical.js';
import type { EmailAttachment } from './messages.js';

export interface AppointmentIcsEvent {
  ticketId: number;
  /** Host part of the UID, e.g. the public URL's host: one stable UID per ticket across reschedules. */
  uidDomain: string;
  startsAt: Date;
  endsAt: Date;
  summary: string;
  location?: string | undefined;
  description?: string | undefined;
  attendeeEmail?: string | undefined;
  /** Grows with each new booking of the ticket, so calendars replace the older event. */
  sequence: number;
  now: Date;
}

/** The VCALENDAR of one day1 appointment, METHOD:REQUEST, CRLF line ends. */
export function appointmentIcs(event: AppointmentIcsEvent): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Otto for Slack//Refresh appointments//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:REQUEST',
    'BEGIN:VEVENT',
    `UID:refresh-${event.ticketId}@${event.uidDomain}`,
    `SEQUENCE:${event.sequence}`,
    `DTSTAMP:${icalUtc(event.now)}`,
    `DTSTART:${icalUtc(event.startsAt)}`,
    `DTEND:${icalUtc(event.endsAt)}`,
    `SUMMARY:${escapeIcalText(event.summary)}`,
    event.location && `LOCATION:${escapeIcalText(event.location)}`,
    event.description && `DESCRIPTION:${escapeIcalText(event.description)}`,
    `ORGANIZER;CN=Otto:mailto:otto@${event.uidDomain}`,
    event.attendeeEmail && `ATTENDEE;ROLE=REQ-PARTICIPANT;RSVP=FALSE:mailto:${event.attendeeEmail}`,
    'STATUS:CONFIRMED',
    'TRANSP:OPAQUE',
    'END:VEVENT',
    'END:VCALENDAR',
  ].filter((line): line is string => Boolean(line));
  return `${lines.map(foldIcalLine).join('\r\n')}\r\n`;
}

export function appointmentAttachment(event: AppointmentIcsEvent): EmailAttachment {
  return {
    filename: 'refresh-appointment.ics',
    contentType: 'text/calendar; method=REQUEST',
    content: appointmentIcs(event),
  };
}
