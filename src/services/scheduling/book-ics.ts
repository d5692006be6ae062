import type { EmailAttachment } from '../../effects/outbox.js';

export interface AppointmentEvent {
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

/** 20261116T150000Z */
export function icsUtc(instant: Date): string {
  return instant
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** TEXT values (RFC 5545 §3.3.11): backslash, semicolon, comma and line breaks are escaped. */
export function icsText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** Folds a content line at 75 octets (RFC 5545 §3.1), never inside a UTF-8 character. */
export function foldIcsLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    // Continuation lines start with a space, which counts towards their 75.
    if (octets + size > 75) {
      parts.push(current);
      current = ' ';
      octets = 1;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n');
}

/** The VCALENDAR of one day1 appointment, METHOD:REQUEST, CRLF line ends. */
export function appointmentIcs(event: AppointmentEvent): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Otto for Slack//Refresh appointments//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:REQUEST',
    'BEGIN:VEVENT',
    `UID:refresh-${event.ticketId}@${event.uidDomain}`,
    `SEQUENCE:${event.sequence}`,
    `DTSTAMP:${icsUtc(event.now)}`,
    `DTSTART:${icsUtc(event.startsAt)}`,
    `DTEND:${icsUtc(event.endsAt)}`,
    `SUMMARY:${icsText(event.summary)}`,
    event.location && `LOCATION:${icsText(event.location)}`,
    event.description && `DESCRIPTION:${icsText(event.description)}`,
    `ORGANIZER;CN=Otto:mailto:otto@${event.uidDomain}`,
    event.attendeeEmail && `ATTENDEE;ROLE=REQ-PARTICIPANT;RSVP=FALSE:mailto:${event.attendeeEmail}`,
    'STATUS:CONFIRMED',
    'TRANSP:OPAQUE',
    'END:VEVENT',
    'END:VCALENDAR',
  ].filter((line): line is string => Boolean(line));
  return `${lines.map(foldIcsLine).join('\r\n')}\r\n`;
}

export function appointmentAttachment(event: AppointmentEvent): EmailAttachment {
  return {
    filename: 'refresh-appointment.ics',
    contentType: 'text/calendar; method=REQUEST',
    content: appointmentIcs(event),
  };
}
