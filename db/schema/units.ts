import { table } from './kit.js';

export const units = table('units', (c) => ({
  id: c.id(),
  name: c.text('name').notNull().unique(),
  createdAt: c.instant('created_at').notNull(),
}));
