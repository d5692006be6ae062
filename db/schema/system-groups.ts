import { table } from './kit.js';

/** The Otto group a replacement system is placed in when it is assigned. */
export const systemGroups = table('system_groups', (c) => ({
  id: c.id(),
  name: c.text('name').notNull().unique(),
}));
