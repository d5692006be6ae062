import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { refreshStatuses, refreshStyles } from '../../src/domain/refresh/enums.js';
import { batches } from './batches.js';
import { flag, instant } from './columns.js';
import { models } from './models.js';
import { orderGroups } from './order-groups.js';
import { people } from './people.js';
import { refreshConfigs } from './refresh-configs.js';
import { scheduleSlots } from './schedule-slots.js';
import { supportTeams } from './support-teams.js';
import { systemGroups } from './system-groups.js';
import { systems } from './systems.js';

export interface ShippingAddress {
  recipient: string;
  line1: string;
  line2?: string;
  city: string;
  region: string;
  postalCode: string;
  country: string;
}

export const refreshTickets = sqliteTable(
  'refresh_tickets',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    existingSystemId: integer('existing_system_id')
      .notNull()
      .references(() => systems.id),
    userId: integer('user_id').references(() => people.id),
    delegateId: integer('delegate_id').references(() => people.id),
    configId: integer('config_id')
      .notNull()
      .references(() => refreshConfigs.id),
    style: text('style', { enum: refreshStyles }).notNull(),
    status: text('status', { enum: refreshStatuses }).notNull(),
    // The status to return to when a hold is lifted.
    statusBeforeHold: text('status_before_hold', { enum: refreshStatuses }),
    proposedModelId: integer('proposed_model_id').references(() => models.id),
    chosenModelId: integer('chosen_model_id').references(() => models.id),
    differentDeviceRequested: flag('different_device_requested').notNull().default(false),
    differentDeviceReason: text('different_device_reason'),
    building: text('building'),
    room: text('room'),
    shippingAddress: text('shipping_address', { mode: 'json' }).$type<ShippingAddress>(),
    replacementSystemId: integer('replacement_system_id').references(() => systems.id),
    groupId: integer('group_id').references(() => systemGroups.id),
    supportTeamId: integer('support_team_id').references(() => supportTeams.id),
    scheduleSlotId: integer('schedule_slot_id').references(() => scheduleSlots.id),
    trackingNumber: text('tracking_number'),
    orderGroupId: integer('order_group_id').references(() => orderGroups.id),
    batchId: integer('batch_id').references(() => batches.id),
    itsmTicketId: text('itsm_ticket_id'),
    // Wizard answers so far, so a customer who closes the modal resumes where they left off.
    wizardState: text('wizard_state', { mode: 'json' }).$type<Record<string, unknown>>(),
    denialReason: text('denial_reason'),
    decidedBy: text('decided_by'),
    decidedAt: instant('decided_at'),
    invitationDueAt: instant('invitation_due_at'),
    invitedAt: instant('invited_at'),
    remindersSent: integer('reminders_sent').notNull().default(0),
    notes: text('notes'),
    createdBy: text('created_by').notNull(),
    createdAt: instant('created_at').notNull(),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [
    index('refresh_tickets_status_idx').on(t.status),
    index('refresh_tickets_config_idx').on(t.configId),
    index('refresh_tickets_user_idx').on(t.userId),
    index('refresh_tickets_delegate_idx').on(t.delegateId),
    index('refresh_tickets_invitation_idx').on(t.invitationDueAt),
    // One open ticket per existing system.
    uniqueIndex('refresh_tickets_open_system_uq')
      .on(t.existingSystemId)
      .where(sql`${t.status} not in ('complete', 'canceled')`),
    uniqueIndex('refresh_tickets_replacement_uq').on(t.replacementSystemId),
  ],
);
