import { table } from './kit.js';
import { peripherals } from './peripherals.js';
import { units } from './units.js';

export const unitApprovedPeripherals = table(
  'unit_approved_peripherals',
  (c) => ({
    unitId: c
      .integer('unit_id')
      .notNull()
      .references(() => units.id, { onDelete: 'cascade' }),
    peripheralId: c
      .integer('peripheral_id')
      .notNull()
      .references(() => peripherals.id, { onDelete: 'cascade' }),
  }),
  (t, k) => [k.primaryKey({ columns: [t.unitId, t.peripheralId] })],
);
