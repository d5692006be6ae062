import { asc } from 'drizzle-orm';
import { vi } from 'vitest';
import { type Db, openDatabase } from '../../../../db/client.js';
import {
  audits,
  events,
  outbox,
  people,
  refreshTickets,
  ticketPeripherals,
} from '../../../../db/schema/index.js';
import { ManualClock } from '../../../../src/clock.js';
import { createBusinessCalendar, defaultCalendarSettings } from '../../../../src/domain/calendar/index.js';
import { createBuiltinItsm } from '../../../../src/itsm/builtin.js';
import type { ServiceContext } from '../../../../src/services/context.js';
import { seedWorld, type World } from '../../../helpers/factories.js';

export interface ServiceWorld {
  db: Db;
  ctx: ServiceContext & { noticesWritten: ReturnType<typeof vi.fn> };
  clock: ManualClock;
  world: World;
  close(): void;
}

/** A migrated in-memory database with the test world, and the context services run with. */
export function openServiceWorld(start = '2026-11-17T15:00:00Z'): ServiceWorld {
  const { db, close } = openDatabase(':memory:');
  const clock = new ManualClock(start);
  const world = seedWorld(db);
  const ctx = {
    db,
    clock,
    noticesWritten: vi.fn(),
    links: { openApp: 'https://example.slack.com/app', publicUrl: 'http://localhost' },
    calendar: createBusinessCalendar(defaultCalendarSettings),
    itsm: createBuiltinItsm(db, clock),
  };
  return { db, ctx, clock, world, close };
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
