import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import type { BookSlotDay } from '../../../src/services/refresh/booking/book-free-slots.js';
import type { RescheduleForm } from '../../../src/services/refresh/booking/reschedule.js';
import { ids } from '../../../src/slack/ids.js';
import { type Mrkdwn, md, mdLines, mrkdwn, plain } from '../../shared/text.js';

export const rescheduleBlocks = { mode: 'reschedule_mode', slot: 'reschedule_slot' } as const;
export const bulkRescheduleBlocks = {
  team: 'bulk_team',
  from: 'bulk_from',
  to: 'bulk_to',
  mode: 'bulk_mode',
} as const;

const section = (text: Mrkdwn): KnownBlock => ({ type: 'section', text: mrkdwn(text) });

const modeOption = (value: 'ask' | 'assign', text: string, description: string) => ({
  value,
  text: plain(text, 75),
  description: plain(description, 75),
});

/** Free times grouped by day, for a static select (at most 100 options in all). */
export function slotOptionGroups(days: readonly BookSlotDay[]) {
  return days
    .filter((day) => day.slots.length > 0)
    .map((day) => ({
      label: plain(day.label, 75),
      options: day.slots.map(
        (slot): PlainTextOption => ({ text: plain(slot.label, 75), value: String(slot.id) }),
      ),
    }));
}

/**
 * A manager's reschedule form: ask the customer to pick again, or assign one of the free times.
 * The time is asked for, and required, only when assigning; choosing what to do shows the form
 * for it (`mode`, the choice made so far; the first offered when left out).
 */
export function rescheduleModal(
  form: RescheduleForm,
  privateMetadata: string,
  mode?: 'ask' | 'assign',
): ModalView {
  const groups = slotOptionGroups(form.days);
  const offered = groups.reduce((sum, group) => sum + group.options.length, 0);
  const ask = modeOption(
    'ask',
    'Ask the customer to pick again',
    'Their time is given up; Otto invites them.',
  );
  const assign = modeOption(
    'assign',
    'Assign a time',
    'Otto tells the customer, with a calendar invitation.',
  );
  const modes = form.canAskCustomer ? [ask, assign] : [assign];
  const chosen = modes.find((m) => m.value === mode) ?? modes[0]!;
  const blocks: KnownBlock[] = [
    section(
      mdLines([
        md`*Refresh #${form.ticketId}* · ${form.computer}${form.customer ? md` · ${form.customer}` : ''}`,
        form.current ? md`Booked for *${form.current}*.` : 'No time is booked yet.',
      ]),
    ),
    {
      type: 'input',
      block_id: rescheduleBlocks.mode,
      label: plain('What to do'),
      element: {
        type: 'radio_buttons',
        action_id: ids.rescheduleMode,
        options: modes,
        initial_option: chosen,
      },
      // With a choice to make, choosing shows what it needs: a time only to assign one.
      ...(modes.length > 1 ? { dispatch_action: true } : {}),
    },
  ];
  if (chosen.value === 'assign' && offered > 0) {
    blocks.push({
      type: 'input',
      block_id: rescheduleBlocks.slot,
      label: plain('New time'),
      element: {
        type: 'static_select',
        action_id: ids.rescheduleSlot,
        placeholder: plain('Pick a time'),
        option_groups: groups,
      },
      hint: plain(
        `Times are in ${form.timeZone}.${form.more ? ` The next ${offered} free times are listed.` : ''}`,
        150,
      ),
    });
  } else if (chosen.value === 'assign') {
    blocks.push(section(md`_The team has no free times to assign right now._`));
  }
  return {
    type: 'modal',
    callback_id: ids.ticketRescheduleForm,
    title: plain('Reschedule'),
    submit: plain('Reschedule'),
    close: plain('Cancel'),
    private_metadata: privateMetadata,
    blocks,
  };
}

/** The admins' bulk reschedule form: a team, a range of days, and what to do with each booking. */
export function bulkRescheduleModal(
  vm: { teams: ReadonlyArray<{ id: number; name: string }>; today: string },
  privateMetadata: string,
): ModalView {
  const ask = modeOption('ask', 'Ask each customer to pick again', 'Their times are given up.');
  const assign = modeOption(
    'assign',
    'Move each to the next free time after the range',
    'Customers are told, with a calendar invitation.',
  );
  return {
    type: 'modal',
    callback_id: ids.bulkReschedule,
    title: plain('Bulk reschedule'),
    submit: plain('Reschedule'),
    close: plain('Cancel'),
    private_metadata: privateMetadata,
    blocks: [
      section(
        md`Every booked delivery of the team in these days (its time zone) is rescheduled. Progress shows in one message.`,
      ),
      {
        type: 'input',
        block_id: bulkRescheduleBlocks.team,
        label: plain('Support team'),
        element: {
          type: 'static_select',
          action_id: ids.bulkRescheduleTeam,
          placeholder: plain('Pick a team'),
          options: vm.teams
            .slice(0, 100)
            .map((team) => ({ text: plain(team.name, 75), value: String(team.id) })),
        },
      },
      {
        type: 'input',
        block_id: bulkRescheduleBlocks.from,
        label: plain('First day'),
        element: { type: 'datepicker', action_id: ids.bulkRescheduleFrom, initial_date: vm.today },
      },
      {
        type: 'input',
        block_id: bulkRescheduleBlocks.to,
        label: plain('Last day'),
        element: { type: 'datepicker', action_id: ids.bulkRescheduleTo, initial_date: vm.today },
      },
      {
        type: 'input',
        block_id: bulkRescheduleBlocks.mode,
        label: plain('What to do'),
        element: {
          type: 'radio_buttons',
          action_id: ids.rescheduleMode,
          options: [ask, assign],
          initial_option: ask,
        },
      },
    ],
  };
}
