import type { Tx } from '../../../../db/client.js';
import { events } from '../../../../db/schema/index.js';
import { enqueueItsmRequest, enqueueNotice } from '../../../effects/outbox.js';
import { computerLabel, noticeTime, personName } from '../../notices/index.js';
import { bookedSlotOf } from '../booking/seats.js';
import type { RefreshContext } from '../context.js';
import { itsmParties, itsmReplacement } from '../itsm/itsm-parties.js';
import type { TicketRow } from '../tickets/load-ticket.js';
import { loadTicketDetails, type TicketDetails } from '../tickets/ticket-details.js';
import { shippingLine, ticketPlace } from '../tickets/ticket-place.js';
import { deliveryPlatform, deliveryTasks } from './delivery-plan.js';

/** What writing a delivery's ITSM ticket needs; the Mac Engineering address is optional (none: skipped). */
export type DeliveryContext = Pick<RefreshContext, 'links' | 'calendar' | 'refresh'>;

const styleLabels: Record<TicketRow['style'], string> = {
  remote_customer: 'Remote (ships to the customer)',
  on_prem: 'On premises',
  unit_specified_location: 'At the unit’s location',
  no_customer: 'No customer (lab or loaner)',
  bump_down: 'Bump down',
};

/**
 * Writes the delivery's ITSM ticket to the outbox (once per refresh ticket: the dedupe key), with
 * the prestage task's closing right behind it for Windows, and for a remote Mac the e-mail that
 * asks Mac Engineering for MDM setup (SPEC §2.4). Returns the outbox id, or undefined when the
 * ticket was asked for already.
 */
export async function openDeliveryItsmTicket(
  tx: Tx,
  ctx: DeliveryContext,
  ticket: TicketRow,
  now: Date,
  bookedDay1?: Date,
  known?: TicketDetails,
): Promise<number | undefined> {
  const day1 = bookedDay1 ?? (await bookedSlotOf(tx, ticket))?.startsAt;
  const details = known ?? (await loadTicketDetails(tx, ticket));
  const platform = await deliveryPlatform(tx, ticket);
  const tasks = deliveryTasks({ style: ticket.style, platform, calendar: ctx.calendar, day1 });
  const customer = details.user ? personName(details.user) : undefined;
  const replacement = details.replacement ? computerLabel(details.replacement) : 'not assigned';
  const place = ticketPlace(ticket, details.config.unitSpecifiedLocation);
  const where = place && `${ticket.style === 'remote_customer' ? 'Ship to' : 'Location'}: ${place}`;
  const body = [
    `Otto refresh ticket #${ticket.id} (${styleLabels[ticket.style]}).`,
    `Existing system: ${computerLabel(details.system)}`,
    `Replacement: ${replacement}${platform ? ` (${platform === 'mac' ? 'Mac' : 'Windows'})` : ''}`,
    customer && `Customer: ${customer}`,
    details.delegate && `Delegate: ${personName(details.delegate)}`,
    details.supportTeam && `Support team: ${details.supportTeam}`,
    where,
    day1 && `Day1: ${noticeTime.moment(day1, ctx.calendar.timeZone)}`,
  ]
    .filter(Boolean)
    .join('\n');
  const title = `Refresh #${ticket.id}: ${replacement} for ${customer ?? computerLabel(details.system)}`;
  const created = await enqueueItsmRequest(
    tx,
    {
      operation: 'create_ticket',
      kind: 'refresh',
      title: title.slice(0, 250),
      body,
      requestedBy: 'otto',
      tasks,
      ...(await itsmParties(tx, ticket, ticket.userId, details.user)),
      ...(details.replacement
        ? { replacement: await itsmReplacement(tx, ticket.id, details.replacement.serial) }
        : {}),
    },
    { ticketId: ticket.id, dedupeKey: `itsm-delivery:${ticket.id}` },
    now,
  );
  if (created === undefined) return undefined;
  if (tasks.some((task) => task.kind === 'prestage')) {
    // Windows replacements are prestaged already (seed 000): Otto closes the task itself.
    await enqueueItsmRequest(
      tx,
      { operation: 'close_task', task: { kind: 'prestage' } },
      { ticketId: ticket.id, dedupeKey: `itsm-prestage:${ticket.id}` },
      now,
    );
  }
  if (ticket.style === 'remote_customer' && platform === 'mac') {
    const shipTo = ticket.shippingAddress ? shippingLine(ticket.shippingAddress) : undefined;
    await requestMacMdm(tx, ctx, ticket, { replacement, customer, shipTo }, now);
  }
  return created;
}

/** Mac Engineering sets up MDM for Macs shipped home (seed 001); without an address it is recorded as skipped. */
async function requestMacMdm(
  tx: Tx,
  ctx: DeliveryContext,
  ticket: TicketRow,
  facts: { replacement: string; customer: string | undefined; shipTo: string | undefined },
  now: Date,
) {
  const to = ctx.refresh?.macEngineeringEmail;
  if (!to) {
    await tx.insert(events).values({
      ticketId: ticket.id,
      source: 'itsm',
      kind: 'mac_mdm_request_skipped',
      ok: false,
      detail: { reason: 'MAC_ENGINEERING_EMAIL is not set' },
      at: now,
    });
    return;
  }
  await enqueueNotice(
    tx,
    {
      channel: 'email',
      recipient: to,
      kind: 'mac_mdm_request',
      view: { ticketId: ticket.id, ...facts, openApp: ctx.links.openApp },
      ticketId: ticket.id,
      dedupeKey: `mac-mdm:${ticket.id}`,
    },
    now,
  );
}
