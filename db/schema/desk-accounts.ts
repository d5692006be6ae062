import { table } from './kit.js';

/** Accounts (seed 004: the unit of a university, the client of an MSP) that cases are opened for. */
export const deskAccounts = table('desk_accounts', (c) => ({
  id: c.id(),
  name: c.text('name').notNull().unique(),
  createdAt: c.instant('created_at').notNull(),
  updatedAt: c.instant('updated_at').notNull(),
}));
