import { table } from './kit.js';
import { models } from './models.js';
import { refreshConfigs } from './refresh-configs.js';

export const configApprovedModels = table(
  'config_approved_models',
  (c) => ({
    configId: c
      .integer('config_id')
      .notNull()
      .references(() => refreshConfigs.id, { onDelete: 'cascade' }),
    modelId: c
      .integer('model_id')
      .notNull()
      .references(() => models.id, { onDelete: 'cascade' }),
  }),
  (t, k) => [k.primaryKey({ columns: [t.configId, t.modelId] })],
);
