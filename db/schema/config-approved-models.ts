import { integer, primaryKey, sqliteTable } from 'drizzle-orm/sqlite-core';
import { models } from './models.js';
import { refreshConfigs } from './refresh-configs.js';

export const configApprovedModels = sqliteTable(
  'config_approved_models',
  {
    configId: integer('config_id')
      .notNull()
      .references(() => refreshConfigs.id, { onDelete: 'cascade' }),
    modelId: integer('model_id')
      .notNull()
      .references(() => models.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.configId, t.modelId] })],
);
