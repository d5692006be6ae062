import { deskCategories } from './desk-categories.js';
import { deskGroups } from './desk-groups.js';
import { table } from './kit.js';

/** Dispatcher rules, tried in `position` order; the first that matches routes a new case. */
export const deskRules = table(
  'desk_rules',
  (c) => ({
    id: c.id(),
    name: c.text('name').notNull().unique(),
    position: c.integer('position').notNull(),
    categoryId: c.integer('category_id').references(() => deskCategories.id),
    /** Words or phrases, any one of which the subject / description must have (whole words). */
    subjectWords: c.json<string[]>('subject_words').notNull(),
    descriptionWords: c.json<string[]>('description_words').notNull(),
    /** A regular expression tried on the subject and the description, instead of words. */
    pattern: c.text('pattern'),
    groupId: c
      .integer('group_id')
      .notNull()
      .references(() => deskGroups.id),
    /** The person to assign; none → the group's main person. */
    assigneeSlackUserId: c.text('assignee_slack_user_id'),
    createdAt: c.instant('created_at').notNull(),
    updatedAt: c.instant('updated_at').notNull(),
  }),
  (t, k) => [k.index('desk_rules_position').on(t.position)],
);
