import type { ModalView } from '@slack/types';
import {
  describePreference,
  type PreferenceField,
  type PreferenceInput,
  type SlotLayout,
  type SlotPreference,
} from '../../src/domain/scheduling/index.js';
import { ids } from '../../src/slack/ids.js';
import { type SlotPreferenceRef, slotPreferenceMetadata } from '../../src/slack/values/scheduling.js';
import { type Mrkdwn, md, mrkdwn, plain } from '../shared/text.js';

/** The form's inputs: block_id and action_id are both the rule field they fill. */
export const preferenceInputs = {
  weekdays: 'weekdays',
  startTime: 'startTime',
  endTime: 'endTime',
  slotMinutes: 'slotMinutes',
  capacity: 'capacity',
  effectiveFrom: 'effectiveFrom',
  effectiveTo: 'effectiveTo',
} as const satisfies Record<PreferenceField, string>;

const weekdayLongNames = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const weekdayOption = (day: number) => ({ text: plain(weekdayLongNames[day - 1] ?? ''), value: String(day) });

export interface SlotPreferenceFormModel {
  teamId: number;
  team: string;
  timeZone: string;
  /** The rule being edited; absent when adding. */
  rule?: SlotPreference | undefined;
  /** Default first day for a new rule (today in the team's zone). */
  today: string;
  /** The first day customers are offered slots (the lead time), "Wed 18 Nov". */
  firstBookableDay: string;
}

const input = (
  field: PreferenceField,
  label: string,
  element: Record<string, unknown>,
  extra: { optional?: boolean; hint?: string } = {},
) => ({
  type: 'input' as const,
  block_id: preferenceInputs[field],
  label: plain(label),
  ...(extra.optional ? { optional: true } : {}),
  ...(extra.hint ? { hint: plain(extra.hint) } : {}),
  element: { action_id: preferenceInputs[field], ...element },
});

/** Add or edit one weekly rule; times are wall clock in the team's time zone. */
export function slotPreferenceModal(model: SlotPreferenceFormModel): ModalView {
  const { rule } = model;
  const ref: SlotPreferenceRef = { teamId: model.teamId, ...(rule ? { preferenceId: rule.id } : {}) };
  const weekdays = rule?.weekdays ?? [1, 2, 3, 4, 5];
  return {
    type: 'modal',
    callback_id: ids.slotPreferenceForm,
    title: plain(rule ? 'Edit slot rule' : 'Add slot rule'),
    submit: plain('Save'),
    close: plain('Cancel'),
    private_metadata: slotPreferenceMetadata.encode(ref),
    blocks: [
      {
        type: 'section',
        text: mrkdwn(
          md`*${model.team}* · times are wall clock in *${model.timeZone}*. Saving lays out the slots of the next 35 days at once (business days only), and each night keeps them 35 days ahead. Customers are offered slots from *${model.firstBookableDay}* on.`,
        ),
      },
      input('weekdays', 'Weekdays', {
        type: 'checkboxes',
        options: [1, 2, 3, 4, 5, 6, 7].map(weekdayOption),
        initial_options: weekdays.map(weekdayOption),
      }),
      input('startTime', 'Start time', {
        type: 'timepicker',
        initial_time: rule?.startTime ?? '09:00',
      }),
      input('endTime', 'End time', { type: 'timepicker', initial_time: rule?.endTime ?? '16:00' }),
      input(
        'slotMinutes',
        'Slot length (minutes)',
        {
          type: 'number_input',
          is_decimal_allowed: false,
          min_value: '5',
          max_value: '1440',
          initial_value: String(rule?.slotMinutes ?? 60),
        },
        { hint: 'Time left at the end of the window that is shorter than a slot gets no slot.' },
      ),
      input('capacity', 'Capacity (people per slot)', {
        type: 'number_input',
        is_decimal_allowed: false,
        min_value: '1',
        max_value: '100',
        initial_value: String(rule?.capacity ?? 1),
      }),
      input('effectiveFrom', 'Effective from', {
        type: 'datepicker',
        initial_date: rule?.effectiveFrom ?? model.today,
      }),
      input(
        'effectiveTo',
        'Effective to',
        { type: 'datepicker', ...(rule?.effectiveTo ? { initial_date: rule.effectiveTo } : {}) },
        { optional: true, hint: 'Leave empty for a rule without an end.' },
      ),
    ],
  };
}

/** What saving did to the team's slots: laid out at once, offered to customers past the lead time. */
export interface SlotsLaidOutNote {
  edited: boolean;
  leadDays: number;
  firstBookableDay: string;
}

function laidOutLines(laidOut: SlotsLaidOutNote): Mrkdwn {
  const lead =
    laidOut.leadDays === 0
      ? md`Customers can book them at once, today’s later slots included.`
      : md`Customers are offered them from *${laidOut.firstBookableDay}* on: Otto leaves ${laidOut.leadDays} business day${laidOut.leadDays === 1 ? '' : 's'} before a delivery.`;
  const kept = laidOut.edited
    ? md` Booked slots keep their bookings; the rule’s free slots were laid out again.`
    : '';
  return md`The slots of the next 35 days are laid out now: they show on the Home and in the calendar at once, and each night adds the next day.${kept}
${lead}`;
}

/** After a save: what the rule makes, what happened to the slots, and the minutes it drops when the window does not divide. */
export function slotPreferenceSavedModal(
  team: string,
  rule: PreferenceInput,
  layout: SlotLayout,
  laidOut: SlotsLaidOutNote,
): ModalView {
  const dropped =
    layout.remainderMinutes > 0
      ? md`\n:warning: The window does not divide into ${rule.slotMinutes}-minute slots: the last *${layout.remainderMinutes} minutes* of each day get no slot.`
      : '';
  return {
    type: 'modal',
    title: plain('Slot rule saved'),
    close: plain('Done'),
    blocks: [
      {
        type: 'section',
        text: mrkdwn(
          md`Saved for *${team}*: ${describePreference(rule)}\n${layout.slotsPerDay} slot${layout.slotsPerDay === 1 ? '' : 's'} a day.${dropped}`,
        ),
      },
      { type: 'section', text: mrkdwn(laidOutLines(laidOut)) },
    ],
  };
}

/** Asks before a rule is removed; slots already made stay. */
export function removeSlotPreferenceModal(teamId: number, team: string, rule: SlotPreference): ModalView {
  return {
    type: 'modal',
    callback_id: ids.slotPreferenceRemoveForm,
    title: plain('Remove slot rule'),
    submit: plain('Remove'),
    close: plain('Cancel'),
    private_metadata: slotPreferenceMetadata.encode({ teamId, preferenceId: rule.id }),
    blocks: [
      {
        type: 'section',
        text: mrkdwn(
          md`Remove this rule of *${team}*?\n${describePreference(rule)}\nNo new slots come from it; slots already made stay until deleted.`,
        ),
      },
    ],
  };
}

/** A short notice in place of a form (refusals, rules gone meanwhile). */
export function slotPreferenceNoticeModal(text: Mrkdwn): ModalView {
  return {
    type: 'modal',
    title: plain('Slot rules'),
    close: plain('Close'),
    blocks: [{ type: 'section', text: mrkdwn(text) }],
  };
}
