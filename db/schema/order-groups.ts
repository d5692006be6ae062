import { orderGroupStatuses } from '../../src/domain/refresh/enums.js';
import { table } from './kit.js';
import { units } from './units.js';

export const orderGroups = table('order_groups', (c) => ({
  id: c.id(),
  name: c.text('name').notNull().unique(),
  unitId: c.integer('unit_id').references(() => units.id),
  status: c.text('status', { enum: orderGroupStatuses }).notNull().default('open'),
  poNumber: c.text('po_number'),
  requestItem: c.text('request_item'),
  approvedBy: c.text('approved_by'),
  approvedAt: c.instant('approved_at'),
  // The last denial, shown on the manifest until the group is approved.
  deniedBy: c.text('denied_by'),
  denialReason: c.text('denial_reason'),
  createdBy: c.text('created_by').notNull(),
  createdAt: c.instant('created_at').notNull(),
}));
