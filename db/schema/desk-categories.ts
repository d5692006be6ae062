import type { CaseStatus } from '../../src/domain/desk/enums.js';
import { deskGroups } from './desk-groups.js';
import { table } from './kit.js';

/** Case categories: the group a case of it goes to by default, and the statuses it may take (seed 002). */
export const deskCategories = table('desk_categories', (c) => ({
  id: c.id(),
  name: c.text('name').notNull().unique(),
  defaultGroupId: c.integer('default_group_id').references(() => deskGroups.id),
  statuses: c.json<CaseStatus[]>('statuses').notNull(),
  createdAt: c.instant('created_at').notNull(),
  updatedAt: c.instant('updated_at').notNull(),
}));
