import { integer, primaryKey, sqliteTable } from 'drizzle-orm/sqlite-core';
import { peripherals } from './peripherals.js';
import { refreshConfigs } from './refresh-configs.js';

export const configBundlePeripherals = sqliteTable(
  'config_bundle_peripherals',
  {
    configId: integer('config_id')
      .notNull()
      .references(() => refreshConfigs.id, { onDelete: 'cascade' }),
    peripheralId: integer('peripheral_id')
      .notNull()
      .references(() => peripherals.id, { onDelete: 'cascade' }),
    quantity: integer('quantity').notNull().default(1),
  },
  (t) => [primaryKey({ columns: [t.configId, t.peripheralId] })],
);
