import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { instant } from './columns.js';
import { refreshConfigs } from './refresh-configs.js';

/** A named list of serial numbers from which tickets are created in bulk. */
export const batches = sqliteTable('batches', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull().unique(),
  configId: integer('config_id').references(() => refreshConfigs.id),
  createdBy: text('created_by').notNull(),
  createdAt: instant('created_at').notNull(),
  lookedUpAt: instant('looked_up_at'),
  // The one Slack message that shows the batch and updates with progress.
  messageChannel: text('message_channel'),
  messageTs: text('message_ts'),
});
