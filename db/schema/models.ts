import { integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { platforms } from '../../src/domain/refresh/enums.js';

export const models = sqliteTable(
  'models',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    manufacturer: text('manufacturer').notNull(),
    name: text('name').notNull(),
    platform: text('platform', { enum: platforms }).notNull(),
  },
  (t) => [uniqueIndex('models_manufacturer_name_uq').on(t.manufacturer, t.name)],
);
