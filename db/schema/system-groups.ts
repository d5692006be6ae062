import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** The Otto group a replacement system is placed in when it is assigned. */
export const systemGroups = sqliteTable('system_groups', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull().unique(),
});
