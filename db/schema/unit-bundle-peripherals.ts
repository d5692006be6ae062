import { integer, primaryKey, sqliteTable } from 'drizzle-orm/sqlite-core';
import { peripherals } from './peripherals.js';
import { units } from './units.js';

/** The unit's default peripheral bundle, copied into new configs. */
export const unitBundlePeripherals = sqliteTable(
  'unit_bundle_peripherals',
  {
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id, { onDelete: 'cascade' }),
    peripheralId: integer('peripheral_id')
      .notNull()
      .references(() => peripherals.id, { onDelete: 'cascade' }),
    quantity: integer('quantity').notNull().default(1),
  },
  (t) => [primaryKey({ columns: [t.unitId, t.peripheralId] })],
);
