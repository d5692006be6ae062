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

const long = {
  weekday: 'long',
  month: 'long',
  day: 'numeric',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
} as const;

// Per zone, its formatter and the moments it has written: a booking names its slot's start four
// times (the answer, the notice, the ITSM ticket, the channel post), and the customers of a team
// book the same few hundred slots. Cleared when it grows, so it stays small.
const longFormats = new Map<string, { format: Intl.DateTimeFormat; written: Map<number, string> }>();

/** "Monday, November 23, 2026 at 10:00 AM" in the zone: how every notice names a moment. */
export function formatLongDateTime(instant: Date, timeZone: string): string {
  let zone = longFormats.get(timeZone);
  if (!zone) {
    zone = { format: zoneFormat('en-US', long, timeZone), written: new Map() };
    longFormats.set(timeZone, zone);
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

/** "Tuesday, December 8 at 10:05 AM" in the zone: a moment of the coming weeks, e.g. a deadline. */
export function formatLocalDateTime(instant: Date, timeZone: string): string {
  const date = zoneFormat('en-US', { weekday: 'long', month: 'long', day: 'numeric' }, timeZone);
  const time = zoneFormat('en-US', { hour: 'numeric', minute: '2-digit' }, timeZone);
  return `${date.format(instant)} at ${time.format(instant)}`;
}

/** "Friday, November 20" in the zone. */
export function formatLocalDate(instant: Date, timeZone: string): string {
  return zoneFormat('en-US', { weekday: 'long', month: 'long', day: 'numeric' }, timeZone).format(instant);
}
