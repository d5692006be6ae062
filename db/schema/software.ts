import { table } from './kit.js';

export const software = table('software', (c) => ({
  id: c.id(),
  name: c.text('name').notNull().unique(),
  requiresApproval: c.flag('requires_approval').notNull().default(false),
}));
