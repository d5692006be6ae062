import type { KnownBlock, ModalView } from '@slack/types';
import { formatDay, formatMoment, formatTimeOfDay } from '../../src/domain/calendar/format-date-time.js';
import type { TeamSlot, TeamSlots } from '../../src/services/scheduling/team-slots.js';
import { ids } from '../../src/slack/ids.js';
import { slotValue, teamSlotsMetadata } from '../../src/slack/values/scheduling.js';
import { fitInput, joinMd, type Mrkdwn, md, mrkdwn, plain } from '../shared/text.js';

const MODAL_BLOCKS = 100;

function slotText(slot: TeamSlot, zone: string): Mrkdwn {
  const start = formatTimeOfDay(slot.startsAt, zone);
  const end = formatTimeOfDay(slot.endsAt, zone);
  const who = joinMd(
    slot.bookings.map((b) => md`#${b.ticketId} ${b.customer ?? 'no customer'} (${b.serial})`),
    md`, `,
  );
  return md`*${start}–${end}* · ${slot.booked} of ${slot.capacity} booked${who.text ? md`\n${who}` : ''}`;
}

function deleteButton(slot: TeamSlot, zone: string) {
  const when = formatMoment(slot.startsAt, zone);
  const booked = slot.bookings.length;
  return {
    type: 'button' as const,
    action_id: ids.slotDelete,
    text: plain('Delete'),
    style: 'danger' as const,
    value: slotValue.encode({ slotId: slot.id }),
    confirm: {
      title: plain('Delete this slot?'),
      text: mrkdwn(
        booked > 0
          ? md`The ${when} slot has ${booked} booking${booked === 1 ? '' : 's'}; each customer will be asked to pick another time.`
          : md`The ${when} slot has no bookings. It will not be made again.`,
      ),
      confirm: plain('Delete'),
      deny: plain('Keep it'),
      style: 'danger' as const,
    },
  };
}

/** The slot admin's view (`/otto slots`): the next two weeks by day, each slot with its bookings. */
export function renderTeamSlotsModal(vm: TeamSlots, note?: Mrkdwn): ModalView {
  const blocks: KnownBlock[] = [];
  if (note) blocks.push({ type: 'section', text: mrkdwn(note) });
  if (vm.slots.length === 0) {
    blocks.push({ type: 'section', text: mrkdwn(md`No slots in the next two weeks.`) });
  }
  let day = '';
  let shown = 0;
  for (const slot of vm.slots) {
    const slotDay = formatDay(slot.startsAt, vm.timeZone);
    // A day heading and the slot, with room left for the "more" line.
    const needed = slotDay === day ? 1 : 2;
    if (blocks.length + needed > MODAL_BLOCKS - 1) break;
    if (slotDay !== day) {
      blocks.push({ type: 'header', text: plain(slotDay, 150) });
      day = slotDay;
    }
    blocks.push({
      type: 'section',
      block_id: `slot_${slot.id}`,
      text: mrkdwn(slotText(slot, vm.timeZone)),
      accessory: deleteButton(slot, vm.timeZone),
    });
    shown += 1;
  }
  if (shown < vm.slots.length) {
    blocks.push({
      type: 'context',
      elements: [mrkdwn(md`…and ${vm.slots.length - shown} later slots; delete some or look again later.`)],
    });
  }
  return {
    type: 'modal',
    callback_id: ids.teamSlots,
    // Team names are at most 120 characters (inventory import); the cut only keeps Slack's limit.
    private_metadata: teamSlotsMetadata.encode({ team: fitInput(vm.team, 1000) }),
    title: plain(`Slots · ${vm.team}`, 24),
    close: plain('Done'),
    blocks,
  };
}
