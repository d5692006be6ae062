import { refreshStyles } from '../../src/domain/refresh/enums.js';
import { table } from './kit.js';
import { models } from './models.js';
import { units } from './units.js';

export const refreshConfigs = table('refresh_configs', (c) => ({
  id: c.id(),
  name: c.text('name').notNull().unique(),
  unitId: c.integer('unit_id').references(() => units.id),
  style: c.text('style', { enum: refreshStyles }).notNull(),
  canCustomizeComputer: c.flag('can_customize_computer').notNull().default(false),
  canCustomizePlatform: c.flag('can_customize_platform').notNull().default(false),
  canRequestDifferentDevice: c.flag('can_request_different_device').notNull().default(false),
  canCustomizePeripherals: c.flag('can_customize_peripherals').notNull().default(false),
  canCustomizeSoftware: c.flag('can_customize_software').notNull().default(false),
  requiresApproval: c.flag('requires_approval').notNull().default(false),
  proposedModelId: c.integer('proposed_model_id').references(() => models.id),
  unitSpecifiedLocation: c.text('unit_specified_location'),
  createdAt: c.instant('created_at').notNull(),
  updatedAt: c.instant('updated_at').notNull(),
}));
