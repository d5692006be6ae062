import { addressLines, type ShippingAddress } from '../../../domain/refresh/wizard/address.js';
import type { TicketRow } from './load-ticket.js';

/** A shipping address on one line, as notices and ITSM tickets show it. */
export const shippingLine = (a: ShippingAddress) => addressLines(a).join(', ');

/** Building and room, or undefined when neither is known. */
export const buildingAndRoom = (ticket: Pick<TicketRow, 'building' | 'room'>) =>
  [ticket.building, ticket.room].filter(Boolean).join(' ') || undefined;

/**
 * Where a ticket's new computer goes, as people read it: the unit's location (unit-specified
 * tickets), the shipping address (remote ones) or the building and room; undefined when unknown.
 */
export function ticketPlace(
  ticket: Pick<TicketRow, 'style' | 'building' | 'room' | 'shippingAddress'>,
  unitSpecifiedLocation: string | null,
): string | undefined {
  if (ticket.style === 'unit_specified_location') return unitSpecifiedLocation || undefined;
  if (ticket.style === 'remote_customer') {
    return ticket.shippingAddress ? shippingLine(ticket.shippingAddress) : undefined;
  }
  return buildingAndRoom(ticket);
}
