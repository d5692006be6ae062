import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { instant } from './columns.js';
import { supportTeams } from './support-teams.js';

/** A weekly rule from which nightly generation makes a team's slots. Times are wall clock in the team's zone. */
export const scheduleSlotPreferences = sqliteTable(
  'schedule_slot_preferences',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    supportTeamId: integer('support_team_id')
      .notNull()
      .references(() => supportTeams.id, { onDelete: 'cascade' }),
    // ISO weekdays 1 (Monday) … 7 (Sunday).
    weekdays: text('weekdays', { mode: 'json' }).$type<number[]>().notNull(),
    startTime: text('start_time').notNull(),
    endTime: text('end_time').notNull(),
    slotMinutes: integer('slot_minutes').notNull(),
    capacity: integer('capacity').notNull(),
    effectiveFrom: text('effective_from').notNull(),
    effectiveTo: text('effective_to'),
    updatedBy: text('updated_by').notNull(),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [index('slot_preferences_team_idx').on(t.supportTeamId)],
);
