import { integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { instant } from './columns.js';
import { scheduleSlotPreferences } from './schedule-slot-preferences.js';
import { supportTeams } from './support-teams.js';

export const scheduleSlots = sqliteTable(
  'schedule_slots',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    supportTeamId: integer('support_team_id')
      .notNull()
      .references(() => supportTeams.id),
    preferenceId: integer('preference_id').references(() => scheduleSlotPreferences.id, {
      onDelete: 'set null',
    }),
    startsAt: instant('starts_at').notNull(),
    endsAt: instant('ends_at').notNull(),
    capacity: integer('capacity').notNull(),
    booked: integer('booked').notNull().default(0),
    // Deleted slots are kept so nightly generation never makes them again.
    deletedAt: instant('deleted_at'),
    deletedBy: text('deleted_by'),
  },
  (t) => [uniqueIndex('schedule_slots_team_start_uq').on(t.supportTeamId, t.startsAt)],
);
