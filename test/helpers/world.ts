import { asc, eq } from 'drizzle-orm';
import { type Mock, vi } from 'vitest';
import { type Db, openDatabase } from '../../db/client.js';
import { audits, events, outbox, people, refreshTickets, ticketPeripherals } from '../../db/schema/index.js';
import { type Clock, ManualClock } from '../../src/clock.js';
import { createBusinessCalendar, defaultCalendarSettings } from '../../src/domain/calendar/index.js';
import { createBuiltinItsm } from '../../src/itsm/builtin.js';
import type { ServiceContext } from '../../src/services/context.js';
import { seedWorld, type World } from './factories.js';
import { delivered } from './notices.js';

/** The context service verbs run with in tests; `noticesWritten` is a spy, nothing runs in the background. */
export type TestServiceContext = ServiceContext & { noticesWritten: Mock<() => void> };

/** The context on a database and clock: the default calendar and the built-in ITSM. */
export function serviceContext(db: Db, clock: Clock): TestServiceContext {
  return {
    db,
    clock,
    noticesWritten: vi.fn<() => void>(),
    links: { openApp: 'https://example.slack.com/app', publicUrl: 'http://localhost' },
    calendar: createBusinessCalendar(defaultCalendarSettings),
    itsm: createBuiltinItsm(db, clock),
  };
}

export interface ServiceDb {
  db: Db;
  ctx: TestServiceContext;
  clock: ManualClock;
  close(): void;
}

export interface ServiceWorld extends ServiceDb {
  world: World;
}

/** A migrated, empty in-memory database, a clock at `start` and the context services run with. */
export function openServiceDb(start = '2026-11-17T15:00:00Z'): ServiceDb {
  const { db, close } = openDatabase(':memory:');
  const clock = new ManualClock(start);
  return { db, ctx: serviceContext(db, clock), clock, close };
}

/** The same with the test world seeded (`seedWorld`: team, unit, configs, people, roles). */
export function openServiceWorld(start = '2026-11-17T15:00:00Z'): ServiceWorld {
  const opened = openServiceDb(start);
  return { ...opened, world: seedWorld(opened.db) };
}

/** Every row a refused action must leave alone, to compare before and after. */
export function snapshot(db: Db) {
  return {
    tickets: db.select().from(refreshTickets).orderBy(asc(refreshTickets.id)).all(),
    audits: db.select().from(audits).orderBy(asc(audits.id)).all(),
    outbox: db.select().from(outbox).orderBy(asc(outbox.id)).all(),
    events: db.select().from(events).orderBy(asc(events.id)).all(),
    peripherals: db.select().from(ticketPeripherals).all(),
    people: db.select().from(people).orderBy(asc(people.id)).all(),
  };
}

/** A ticket's outbox rows, oldest first: where each went, which notice, and what it carries. */
export const outboxOf = (db: Db, ticketId: number) =>
  db
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
    .all()
    .map(delivered);

/** A ticket's events (ITSM calls and the like), oldest first. */
export const eventsOf = (db: Db, ticketId: number) =>
  db.select().from(events).where(eq(events.ticketId, ticketId)).orderBy(asc(events.id)).all();
