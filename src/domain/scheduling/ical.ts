// A small RFC 5545 writer: plain values in, a VCALENDAR text out. Times are written in UTC (no
// VTIMEZONE needed); the team's zone is named in X-WR-TIMEZONE so calendar apps show it.

export interface IcalEvent {
  /** Stable across feeds and refreshes, so subscribers update rather than duplicate events. */
  uid: string;
  start: Date;
  end: Date;
  /**
   * A whole-day event on this local date (`2026-11-23`), written as DATE values ending the next
   * day: for what happens on a day at no set time, which a zero-length event cannot say
   * (RFC 5545 §3.8.2.2 wants DTEND after DTSTART). `start` and `end` are then not written.
   */
  allDay?: string;
  summary: string;
  description?: string;
  cancelled?: boolean;
  /** Bumped when the event changes (a cancelled slot counts as a change). */
  sequence?: number;
}

export interface IcalCalendar {
  name: string;
  timeZone: string;
  /** DTSTAMP of every event: when the feed was made. */
  now: Date;
  events: readonly IcalEvent[];
}

const CRLF = '\r\n';
const MAX_OCTETS = 75;

/** 20261116T150000Z */
export function icalUtc(instant: Date): string {
  return `${instant.toISOString().slice(0, 19).replace(/[-:]/g, '')}Z`;
}

/** TEXT value escaping (RFC 5545 §3.3.11). */
export function escapeIcalText(text: string): string {
  if (!/[\\;,\n]/.test(text)) return text;
  return text.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** Folds a content line at 75 octets without splitting a UTF-8 character (RFC 5545 §3.1). */
export function foldIcalLine(line: string): string {
  // Most lines are short ASCII: no need to count octets character by character.
  if (line.length <= MAX_OCTETS && Buffer.byteLength(line, 'utf8') <= MAX_OCTETS) return line;
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    // Continuation lines start with a space, which counts towards their 75 octets.
    const limit = parts.length === 0 ? MAX_OCTETS : MAX_OCTETS - 1;
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join(`${CRLF} `);
}

/** 2026-11-23 → 20261123, and the day after it (DTEND of a whole-day event is exclusive). */
function icalDates(isoDate: string): { start: string; end: string } {
  const day = new Date(`${isoDate}T00:00:00Z`);
  const next = new Date(day.getTime() + 24 * 60 * 60 * 1000);
  return { start: isoDate.replace(/-/g, ''), end: next.toISOString().slice(0, 10).replace(/-/g, '') };
}

function eventLines(event: IcalEvent, stamp: string): string[] {
  const dates = event.allDay === undefined ? undefined : icalDates(event.allDay);
  return [
    'BEGIN:VEVENT',
    `UID:${event.uid}`,
    `DTSTAMP:${stamp}`,
    ...(dates
      ? [`DTSTART;VALUE=DATE:${dates.start}`, `DTEND;VALUE=DATE:${dates.end}`]
      : [`DTSTART:${icalUtc(event.start)}`, `DTEND:${icalUtc(event.end)}`]),
    `SUMMARY:${escapeIcalText(event.summary)}`,
    ...(event.description ? [`DESCRIPTION:${escapeIcalText(event.description)}`] : []),
    `STATUS:${event.cancelled ? 'CANCELLED' : 'CONFIRMED'}`,
    `SEQUENCE:${event.sequence ?? 0}`,
    // A whole-day note does not make the team look busy all day.
    `TRANSP:${dates ? 'TRANSPARENT' : 'OPAQUE'}`,
    'END:VEVENT',
  ];
}

/** The whole calendar, CRLF line endings, long lines folded. */
export function writeIcalCalendar(calendar: IcalCalendar): string {
  const stamp = icalUtc(calendar.now);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Otto for Slack//Schedule slots//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeIcalText(calendar.name)}`,
    `X-WR-TIMEZONE:${calendar.timeZone}`,
    ...calendar.events.flatMap((event) => eventLines(event, stamp)),
    'END:VCALENDAR',
  ];
  return lines.map(foldIcalLine).join(CRLF) + CRLF;
}
