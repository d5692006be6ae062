import { integer, primaryKey, sqliteTable } from 'drizzle-orm/sqlite-core';
import { peripherals } from './peripherals.js';
import { units } from './units.js';

export const unitApprovedPeripherals = sqliteTable(
  'unit_approved_peripherals',
  {
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id, { onDelete: 'cascade' }),
    peripheralId: integer('peripheral_id')
      .notNull()
      .references(() => peripherals.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.unitId, t.peripheralId] })],
);
