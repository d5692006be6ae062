import { table } from './kit.js';
import { scheduleSlotPreferences } from './schedule-slot-preferences.js';
import { supportTeams } from './support-teams.js';

export const scheduleSlots = table(
  'schedule_slots',
  (c) => ({
    id: c.id(),
    supportTeamId: c
      .integer('support_team_id')
      .notNull()
      .references(() => supportTeams.id),
    preferenceId: c.integer('preference_id').references(() => scheduleSlotPreferences.id, {
      onDelete: 'set null',
    }),
    startsAt: c.instant('starts_at').notNull(),
    endsAt: c.instant('ends_at').notNull(),
    capacity: c.integer('capacity').notNull(),
    booked: c.integer('booked').notNull().default(0),
    // Deleted slots are kept so nightly generation never makes them again.
    deletedAt: c.instant('deleted_at'),
    deletedBy: c.text('deleted_by'),
  }),
  (t, k) => [k.uniqueIndex('schedule_slots_team_start_uq').on(t.supportTeamId, t.startsAt)],
);
