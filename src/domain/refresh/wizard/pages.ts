import type { Platform, RefreshStyle } from '../enums.js';

/** The wizard's pages in the order a customer walks them (SPEC §2.1); a ticket's config picks a subset. */
export const wizardPageIds = ['location', 'device', 'peripherals', 'software', 'review'] as const;
export type WizardPageId = (typeof wizardPageIds)[number];

export interface WizardOptions {
  canCustomizeComputer: boolean;
  canCustomizePlatform: boolean;
  canRequestDifferentDevice: boolean;
  canCustomizePeripherals: boolean;
  canCustomizeSoftware: boolean;
}

export interface CatalogModel {
  id: number;
  /** Manufacturer and name, as a customer recognises it. */
  label: string;
  platform: Platform;
}

export interface CatalogItem {
  id: number;
  name: string;
  requiresApproval: boolean;
}

export interface BundleItem extends CatalogItem {
  quantity: number;
}

/** Everything about a ticket's config and catalog the wizard needs, loaded by the service. */
export interface WizardSetup {
  style: RefreshStyle;
  options: WizardOptions;
  configRequiresApproval: boolean;
  proposedModel: CatalogModel | null;
  /** The config's approved models, or the unit's when the config names none. */
  approvedModels: readonly CatalogModel[];
  /** The config's peripheral bundle. */
  bundle: readonly BundleItem[];
  /** What a customer may pick with canCustomizePeripherals: the unit's approved peripherals and the bundle. */
  peripherals: readonly CatalogItem[];
  /** The curated software catalog. */
  software: readonly CatalogItem[];
  unitSpecifiedLocation: string | null;
  /** The existing system's location as the inventory has it (what on-prem pre-fills and compares with). */
  systemLocation: { building: string | null; room: string | null };
  /** Bump-down tickets: the replacement given at creation, shown on the device page. */
  replacement?: { serial: string; model: CatalogModel | null } | null;
}

/**
 * How the location page asks: remote customers give a shipping address, on-prem (and bump-down,
 * delivered like on-prem) review the existing system's location, unit-specified ones are told where to go.
 */
export type LocationMode = 'shipping' | 'on_prem' | 'unit';

/**
 * How the device page asks: `choose` among approved models (with "none is adequate"), `confirm`
 * the proposed model or request a different device, or only be told (`fixed`).
 */
export type DeviceMode = 'choose' | 'confirm' | 'fixed';

export function hasWizard(style: RefreshStyle): boolean {
  return style !== 'no_customer';
}

export function locationMode(style: RefreshStyle): LocationMode {
  switch (style) {
    case 'remote_customer':
      return 'shipping';
    case 'unit_specified_location':
      return 'unit';
    default:
      return 'on_prem';
  }
}

export function deviceMode(setup: Pick<WizardSetup, 'style' | 'options'>): DeviceMode {
  // Bump-down tickets get their replacement at creation: there is nothing to choose (seed 000, Styles).
  if (setup.style === 'bump_down') return 'fixed';
  if (setup.options.canCustomizeComputer) return 'choose';
  if (setup.options.canRequestDifferentDevice) return 'confirm';
  return 'fixed';
}

/**
 * The models a customer may choose: the proposed one first, then the approved ones of its
 * platform, or of every platform with canCustomizePlatform.
 */
export function selectableModels(setup: WizardSetup): CatalogModel[] {
  const proposed = setup.proposedModel;
  const others = setup.approvedModels.filter(
    (model) =>
      model.id !== proposed?.id &&
      (setup.options.canCustomizePlatform || !proposed || model.platform === proposed.platform),
  );
  return proposed ? [proposed, ...others] : [...others];
}

/** The pages of this ticket's wizard: a page with nothing to show or ask is left out. */
export function wizardPages(setup: WizardSetup): WizardPageId[] {
  if (!hasWizard(setup.style)) return [];
  const pages: WizardPageId[] = ['location', 'device'];
  if (setup.options.canCustomizePeripherals || setup.bundle.length > 0) pages.push('peripherals');
  if (setup.options.canCustomizeSoftware) pages.push('software');
  pages.push('review');
  return pages;
}

export const wizardPageTitles: Record<WizardPageId, string> = {
  location: 'Location',
  device: 'The new computer',
  peripherals: 'Peripherals',
  software: 'Software',
  review: 'Review and submit',
};
