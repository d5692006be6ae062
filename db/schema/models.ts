import { platforms } from '../../src/domain/refresh/enums.js';
import { table } from './kit.js';

export const models = table(
  'models',
  (c) => ({
    id: c.id(),
    manufacturer: c.text('manufacturer').notNull(),
    name: c.text('name').notNull(),
    platform: c.text('platform', { enum: platforms }).notNull(),
  }),
  (t, k) => [k.uniqueIndex('models_manufacturer_name_uq').on(t.manufacturer, t.name)],
);
