import { integer, primaryKey, sqliteTable } from 'drizzle-orm/sqlite-core';
import { models } from './models.js';
import { units } from './units.js';

export const unitApprovedModels = sqliteTable(
  'unit_approved_models',
  {
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id, { onDelete: 'cascade' }),
    modelId: integer('model_id')
      .notNull()
      .references(() => models.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.unitId, t.modelId] })],
);
