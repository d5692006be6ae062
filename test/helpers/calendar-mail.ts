import ICAL from 'ical.js';
import nodeIcal from 'node-ical';
import { expect } from 'vitest';

// Reads the calendar part of an .eml the mailer wrote, and checks it with two independent
// iCalendar parsers (ical.js and node-ical), which must agree.

interface MimePart {
  headers: Map<string, string>;
  body: string;
  parts: MimePart[];
}

function parsePart(raw: string): MimePart {
  const text = raw.replace(/\r\n/g, '\n');
  const end = text.indexOf('\n\n');
  const head = end === -1 ? text : text.slice(0, end);
  const body = end === -1 ? '' : text.slice(end + 2);
  const headers = new Map<string, string>();
  for (const line of head.replace(/\n[ \t]+/g, ' ').split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const type = headers.get('content-type') ?? '';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  const parts: MimePart[] = [];
  if (/^multipart\//i.test(type) && boundary) {
    for (const piece of body.split(`--${boundary}`).slice(1)) {
      if (piece.startsWith('--')) break;
      parts.push(parsePart(piece.replace(/^\n/, '').replace(/\n$/, '')));
    }
  }
  return { headers, body, parts };
}

function decoded(part: MimePart): string {
  const encoding = (part.headers.get('content-transfer-encoding') ?? '').toLowerCase();
  if (encoding === 'base64') return Buffer.from(part.body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') {
    const bytes = part.body
      .replace(/=\n/g, '')
      .replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return part.body;
}

/** The decoded body of the mail's first part of this type (`text/plain`, `text/html`). */
export function mailBody(eml: string, type: 'text/plain' | 'text/html'): string {
  const find = (part: MimePart): MimePart | undefined =>
    (part.headers.get('content-type') ?? 'text/plain').toLowerCase().startsWith(type)
      ? part
      : part.parts.map(find).find((found) => found !== undefined);
  const part = find(parsePart(eml));
  return part ? decoded(part) : '';
}

export interface MailCalendar {
  /** The `method=` of the inline part's Content-Type. */
  contentTypeMethod: string | undefined;
  method: string;
  uid: string;
  sequence: number;
  start: string;
  end: string;
  status: string;
  organizer: string;
  summary: string;
  /** The .ics attachment holds the same calendar. */
  attached: boolean;
}

/** The mail's headers (lower-case names). */
export function mailHeaders(eml: string): Map<string, string> {
  return parsePart(eml).headers;
}

/**
 * The inline `text/calendar` part inside the mail's multipart/alternative (what Outlook acts on),
 * read by ical.js and by node-ical; the two must agree. Undefined when the mail has none.
 */
export function mailCalendar(eml: string): MailCalendar | undefined {
  const top = parsePart(eml);
  const alternatives: MimePart[] = [];
  const attachments: MimePart[] = [];
  const visit = (part: MimePart) => {
    const type = (part.headers.get('content-type') ?? '').toLowerCase();
    if (type.startsWith('multipart/alternative')) alternatives.push(...part.parts);
    else if (type.startsWith('multipart/')) part.parts.forEach(visit);
    else if (/^attachment/i.test(part.headers.get('content-disposition') ?? '')) attachments.push(part);
  };
  visit(top);
  const inline = alternatives.find((part) =>
    (part.headers.get('content-type') ?? '').toLowerCase().startsWith('text/calendar'),
  );
  if (!inline) return undefined;
  const text = decoded(inline);

  // ical.js
  const calendar = new ICAL.Component(ICAL.parse(text));
  const vevents = calendar.getAllSubcomponents('vevent');
  expect(vevents).toHaveLength(1);
  const vevent = vevents[0]!;
  const event = new ICAL.Event(vevent);
  const byIcalJs = {
    method: String(calendar.getFirstPropertyValue('method')),
    uid: event.uid,
    sequence: event.sequence,
    start: event.startDate.toJSDate().toISOString(),
    end: event.endDate.toJSDate().toISOString(),
    status: String(vevent.getFirstPropertyValue('status')),
    organizer: String(vevent.getFirstPropertyValue('organizer')),
    summary: event.summary,
  };

  // node-ical
  const parsed = nodeIcal.sync.parseICS(text);
  const nodeEvents = Object.values(parsed).filter((c) => c?.type === 'VEVENT') as nodeIcal.VEvent[];
  expect(nodeEvents).toHaveLength(1);
  const nodeEvent = nodeEvents[0]!;
  const organizer = nodeEvent.organizer as unknown as { val: string } | string;
  const byNodeIcal = {
    method: String((parsed.vcalendar as unknown as { method?: string } | undefined)?.method),
    uid: nodeEvent.uid,
    sequence: Number(nodeEvent.sequence),
    start: new Date(nodeEvent.start as Date).toISOString(),
    end: new Date(nodeEvent.end as Date).toISOString(),
    status: String(nodeEvent.status),
    organizer: typeof organizer === 'string' ? organizer : organizer.val,
    summary: String(nodeEvent.summary),
  };
  expect(byNodeIcal).toEqual(byIcalJs);

  const contentTypeMethod = /method=([A-Z]+)/i.exec(inline.headers.get('content-type') ?? '')?.[1];
  const attached = attachments.some(
    (part) => decoded(part).replace(/\r\n/g, '\n') === text.replace(/\r\n/g, '\n'),
  );
  return { contentTypeMethod, ...byIcalJs, attached };
}
