import type { RefreshStyle } from '../../../../src/domain/refresh/enums.js';
import type { WizardOptions, WizardSetup } from '../../../../src/domain/refresh/wizard/index.js';

export const latitude = { id: 1, label: 'Dell Latitude 7450', platform: 'windows' as const };
export const optiplex = { id: 2, label: 'Dell OptiPlex 7020', platform: 'windows' as const };
export const macbook = { id: 3, label: 'Apple MacBook Air 13 (M4)', platform: 'mac' as const };
export const monitor = { id: 10, name: 'Dell 27" monitor', requiresApproval: false };
export const keyboard = { id: 11, name: 'Keyboard and mouse', requiresApproval: false };
export const camera = { id: 12, name: '4K document camera', requiresApproval: true };
export const office = { id: 20, name: 'Microsoft 365 Apps', requiresApproval: false };
export const acrobat = { id: 21, name: 'Adobe Acrobat Pro', requiresApproval: true };

export const noOptions: WizardOptions = {
  canCustomizeComputer: false,
  canCustomizePlatform: false,
  canRequestDifferentDevice: false,
  canCustomizePeripherals: false,
  canCustomizeSoftware: false,
};

/** A config like the test world's: Latitude proposed, three approved models, a one-monitor bundle. */
export function setupFor(
  style: RefreshStyle = 'remote_customer',
  options: Partial<WizardOptions> = {},
  overrides: Partial<WizardSetup> = {},
): WizardSetup {
  return {
    style,
    options: { ...noOptions, ...options },
    configRequiresApproval: false,
    proposedModel: latitude,
    approvedModels: [macbook, latitude, optiplex],
    bundle: [{ ...monitor, quantity: 1 }],
    peripherals: [camera, monitor, keyboard],
    software: [acrobat, office],
    unitSpecifiedLocation: style === 'unit_specified_location' ? 'Angell Hall 2001 (Tech Bar)' : null,
    systemLocation: { building: 'Angell Hall', room: '3120' },
    ...overrides,
  };
}
