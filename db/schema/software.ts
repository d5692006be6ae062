import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { flag } from './columns.js';

export const software = sqliteTable('software', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull().unique(),
  requiresApproval: flag('requires_approval').notNull().default(false),
});
