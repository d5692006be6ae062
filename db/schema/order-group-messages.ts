import { table } from './kit.js';
import { orderGroups } from './order-groups.js';

/**
 * Where an order group's manifest was posted for admins, so each copy is updated when the group
 * changes (approved, denied, PO recorded) and none keeps showing an old status or buttons.
 */
export const orderGroupMessages = table(
  'order_group_messages',
  (c) => ({
    orderGroupId: c
      .integer('order_group_id')
      .notNull()
      .references(() => orderGroups.id, { onDelete: 'cascade' }),
    channel: c.text('channel').notNull(),
    ts: c.text('ts').notNull(),
    postedAt: c.instant('posted_at').notNull(),
  }),
  (t, k) => [
    k.primaryKey({ columns: [t.channel, t.ts] }),
    k.index('order_group_messages_group_idx').on(t.orderGroupId),
  ],
);
