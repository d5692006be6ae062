import { integer } from 'drizzle-orm/sqlite-core';

// Instants are stored as epoch milliseconds and read back as Date; every writer passes
// the time from the app's clock, so no column defaults to the wall clock.
export const instant = (name: string) => integer(name, { mode: 'timestamp_ms' });
export const flag = (name: string) => integer(name, { mode: 'boolean' });
