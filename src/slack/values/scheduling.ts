import { z } from 'zod';
import { buttonValue, modalMetadata } from '../ids.js';

// Scheduling's button values and modal metadata, each with its encode/parse pair.

const id = z.number().int().positive();

/** The slot admin's Delete button names the slot; the team is checked again on click. */
const SlotButtonValue = z.object({ slotId: id });
export type SlotButtonValue = z.infer<typeof SlotButtonValue>;
export const slotValue = buttonValue(SlotButtonValue);

/** The slot list modal: the team it shows. */
const TeamSlotsMetadata = z.object({ team: z.string().min(1) });
export type TeamSlotsMetadata = z.infer<typeof TeamSlotsMetadata>;
export const teamSlotsMetadata = modalMetadata(TeamSlotsMetadata);

/** A weekly slot rule's team, and the rule (none for a new one): on its buttons and in its modals. */
const SlotPreferenceRef = z.object({ teamId: id, preferenceId: id.optional() });
export type SlotPreferenceRef = z.infer<typeof SlotPreferenceRef>;
export const slotPreferenceValue = buttonValue(SlotPreferenceRef);
export const slotPreferenceMetadata = modalMetadata(SlotPreferenceRef);
