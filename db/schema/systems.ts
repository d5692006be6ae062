import { platforms, systemStatuses } from '../../src/domain/refresh/enums.js';
import { table } from './kit.js';
import { models } from './models.js';
import { people } from './people.js';
import { supportTeams } from './support-teams.js';
import { systemGroups } from './system-groups.js';
import { units } from './units.js';

export const systems = table(
  'systems',
  (c) => ({
    id: c.id(),
    serial: c.text('serial').notNull().unique(),
    name: c.text('name'),
    modelId: c.integer('model_id').references(() => models.id),
    platform: c.text('platform', { enum: platforms }),
    userId: c.integer('user_id').references(() => people.id),
    supportTeamId: c.integer('support_team_id').references(() => supportTeams.id),
    unitId: c.integer('unit_id').references(() => units.id),
    building: c.text('building'),
    room: c.text('room'),
    groupId: c.integer('group_id').references(() => systemGroups.id),
    status: c.text('status', { enum: systemStatuses }).notNull().default('active'),
    // Added from a pasted replacement serial: not known to the inventory until it is imported or an
    // admin confirms it, so the built-in ITSM does not find it (a typo must not reach delivery).
    unconfirmed: c.flag('unconfirmed').notNull().default(false),
    updatedAt: c.instant('updated_at').notNull(),
  }),
  (t, k) => [
    k.index('systems_user_idx').on(t.userId),
    k.index('systems_support_team_idx').on(t.supportTeamId),
  ],
);
