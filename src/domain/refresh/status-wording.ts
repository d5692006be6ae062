import type { OrderGroupStatus, RefreshStatus } from './enums.js';

// A status label ("requires approval") names a column or a heading; dropped into a sentence it
// reads wrong ("it is now requires approval"). These are the words that follow "is" or "is now".

const ticketPhrases: Record<RefreshStatus, string> = {
  pending_customer: 'waiting for its customer to finish the wizard',
  requires_approval: 'waiting for approval',
  pending_location_info: 'waiting for staff to fill in its location',
  pending_ordering: 'waiting to be ordered',
  pending_itsm_existence: 'waiting for its replacement to show up in the ITSM',
  pending_schedule_slot_discovery: 'waiting for delivery times to open up',
  pending_customer_scheduling: 'waiting for its customer to pick a delivery time',
  pending_delivery: 'waiting for delivery',
  delivery_scheduled: 'scheduled for delivery',
  complete: 'complete',
  on_hold: 'on hold',
  canceled: 'canceled',
};

const orderGroupPhrases: Record<OrderGroupStatus, string> = {
  open: 'still open',
  awaiting_approval: 'awaiting approval',
  approved: 'approved',
  ordered: 'ordered',
};

/** A refresh ticket's status as it reads in a sentence: "Refresh #12 is now waiting for approval". */
export function statusPhrase(status: RefreshStatus): string {
  return ticketPhrases[status] ?? status.replace(/_/g, ' ');
}

/** An order group's status as it reads in a sentence: "Order group LSA is awaiting approval". */
export function orderGroupStatusPhrase(status: OrderGroupStatus | (string & {})): string {
  return orderGroupPhrases[status as OrderGroupStatus] ?? status.replace(/_/g, ' ');
}

/** Alternatives in a sentence: "a, b or c". */
export function orList(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;
}
