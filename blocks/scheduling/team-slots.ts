import type { KnownBlock, ModalView } from '@slack/types';
import { DateTime } from 'luxon';
import type { TeamSlot, TeamSlots } from '../../src/services/scheduling/team-slots.js';
import { ids } from '../../src/slack/ids.js';
import { slotValue, teamSlotsMetadata } from '../../src/slack/values/scheduling.js';
import { escapeMrkdwn, mrkdwn, plain, truncate } from '../shared/text.js';

const MODAL_BLOCKS = 100;
const SECTION_LIMIT = 3000;

function slotText(slot: TeamSlot, zone: string): string {
  const start = DateTime.fromJSDate(slot.startsAt, { zone }).toFormat('HH:mm');
  const end = DateTime.fromJSDate(slot.endsAt, { zone }).toFormat('HH:mm');
  const who = slot.bookings
    .map((b) => `#${b.ticketId} ${escapeMrkdwn(b.customer ?? 'no customer')} (${escapeMrkdwn(b.serial)})`)
    .join(', ');
  return truncate(
    `*${start}–${end}* · ${slot.booked} of ${slot.capacity} booked${who ? `\n${who}` : ''}`,
    SECTION_LIMIT,
  );
}

function deleteButton(slot: TeamSlot, zone: string) {
  const when = DateTime.fromJSDate(slot.startsAt, { zone }).toFormat('ccc d LLL HH:mm');
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
          ? `The ${when} slot has ${booked} booking${booked === 1 ? '' : 's'}; each customer will be asked to pick another time.`
          : `The ${when} slot has no bookings. It will not be made again.`,
      ),
      confirm: plain('Delete'),
      deny: plain('Keep it'),
      style: 'danger' as const,
    },
  };
}

/** The slot admin's view (`/otto slots`): the next two weeks by day, each slot with its bookings. */
export function renderTeamSlotsModal(vm: TeamSlots, note?: string): ModalView {
  const blocks: KnownBlock[] = [];
  if (note) blocks.push({ type: 'section', text: mrkdwn(truncate(note, SECTION_LIMIT)) });
  if (vm.slots.length === 0) {
    blocks.push({ type: 'section', text: mrkdwn('No slots in the next two weeks.') });
  }
  let day = '';
  let shown = 0;
  for (const slot of vm.slots) {
    const slotDay = DateTime.fromJSDate(slot.startsAt, { zone: vm.timeZone }).toFormat('cccc d LLLL');
    // A day heading and the slot, with room left for the "more" line.
    const needed = slotDay === day ? 1 : 2;
    if (blocks.length + needed > MODAL_BLOCKS - 1) break;
    if (slotDay !== day) {
      blocks.push({ type: 'header', text: plain(slotDay) });
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
      elements: [mrkdwn(`…and ${vm.slots.length - shown} later slots; delete some or look again later.`)],
    });
  }
  return {
    type: 'modal',
    callback_id: ids.teamSlots,
    private_metadata: teamSlotsMetadata.encode({ team: vm.team }),
    title: plain(truncate(`Slots · ${vm.team}`, 24)),
    close: plain('Done'),
    blocks,
  };
}
