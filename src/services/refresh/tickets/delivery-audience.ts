import type { Db, Tx } from '../../../../db/client.js';
import { computerLabel, ticketAudience } from '../../notices/index.js';
import type { TicketRow } from './load-ticket.js';
import { loadTicketDetails, type TicketDetails } from './ticket-details.js';
import { buildingAndRoom } from './ticket-place.js';

/**
 * Who hears about a ticket's delivery (services/notices decides), the computer delivered, and
 * where; undefined when nobody does (no-customer tickets). Details are read only if someone does,
 * and come back with the answer so the caller need not read them again.
 */
export async function deliveryAudience(tx: Db | Tx, ticket: TicketRow, known?: TicketDetails) {
  let details = known;
  const detailsOf = async () => {
    details ??= await loadTicketDetails(tx, ticket);
    return details;
  };
  const who = await ticketAudience(tx, ticket, detailsOf);
  if (!who) return undefined;
  const read = await detailsOf();
  const { config, replacement, system } = read;
  const unitLocation =
    ticket.style === 'unit_specified_location' ? (config.unitSpecifiedLocation ?? undefined) : undefined;
  return {
    ...who,
    computer: computerLabel(replacement ?? system),
    place: { unitLocation, location: buildingAndRoom(ticket) },
    details: read,
  };
}
