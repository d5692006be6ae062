import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { refreshStyles } from '../../src/domain/refresh/enums.js';
import { flag, instant } from './columns.js';
import { models } from './models.js';
import { units } from './units.js';

export const refreshConfigs = sqliteTable('refresh_configs', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull().unique(),
  unitId: integer('unit_id').references(() => units.id),
  style: text('style', { enum: refreshStyles }).notNull(),
  canCustomizeComputer: flag('can_customize_computer').notNull().default(false),
  canCustomizePlatform: flag('can_customize_platform').notNull().default(false),
  canRequestDifferentDevice: flag('can_request_different_device').notNull().default(false),
  canCustomizePeripherals: flag('can_customize_peripherals').notNull().default(false),
  canCustomizeSoftware: flag('can_customize_software').notNull().default(false),
  requiresApproval: flag('requires_approval').notNull().default(false),
  proposedModelId: integer('proposed_model_id').references(() => models.id),
  unitSpecifiedLocation: text('unit_specified_location'),
  createdAt: instant('created_at').notNull(),
  updatedAt: instant('updated_at').notNull(),
});
