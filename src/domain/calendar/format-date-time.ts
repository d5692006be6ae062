/** Zones found valid: building a formatter to check one costs about 1 ms, and every notice view names one. */
const knownZones = new Set<string>();

/** Whether the runtime knows `zone` as an IANA time zone, e.g. "America/Detroit". */
export function isTimeZone(zone: string): boolean {
  if (knownZones.has(zone)) return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
  } catch {
    return false;
  }
  if (knownZones.size < 1000) knownZones.add(zone);
  return true;
}

const formats = new Map<string, Intl.DateTimeFormat>();

/**
 * An Intl formatter for the zone, built once per locale, options and zone: building one costs
 * far more than formatting with it, and notices and slot lists format hundreds of times a request.
 */
export function zoneFormat(
  locale: string,
  options: Omit<Intl.DateTimeFormatOptions, 'timeZone'>,
  timeZone: string,
): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${JSON.stringify(options)}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { ...options, timeZone });
    formats.set(key, format);
  }
  return format;
}

const day = { weekday: 'short', day: 'numeric', month: 'short' } as const;
const moment = { ...day, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } as const;

// Per zone, its formatter and the moments it has written: a booking names its slot's start four
// times (the answer, the notice, the ITSM ticket, the channel post), and the customers of a team
// book the same few hundred slots. Cleared when it grows, so it stays small.
const momentFormats = new Map<string, { format: Intl.DateTimeFormat; written: Map<number, string> }>();

/**
 * "Tue 8 Dec, 10:05" in the zone: how Otto writes every moment a person reads (appointments,
 * deadlines, decisions, history), in messages, e-mails, cards and Slack's date fallbacks alike.
 */
export function formatMoment(instant: Date, timeZone: string): string {
  let zone = momentFormats.get(timeZone);
  if (!zone) {
    zone = { format: zoneFormat('en-GB', moment, timeZone), written: new Map() };
    momentFormats.set(timeZone, zone);
  }
  const at = instant.getTime();
  let text = zone.written.get(at);
  if (text === undefined) {
    text = zone.format.format(instant);
    if (zone.written.size >= 10_000) zone.written.clear();
    zone.written.set(at, text);
  }
  return text;
}

/** "Fri 20 Nov" in the zone: a day, written as `formatMoment` writes its date. */
export function formatDay(instant: Date, timeZone: string): string {
  return zoneFormat('en-GB', day, timeZone).format(instant);
}

/** "10:05" in the zone: a time of a day already named. */
export function formatTimeOfDay(instant: Date, timeZone: string): string {
  return zoneFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }, timeZone).format(
    instant,
  );
}
