import { sql } from 'drizzle-orm';
import { refreshStatuses, refreshStyles } from '../../src/domain/refresh/enums.js';
import { batches } from './batches.js';
import { table } from './kit.js';
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

export const refreshTickets = table(
  'refresh_tickets',
  (c) => ({
    id: c.id(),
    existingSystemId: c
      .integer('existing_system_id')
      .notNull()
      .references(() => systems.id),
    userId: c.integer('user_id').references(() => people.id),
    delegateId: c.integer('delegate_id').references(() => people.id),
    configId: c
      .integer('config_id')
      .notNull()
      .references(() => refreshConfigs.id),
    style: c.text('style', { enum: refreshStyles }).notNull(),
    status: c.text('status', { enum: refreshStatuses }).notNull(),
    // The status to return to when a hold is lifted.
    statusBeforeHold: c.text('status_before_hold', { enum: refreshStatuses }),
    proposedModelId: c.integer('proposed_model_id').references(() => models.id),
    chosenModelId: c.integer('chosen_model_id').references(() => models.id),
    differentDeviceRequested: c.flag('different_device_requested').notNull().default(false),
    differentDeviceReason: c.text('different_device_reason'),
    // The device to order instead, recorded by the approver (or depot) when the customer asked for
    // a different one; it wins over the chosen and proposed models in ordering.
    orderedModelId: c.integer('ordered_model_id').references(() => models.id),
    building: c.text('building'),
    room: c.text('room'),
    shippingAddress: c.json<ShippingAddress>('shipping_address'),
    replacementSystemId: c.integer('replacement_system_id').references(() => systems.id),
    groupId: c.integer('group_id').references(() => systemGroups.id),
    supportTeamId: c.integer('support_team_id').references(() => supportTeams.id),
    scheduleSlotId: c.integer('schedule_slot_id').references(() => scheduleSlots.id),
    // The appointment in the customer's calendar: its iCalendar UID (random, so no other
    // database ever makes it again) while an invitation stands, and its SEQUENCE, raised by each
    // update or cancellation sent for it.
    appointmentUid: c.text('appointment_uid'),
    appointmentSequence: c.integer('appointment_sequence').notNull().default(0),
    trackingNumber: c.text('tracking_number'),
    orderGroupId: c.integer('order_group_id').references(() => orderGroups.id),
    batchId: c.integer('batch_id').references(() => batches.id),
    itsmTicketId: c.text('itsm_ticket_id'),
    // Wizard answers so far, so a customer who closes the modal resumes where they left off.
    wizardState: c.json<Record<string, unknown>>('wizard_state'),
    denialReason: c.text('denial_reason'),
    decidedBy: c.text('decided_by'),
    decidedAt: c.instant('decided_at'),
    invitationDueAt: c.instant('invitation_due_at'),
    invitedAt: c.instant('invited_at'),
    remindersSent: c.integer('reminders_sent').notNull().default(0),
    notes: c.text('notes'),
    createdBy: c.text('created_by').notNull(),
    createdAt: c.instant('created_at').notNull(),
    updatedAt: c.instant('updated_at').notNull(),
  }),
  (t, k) => [
    k.index('refresh_tickets_status_idx').on(t.status),
    k.index('refresh_tickets_config_idx').on(t.configId),
    k.index('refresh_tickets_user_idx').on(t.userId),
    k.index('refresh_tickets_delegate_idx').on(t.delegateId),
    k.index('refresh_tickets_invitation_idx').on(t.invitationDueAt),
    // One open ticket per existing system.
    k
      .uniqueIndex('refresh_tickets_open_system_uq')
      .on(t.existingSystemId)
      .where(sql`${t.status} not in ('complete', 'canceled')`),
    k.uniqueIndex('refresh_tickets_replacement_uq').on(t.replacementSystemId),
  ],
);
