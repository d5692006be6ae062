import { eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../../../db/client.js';
import { prepared, preparedFor } from '../../../../db/prepared.js';
import { supportTeams } from '../../../../db/schema/index.js';
import { enqueueItsmRequest, enqueueNotice } from '../../../effects/outbox.js';
import { computerLabel, noticeTime, personName } from '../../notices/index.js';
import type { TicketRow } from '../tickets/load-ticket.js';
import { loadTicketDetails, type TicketDetails } from '../tickets/ticket-details.js';
import { ticketPlace } from '../tickets/ticket-place.js';
import type { SlotRow } from './book-generic-slot.js';
import { deliveryPlatform, deliveryTasks } from './delivery-plan.js';
import { type DeliveryContext, openDeliveryItsmTicket } from './open-delivery-itsm-ticket.js';

const statements = preparedFor((db: Db | Tx) => ({
  teamChannel: prepared(
    db
      .select({ channel: supportTeams.slackChannelId })
      .from(supportTeams)
      .where(eq(supportTeams.id, sql.placeholder('id'))),
    'on-slot-booked-team-channel',
  ),
}));

/**
 * An on-prem or unit-specified ticket got its slot (the scheduling issue calls this in the
 * booking's transaction): the ITSM ticket is requested with depot build and NIT delivery tasks
 * dated from the slot's start (day1), and the support team's channel is told (SPEC §2.3–2.4).
 * A later booking of the same ticket re-dates those tasks instead of opening another ticket.
 */
export async function onSlotBooked(
  tx: Tx,
  ctx: DeliveryContext,
  ticket: TicketRow,
  slot: Pick<SlotRow, 'id' | 'startsAt'>,
  now: Date,
  known?: TicketDetails,
): Promise<void> {
  const details = known ?? (await loadTicketDetails(tx, ticket));
  const day1 = slot.startsAt;
  const created = await openDeliveryItsmTicket(tx, ctx, ticket, now, day1, details);
  const rescheduled = created === undefined;
  const day1Text = noticeTime.moment(day1, ctx.calendar.timeZone);
  if (rescheduled) {
    const tasks = deliveryTasks({
      style: ticket.style,
      platform: await deliveryPlatform(tx, ticket),
      calendar: ctx.calendar,
      day1,
    }).filter((task) => task.dueAt);
    await enqueueItsmRequest(
      tx,
      {
        operation: 'update_ticket',
        note: `Day1 moved to ${day1Text}.`,
        tasks: tasks.map((task) => ({ kind: task.kind, dueAt: task.dueAt })),
      },
      { ticketId: ticket.id, dedupeKey: `itsm-day1:${ticket.id}:${slot.id}:${day1.toISOString()}` },
      now,
    );
  }
  const channel =
    ticket.supportTeamId === null
      ? undefined
      : (await statements(tx).teamChannel.execute({ id: ticket.supportTeamId }))[0]?.channel;
  if (!channel) return;
  // Only on-prem and unit-specified tickets book a delivery time.
  const place = ticketPlace(ticket, details.config.unitSpecifiedLocation);
  await enqueueNotice(
    tx,
    {
      channel: 'slack_channel',
      recipient: channel,
      kind: 'delivery_booked',
      view: {
        ticketId: ticket.id,
        computer: computerLabel(details.replacement ?? details.system),
        customer: details.user ? personName(details.user) : undefined,
        day1: day1Text,
        where: place && `Location: ${place}`,
        rescheduled,
      },
      ticketId: ticket.id,
      dedupeKey: `delivery-booked:${ticket.id}:${slot.id}:${day1.toISOString()}`,
    },
    now,
  );
}
