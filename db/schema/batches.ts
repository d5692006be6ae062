import { table } from './kit.js';
import { refreshConfigs } from './refresh-configs.js';

/** A named list of serial numbers from which tickets are created in bulk. */
export const batches = table('batches', (c) => ({
  id: c.id(),
  name: c.text('name').notNull().unique(),
  configId: c.integer('config_id').references(() => refreshConfigs.id),
  createdBy: c.text('created_by').notNull(),
  createdAt: c.instant('created_at').notNull(),
  lookedUpAt: c.instant('looked_up_at'),
  // The one Slack message that shows the batch and updates with progress.
  messageChannel: c.text('message_channel'),
  messageTs: c.text('message_ts'),
}));
