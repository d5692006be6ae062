import { z } from 'zod';
import { configLimits } from '../../domain/refresh/forms.js';
import { wizardPageIds } from '../../domain/refresh/wizard/index.js';
import { buttonValue, modalMetadata } from '../ids.js';

// The refresh module's button values and modal metadata, each with its encode/parse pair.

const id = z.number().int().positive();

/** A button on a ticket carries the status the person saw, so a stale click is recognised. */
const TicketButtonValue = z.object({ ticketId: id, status: z.string() });
export type TicketButtonValue = z.infer<typeof TicketButtonValue>;
export const ticketValue = buttonValue(TicketButtonValue);

/**
 * Where a ticket button was pressed, so the answer goes back there: the Home tab, the card in a
 * modal, or a message (the card from `/otto ticket`, or an approval DM) reached by its response_url.
 */
const TicketSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('home') }),
  z.object({ kind: z.literal('modal'), viewId: z.string().min(1), fromHome: z.boolean() }),
  z.object({
    kind: z.literal('message'),
    responseUrl: z.url(),
    card: z.boolean(),
    /** A row of the Friday digest: only that row changes, as every digest showing the ticket does. */
    digestRow: z.boolean().optional(),
  }),
  /** A form opened by a slash command: answered by DM. */
  z.object({ kind: z.literal('command') }),
]);
export type TicketSource = z.infer<typeof TicketSource>;

/** A ticket form's private_metadata: the ticket, the status seen, and where to answer. */
const TicketFormMetadata = z.object({ ticketId: id, status: z.string(), source: TicketSource });
export type TicketFormMetadata = z.infer<typeof TicketFormMetadata>;
export const ticketFormMetadata = modalMetadata(TicketFormMetadata);

/** Where a card modal was opened, so its buttons can refresh what the viewer came from. */
const CardModalMetadata = z.object({ ticketId: id, fromHome: z.boolean() });
export type CardModalMetadata = z.infer<typeof CardModalMetadata>;
export const cardModalMetadata = modalMetadata(CardModalMetadata);

/** What a wizard modal remembers: the ticket, the page shown, and the status it was opened on. */
const WizardMetadata = z.object({ ticketId: id, page: z.enum(wizardPageIds), status: z.string() });
export type WizardMetadata = z.infer<typeof WizardMetadata>;
export const wizardMetadata = modalMetadata(WizardMetadata);

/** A booking modal: the ticket whose time is picked. */
const BookSlotMetadata = z.object({ ticketId: id });
export type BookSlotMetadata = z.infer<typeof BookSlotMetadata>;
export const bookSlotMetadata = modalMetadata(BookSlotMetadata);

/** The bulk reschedule form: where it was opened, so progress is posted there. */
const BulkRescheduleMetadata = z.object({ channelId: z.string() });
export type BulkRescheduleMetadata = z.infer<typeof BulkRescheduleMetadata>;
export const bulkRescheduleMetadata = modalMetadata(BulkRescheduleMetadata);

/** A batch message's buttons name the batch. */
const BatchButtonValue = z.object({ batchId: id });
export type BatchButtonValue = z.infer<typeof BatchButtonValue>;
export const batchValue = buttonValue(BatchButtonValue);

/** The new-batch modal: where the command was typed, so the batch's message is posted there. */
const BatchNewMetadata = z.object({ channelId: z.string().max(40) });
export type BatchNewMetadata = z.infer<typeof BatchNewMetadata>;
export const batchNewMetadata = modalMetadata(BatchNewMetadata);

/** The "Create tickets" modal of a batch. */
const BatchCreateMetadata = z.object({ batchId: id });
export type BatchCreateMetadata = z.infer<typeof BatchCreateMetadata>;
export const batchCreateMetadata = modalMetadata(BatchCreateMetadata);

/** The config list's Edit button names the config; its page buttons the page. */
const ConfigButtonValue = z.object({ configId: id });
export type ConfigButtonValue = z.infer<typeof ConfigButtonValue>;
export const configValue = buttonValue(ConfigButtonValue);

const ConfigPageValue = z.object({ page: id });
export type ConfigPageValue = z.infer<typeof ConfigPageValue>;
export const configPageValue = buttonValue(ConfigPageValue);

/**
 * The config form: the config edited (null: a new one) and when it was last saved, to catch a stale
 * edit; and the unit specified location typed while another style hides its input, to show it
 * again if that style is picked back.
 */
const ConfigFormMetadata = z.object({
  configId: id.nullable(),
  updatedAt: z.number().int().nullable(),
  keptLocation: z.string().max(configLimits.unitSpecifiedLocation).optional(),
});
export type ConfigFormMetadata = z.infer<typeof ConfigFormMetadata>;
export const configFormMetadata = modalMetadata(ConfigFormMetadata);

/** An order group's buttons carry the status the admin or approver saw. */
const OrderGroupButtonValue = z.object({ orderGroupId: id, status: z.string() });
export type OrderGroupButtonValue = z.infer<typeof OrderGroupButtonValue>;
export const orderGroupValue = buttonValue(OrderGroupButtonValue);

/** The new-group modal: where the command was typed, so the manifest is posted there. */
const OrderGroupNewMetadata = z.object({ channelId: z.string() });
export type OrderGroupNewMetadata = z.infer<typeof OrderGroupNewMetadata>;
export const orderGroupNewMetadata = modalMetadata(OrderGroupNewMetadata);

/** The PO form: the group, and the manifest message to update once the PO is recorded. */
const OrderGroupPoMetadata = z.object({
  orderGroupId: id,
  channelId: z.string().optional(),
  ts: z.string().optional(),
});
export type OrderGroupPoMetadata = z.infer<typeof OrderGroupPoMetadata>;
export const orderGroupPoMetadata = modalMetadata(OrderGroupPoMetadata);

/** The order-group deny form: the group, the status seen, and whether it was opened from the Home. */
const OrderGroupDenyMetadata = z.object({ orderGroupId: id, status: z.string(), fromHome: z.boolean() });
export type OrderGroupDenyMetadata = z.infer<typeof OrderGroupDenyMetadata>;
export const orderGroupDenyMetadata = modalMetadata(OrderGroupDenyMetadata);

/** The device form: the ticket, and the manifest message it was opened from (to update it), if any. */
const DeviceFormMetadata = z.object({
  ticketId: id,
  channelId: z.string().optional(),
  ts: z.string().optional(),
});
export type DeviceFormMetadata = z.infer<typeof DeviceFormMetadata>;
export const deviceFormMetadata = modalMetadata(DeviceFormMetadata);

/** The bulk assignment form: where progress is posted, and the order group it came from, if any. */
const AssignMetadata = z.object({
  channelId: z.string(),
  orderGroupId: id.optional(),
  groupName: z.string().max(100).optional(),
});
export type AssignMetadata = z.infer<typeof AssignMetadata>;
export const assignMetadata = modalMetadata(AssignMetadata);

/** The tracking numbers form: where the confirmation is shown. */
const TrackingMetadata = z.object({ channelId: z.string().min(1) });
export type TrackingMetadata = z.infer<typeof TrackingMetadata>;
export const trackingMetadata = modalMetadata(TrackingMetadata);

/** The built-in ITSM ticket's buttons: the ticket, and the task for "Done". */
const ItsmTicketButtonValue = z.object({ itsmTicketId: id, taskId: id.optional() });
export type ItsmTicketButtonValue = z.infer<typeof ItsmTicketButtonValue>;
export const itsmTicketValue = buttonValue(ItsmTicketButtonValue);
