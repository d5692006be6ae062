// What the refresh forms let people enter: the options a config sets and the length of each
// field. The Block Kit forms (max_length) and the services' checks read the same numbers here.

export { locationLimits } from './wizard/validate.js';

/** The five customer options of SPEC §2 and requires-approval, in the order the form shows them. */
export const configOptionKeys = [
  'canCustomizeComputer',
  'canCustomizePlatform',
  'canRequestDifferentDevice',
  'canCustomizePeripherals',
  'canCustomizeSoftware',
  'requiresApproval',
] as const;
export type ConfigOptionKey = (typeof configOptionKeys)[number];

export const configLimits = {
  name: 80,
  unitSpecifiedLocation: 500,
  approvers: 10,
  // Each selected item is an initial option when the form is opened again: Slack takes 100.
  approvedModels: 100,
  bundlePeripherals: 25,
} as const;

export const maxBatchNameLength = 80;
export const denialReasonLimit = 2000;
export const notesLimit = 3000;
export const changeRequestLimit = 3000;
