import type { ApprovalFacts } from '../approval.js';
import { type CatalogModel, selectableModels, type WizardSetup } from './pages.js';
import type { LocationAnswer, WizardAnswers } from './validate.js';

export function modelById(setup: WizardSetup, id: number | null): CatalogModel | undefined {
  if (id === null) return undefined;
  return selectableModels(setup).find((m) => m.id === id) ?? setup.approvedModels.find((m) => m.id === id);
}

/**
 * What the approval rule reads from a walked wizard (SPEC §2.1). Peripherals count only when the
 * customer added them beyond the config's bundle: keeping the bundle is not a request.
 */
export function approvalFacts(setup: WizardSetup, answers: WizardAnswers): ApprovalFacts {
  const bundleIds = new Set(setup.bundle.map((item) => item.id));
  const added = setup.options.canCustomizePeripherals
    ? answers.peripherals.items.filter((item) => !bundleIds.has(item.id))
    : [];
  const flagOf = (items: readonly { id: number; requiresApproval: boolean }[], id: number) => ({
    requiresApproval: items.find((item) => item.id === id)?.requiresApproval ?? false,
  });
  const chosen = modelById(setup, answers.device.chosenModelId);
  return {
    configRequiresApproval: setup.configRequiresApproval,
    proposedModelId: setup.proposedModel?.id ?? null,
    proposedPlatform: setup.proposedModel?.platform ?? null,
    chosenModelId: answers.device.chosenModelId,
    chosenPlatform: chosen?.platform ?? null,
    differentDeviceRequested: answers.device.differentDeviceRequested,
    peripherals: added.map((item) => flagOf(setup.peripherals, item.id)),
    software: answers.software.ids.map((id) => flagOf(setup.software, id)),
  };
}

export interface LocationChange {
  from: { building: string | null; room: string | null };
  to: { building: string; room: string };
}

const same = (a: string | null, b: string) =>
  (a ?? '').trim().replace(/\s+/g, ' ').toLowerCase() === b.trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * An on-prem customer who gives a location other than the inventory's: NIT must confirm the
 * location data (seed 000, timeline 4.3.1). Case and spacing alone are not a change.
 */
export function locationChange(setup: WizardSetup, answer: LocationAnswer): LocationChange | undefined {
  if (answer.kind !== 'on_prem') return undefined;
  const from = setup.systemLocation;
  if (same(from.building, answer.building) && same(from.room, answer.room)) return undefined;
  return { from: { ...from }, to: { building: answer.building, room: answer.room } };
}
