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

const longFormats = new Map<string, Intl.DateTimeFormat>();

/** "Monday, November 23, 2026 at 10:00 AM" in the zone: how every notice names a moment. */
export function formatLongDateTime(instant: Date, timeZone: string): string {
  // Looked up by zone alone: a booking formats several moments, the Home one per ticket.
  let format = longFormats.get(timeZone);
  if (!format) {
    format = zoneFormat('en-US', long, timeZone);
    longFormats.set(timeZone, format);
  }
  return format.format(instant);
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
