import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { orderGroupStatuses } from '../../src/domain/refresh/enums.js';
import { instant } from './columns.js';
import { units } from './units.js';

export const orderGroups = sqliteTable('order_groups', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull().unique(),
  unitId: integer('unit_id').references(() => units.id),
  status: text('status', { enum: orderGroupStatuses }).notNull().default('open'),
  poNumber: text('po_number'),
  requestItem: text('request_item'),
  approvedBy: text('approved_by'),
  approvedAt: instant('approved_at'),
  createdBy: text('created_by').notNull(),
  createdAt: instant('created_at').notNull(),
});
