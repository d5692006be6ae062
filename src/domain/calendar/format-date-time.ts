const longFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * "Monday, November 23, 2026 at 10:00 AM" in the zone: how every notice names a moment. The
 * formatter is built once per zone (building one costs far more than formatting with it).
 */
export function formatLongDateTime(instant: Date, timeZone: string): string {
  let format = longFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'long',
      month: 'long',
      day: 'numeric',
      year: 'numeric',
      hour: 'numeric',
      minute: '2-digit',
    });
    longFormats.set(timeZone, format);
  }
  return format.format(instant);
}
