import { asc, eq } from 'drizzle-orm';
import { type Mock, vi } from 'vitest';
import type { Db } from '../../db/client.js';
import { audits, events, outbox, people, refreshTickets, ticketPeripherals } from '../../db/schema/index.js';
import { type Clock, ManualClock } from '../../src/clock.js';
import { createBusinessCalendar, defaultCalendarSettings } from '../../src/domain/calendar/index.js';
import { createBuiltinItsm } from '../../src/itsm/builtin.js';
import type { ServiceContext } from '../../src/services/context.js';
import { openTestDatabase } from './database.js';
import { seedWorld, type World } from './factories.js';
import { delivered } from './notices.js';

/** The context service verbs run with in tests; `noticesWritten` is a spy, nothing runs in the background. */
export type TestServiceContext = ServiceContext & { noticesWritten: Mock<() => void> };

/** The context on a database and clock: the default calendar and the built-in ITSM. */
export function serviceContext(db: Db, clock: Clock): TestServiceContext {
  const calendar = createBusinessCalendar(defaultCalendarSettings);
  return {
    db,
    clock,
    noticesWritten: vi.fn<() => void>(),
    links: { openApp: 'https://example.slack.com/app', publicUrl: 'http://localhost' },
    calendar,
    itsm: createBuiltinItsm(db, clock, calendar.timeZone),
  };
}

export interface ServiceDb {
  db: Db;
  ctx: TestServiceContext;
  clock: ManualClock;
  close(): Promise<void>;
}

export interface ServiceWorld extends ServiceDb {
  world: World;
}

/** A migrated, empty in-memory database, a clock at `start` and the context services run with. */
export async function openServiceDb(start = '2026-11-17T15:00:00Z'): Promise<ServiceDb> {
  const { db, close } = await openTestDatabase();
  const clock = new ManualClock(start);
  return { db, ctx: serviceContext(db, clock), clock, close };
}

/** The same with the test world seeded (`seedWorld`: team, unit, configs, people, roles). */
export async function openServiceWorld(start = '2026-11-17T15:00:00Z'): Promise<ServiceWorld> {
  const opened = await openServiceDb(start);
  return { ...opened, world: await seedWorld(opened.db) };
}

/** Every row a refused action must leave alone, to compare before and after. */
export async function snapshot(db: Db) {
  return {
    tickets: await db.select().from(refreshTickets).orderBy(asc(refreshTickets.id)),
    audits: await db.select().from(audits).orderBy(asc(audits.id)),
    outbox: await db.select().from(outbox).orderBy(asc(outbox.id)),
    events: await db.select().from(events).orderBy(asc(events.id)),
    peripherals: await db.select().from(ticketPeripherals),
    people: await db.select().from(people).orderBy(asc(people.id)),
  };
}

/** A ticket's outbox rows, oldest first: where each went, which notice, and what it carries. */
export const outboxOf = async (db: Db, ticketId: number) =>
  (
    await db
      .select({
        channel: outbox.channel,
        recipient: outbox.recipient,
        notice: outbox.notice,
        payload: outbox.payload,
        payloadForm: outbox.payloadForm,
      })
      .from(outbox)
      .where(eq(outbox.ticketId, ticketId))
      .orderBy(asc(outbox.id))
  ).map(delivered);

/** A ticket's events (ITSM calls and the like), oldest first. */
export const eventsOf = async (db: Db, ticketId: number) =>
  db.select().from(events).where(eq(events.ticketId, ticketId)).orderBy(asc(events.id));
