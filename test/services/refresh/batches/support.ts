import { type OpenDatabase, openDatabase } from '../../../../db/client.js';
import { ManualClock } from '../../../../src/clock.js';
import { createBusinessCalendar, defaultCalendarSettings } from '../../../../src/domain/calendar/index.js';
import { createBuiltinItsm } from '../../../../src/itsm/builtin.js';
import type { ServiceContext } from '../../../../src/services/context.js';
import { seedWorld, type World } from '../../../helpers/factories.js';

export interface BatchTestWorld {
  database: OpenDatabase;
  ctx: ServiceContext;
  clock: ManualClock;
  world: World;
  close(): void;
}

/** An in-memory database with migrations applied, the test world seeded and a service context on it. */
export function openBatchWorld(start = '2026-11-16T15:00:00Z'): BatchTestWorld {
  const database = openDatabase(':memory:');
  const clock = new ManualClock(start);
  const world = seedWorld(database.db, clock.now());
  const ctx: ServiceContext = {
    db: database.db,
    clock,
    noticesWritten: () => {},
    links: { openApp: 'https://example.slack.com/', publicUrl: 'https://otto.example.edu' },
    calendar: createBusinessCalendar(defaultCalendarSettings),
    itsm: createBuiltinItsm(database.db, clock),
  };
  return { database, ctx, clock, world, close: () => database.close() };
}
