import { table } from './kit.js';
import { models } from './models.js';
import { units } from './units.js';

export const unitApprovedModels = table(
  'unit_approved_models',
  (c) => ({
    unitId: c
      .integer('unit_id')
      .notNull()
      .references(() => units.id, { onDelete: 'cascade' }),
    modelId: c
      .integer('model_id')
      .notNull()
      .references(() => models.id, { onDelete: 'cascade' }),
  }),
  (t, k) => [k.primaryKey({ columns: [t.unitId, t.modelId] })],
);
