import type { z } from 'zod';
import { type ShippingAddress, ShippingAddressInput } from './address.js';
import type { PageValues } from './draft.js';
import { deviceMode, locationMode, selectableModels, type WizardPageId, type WizardSetup } from './pages.js';

export type LocationAnswer =
  | { kind: 'shipping'; address: ShippingAddress }
  | { kind: 'on_prem'; building: string; room: string }
  | { kind: 'unit' };

export interface DeviceAnswer {
  chosenModelId: number | null;
  differentDeviceRequested: boolean;
  reason: string | null;
}

export interface PeripheralsAnswer {
  items: Array<{ id: number; quantity: number }>;
}

export interface SoftwareAnswer {
  ids: number[];
}

/** A walked wizard, ready to be written to the ticket. */
export interface WizardAnswers {
  location: LocationAnswer;
  device: DeviceAnswer;
  peripherals: PeripheralsAnswer;
  software: SoftwareAnswer;
}

/** A page's answer, or one message per field (keyed by field name) for the modal to show. */
export type PageResult<T> = { ok: true; answer: T } | { ok: false; errors: Record<string, string> };

/** The value of "None of these is adequate" in the device list. */
export const noModelAdequate = 'none';
export const reasonMaxLength = 1000;
export const locationLimits = { building: 100, room: 40 } as const;

const text = (values: PageValues | undefined, field: string): string => {
  const value = values?.[field];
  return typeof value === 'string' ? value.trim() : '';
};

const list = (values: PageValues | undefined, field: string): string[] => {
  const value = values?.[field];
  if (Array.isArray(value)) return value;
  return typeof value === 'string' && value !== '' ? [value] : [];
};

/** The first message per field of a zod error. */
function fieldErrors(error: z.ZodError): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? '');
    errors[field] ??= issue.message;
  }
  return errors;
}

function ids(values: string[], allowed: ReadonlySet<number>): number[] | undefined {
  const out: number[] = [];
  for (const value of values) {
    const id = Number(value);
    if (!/^\d+$/.test(value) || !allowed.has(id)) return undefined;
    if (!out.includes(id)) out.push(id);
  }
  return out;
}

export function validateLocation(
  setup: WizardSetup,
  values: PageValues | undefined,
): PageResult<LocationAnswer> {
  const mode = locationMode(setup.style);
  if (mode === 'unit') return { ok: true, answer: { kind: 'unit' } };
  if (mode === 'shipping') {
    const parsed = ShippingAddressInput.safeParse({
      recipient: text(values, 'recipient'),
      line1: text(values, 'line1'),
      line2: text(values, 'line2'),
      city: text(values, 'city'),
      region: text(values, 'region'),
      postalCode: text(values, 'postalCode'),
      country: text(values, 'country'),
    });
    return parsed.success
      ? { ok: true, answer: { kind: 'shipping', address: parsed.data } }
      : { ok: false, errors: fieldErrors(parsed.error) };
  }
  const building = text(values, 'building').replace(/\s+/g, ' ');
  const room = text(values, 'room').replace(/\s+/g, ' ');
  const errors: Record<string, string> = {};
  if (!building) errors.building = 'Enter the building your computer is in.';
  else if (building.length > locationLimits.building)
    errors.building = `Use at most ${locationLimits.building} characters.`;
  if (!room) errors.room = 'Enter the room your computer is in.';
  else if (room.length > locationLimits.room) errors.room = `Use at most ${locationLimits.room} characters.`;
  return Object.keys(errors).length > 0
    ? { ok: false, errors }
    : { ok: true, answer: { kind: 'on_prem', building, room } };
}

export function validateDevice(setup: WizardSetup, values: PageValues | undefined): PageResult<DeviceAnswer> {
  const mode = deviceMode(setup);
  const proposedId = setup.proposedModel?.id ?? null;
  if (mode === 'fixed') {
    return { ok: true, answer: { chosenModelId: proposedId, differentDeviceRequested: false, reason: null } };
  }
  const reason = text(values, 'reason');
  const needReason = (missing: string): PageResult<DeviceAnswer> => {
    if (!reason) return { ok: false, errors: { reason: missing } };
    if (reason.length > reasonMaxLength)
      return { ok: false, errors: { reason: `Use at most ${reasonMaxLength} characters.` } };
    return { ok: true, answer: { chosenModelId: null, differentDeviceRequested: true, reason } };
  };
  if (mode === 'confirm') {
    const fits = text(values, 'fits');
    if (fits === 'yes') {
      return {
        ok: true,
        answer: { chosenModelId: proposedId, differentDeviceRequested: false, reason: null },
      };
    }
    if (fits === 'no') return needReason('Tell us why this computer is not adequate and what you need.');
    return { ok: false, errors: { fits: 'Say whether this computer works for you.' } };
  }
  const model = text(values, 'model');
  if (model === noModelAdequate) return needReason('Tell us why none of these computers is adequate.');
  if (!model) return { ok: false, errors: { model: 'Choose a computer.' } };
  const chosen = selectableModels(setup).find((m) => String(m.id) === model);
  if (!chosen) return { ok: false, errors: { model: 'Choose one of the listed computers.' } };
  return { ok: true, answer: { chosenModelId: chosen.id, differentDeviceRequested: false, reason: null } };
}

export function validatePeripherals(
  setup: WizardSetup,
  values: PageValues | undefined,
): PageResult<PeripheralsAnswer> {
  const bundle = setup.bundle.map(({ id, quantity }) => ({ id, quantity }));
  if (!setup.options.canCustomizePeripherals) return { ok: true, answer: { items: bundle } };
  const chosen = ids(list(values, 'items'), new Set(setup.peripherals.map((p) => p.id)));
  if (!chosen) return { ok: false, errors: { items: 'Choose from the listed peripherals.' } };
  return {
    ok: true,
    answer: {
      items: chosen.map((id) => ({ id, quantity: bundle.find((item) => item.id === id)?.quantity ?? 1 })),
    },
  };
}

export function validateSoftware(
  setup: WizardSetup,
  values: PageValues | undefined,
): PageResult<SoftwareAnswer> {
  if (!setup.options.canCustomizeSoftware) return { ok: true, answer: { ids: [] } };
  const chosen = ids(list(values, 'items'), new Set(setup.software.map((s) => s.id)));
  if (!chosen) return { ok: false, errors: { items: 'Choose from the software catalog.' } };
  return { ok: true, answer: { ids: chosen } };
}

/** Checks one page's values; the review page asks nothing. */
export function validatePage(
  setup: WizardSetup,
  page: WizardPageId,
  values: PageValues | undefined,
): PageResult<unknown> {
  switch (page) {
    case 'location':
      return validateLocation(setup, values);
    case 'device':
      return validateDevice(setup, values);
    case 'peripherals':
      return validatePeripherals(setup, values);
    case 'software':
      return validateSoftware(setup, values);
    case 'review':
      return { ok: true, answer: null };
  }
}

/**
 * Checks every page before review and submit: a page left invalid (the catalog changed, a draft
 * from an older config) is named so the customer is sent back to it.
 */
export function validateWizard(
  setup: WizardSetup,
  values: Partial<Record<WizardPageId, PageValues>>,
): { ok: true; answers: WizardAnswers } | { ok: false; page: WizardPageId; errors: Record<string, string> } {
  const location = validateLocation(setup, values.location);
  if (!location.ok) return { ok: false, page: 'location', errors: location.errors };
  const device = validateDevice(setup, values.device);
  if (!device.ok) return { ok: false, page: 'device', errors: device.errors };
  const peripherals = validatePeripherals(setup, values.peripherals);
  if (!peripherals.ok) return { ok: false, page: 'peripherals', errors: peripherals.errors };
  const software = validateSoftware(setup, values.software);
  if (!software.ok) return { ok: false, page: 'software', errors: software.errors };
  return {
    ok: true,
    answers: {
      location: location.answer,
      device: device.answer,
      peripherals: peripherals.answer,
      software: software.answer,
    },
  };
}
