import { table } from './kit.js';
import { supportTeams } from './support-teams.js';

/** A weekly rule from which nightly generation makes a team's slots. Times are wall clock in the team's zone. */
export const scheduleSlotPreferences = table(
  'schedule_slot_preferences',
  (c) => ({
    id: c.id(),
    supportTeamId: c
      .integer('support_team_id')
      .notNull()
      .references(() => supportTeams.id, { onDelete: 'cascade' }),
    // ISO weekdays 1 (Monday) … 7 (Sunday).
    weekdays: c.json<number[]>('weekdays').notNull(),
    startTime: c.text('start_time').notNull(),
    endTime: c.text('end_time').notNull(),
    slotMinutes: c.integer('slot_minutes').notNull(),
    capacity: c.integer('capacity').notNull(),
    effectiveFrom: c.text('effective_from').notNull(),
    effectiveTo: c.text('effective_to'),
    updatedBy: c.text('updated_by').notNull(),
    updatedAt: c.instant('updated_at').notNull(),
  }),
  (t, k) => [k.index('slot_preferences_team_idx').on(t.supportTeamId)],
);
