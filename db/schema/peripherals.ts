import { table } from './kit.js';

export const peripherals = table('peripherals', (c) => ({
  id: c.id(),
  name: c.text('name').notNull().unique(),
  requiresApproval: c.flag('requires_approval').notNull().default(false),
}));
