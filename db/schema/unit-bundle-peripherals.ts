import { table } from './kit.js';
import { peripherals } from './peripherals.js';
import { units } from './units.js';

/** The unit's default peripheral bundle, copied into new configs. */
export const unitBundlePeripherals = table(
  'unit_bundle_peripherals',
  (c) => ({
    unitId: c
      .integer('unit_id')
      .notNull()
      .references(() => units.id, { onDelete: 'cascade' }),
    peripheralId: c
      .integer('peripheral_id')
      .notNull()
      .references(() => peripherals.id, { onDelete: 'cascade' }),
    quantity: c.integer('quantity').notNull().default(1),
  }),
  (t, k) => [k.primaryKey({ columns: [t.unitId, t.peripheralId] })],
);
