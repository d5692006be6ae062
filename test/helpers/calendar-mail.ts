import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ICAL from 'ical.js';
import nodeIcal from 'node-ical';
import { expect } from 'vitest';
import { childParts, decodeBody, type Part, splitPart } from '../../src/sandbox/page/eml.js';

// Reads the calendar part of an .eml the mailer wrote, and checks it with two independent
// iCalendar parsers (ical.js and node-ical), which must agree.

/** Every e-mail the app in `appDir` sent so far, oldest first (by outbox id), as the .eml text. */
export function sentEmails(appDir: string): string[] {
  const dir = join(appDir, 'mail');
  if (!existsSync(dir)) return [];
  const outboxId = (eml: string) => Number(/otto-notice-(\d+)/.exec(eml)?.[1]);
  return readdirSync(dir)
    .map((file) => readFileSync(join(dir, file), 'utf8'))
    .sort((a, b) => outboxId(a) - outboxId(b));
}

interface MimePart extends Part {
  parts: MimePart[];
}

/** The mail as a tree of parts, read as the sandbox's mail view reads it. */
function parsePart(raw: string): MimePart {
  const tree = (part: Part): MimePart => ({ ...part, parts: childParts(part).map(tree) });
  return tree(splitPart(raw));
}

/** The decoded body of the mail's first part of this type (`text/plain`, `text/html`). */
export function mailBody(eml: string, type: 'text/plain' | 'text/html'): string {
  const find = (part: MimePart): MimePart | undefined =>
    (part.headers.get('content-type') ?? 'text/plain').toLowerCase().startsWith(type)
      ? part
      : part.parts.map(find).find((found) => found !== undefined);
  const part = find(parsePart(eml));
  return part ? decodeBody(part) : '';
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
  const text = decodeBody(inline);

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
    (part) => decodeBody(part).replace(/\r\n/g, '\n') === text.replace(/\r\n/g, '\n'),
  );
  return { contentTypeMethod, ...byIcalJs, attached };
}
