import { table } from './kit.js';
import { peripherals } from './peripherals.js';
import { refreshConfigs } from './refresh-configs.js';

export const configBundlePeripherals = table(
  'config_bundle_peripherals',
  (c) => ({
    configId: c
      .integer('config_id')
      .notNull()
      .references(() => refreshConfigs.id, { onDelete: 'cascade' }),
    peripheralId: c
      .integer('peripheral_id')
      .notNull()
      .references(() => peripherals.id, { onDelete: 'cascade' }),
    quantity: c.integer('quantity').notNull().default(1),
  }),
  (t, k) => [k.primaryKey({ columns: [t.configId, t.peripheralId] })],
);
