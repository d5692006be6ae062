import type { Platform } from './enums.js';

export interface ApprovalFacts {
  configRequiresApproval: boolean;
  proposedModelId: number | null;
  proposedPlatform: Platform | null;
  chosenModelId: number | null;
  chosenPlatform: Platform | null;
  differentDeviceRequested: boolean;
  peripherals: ReadonlyArray<{ requiresApproval: boolean }>;
  software: ReadonlyArray<{ requiresApproval: boolean }>;
}

/** Why a ticket needs an approver (SPEC §2.1); empty when it can go straight to ordering. */
export function approvalReasons(facts: ApprovalFacts): string[] {
  const reasons: string[] = [];
  if (facts.configRequiresApproval) reasons.push('the refresh config requires approval');
  if (facts.chosenModelId !== null && facts.chosenModelId !== facts.proposedModelId) {
    reasons.push('a model other than the proposed one was chosen');
  }
  if (
    facts.chosenPlatform !== null &&
    facts.proposedPlatform !== null &&
    facts.chosenPlatform !== facts.proposedPlatform
  ) {
    reasons.push('another platform was chosen');
  }
  if (facts.differentDeviceRequested) reasons.push('a different device was requested');
  if (facts.peripherals.some((p) => p.requiresApproval))
    reasons.push('a peripheral that requires approval was chosen');
  if (facts.software.some((s) => s.requiresApproval))
    reasons.push('software that requires approval was requested');
  return reasons;
}

export const needsApproval = (facts: ApprovalFacts) => approvalReasons(facts).length > 0;
