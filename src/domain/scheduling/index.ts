export {
  defaultSlotLeadBusinessDays,
  firstBookableInstant,
  heldAppointmentCutoff,
  maxSlotLeadBusinessDays,
} from './lead-time.js';
export {
  describePreference,
  minuteOfDay,
  type PreferenceCheck,
  type PreferenceField,
  type PreferenceInput,
  preferencesOverlap,
  type SlotLayout,
  type SlotPreference,
  slotLayout,
  validatePreference,
  weekdayShortNames,
} from './preferences.js';
export { type GeneratedSlot, slotsFor } from './slots.js';
