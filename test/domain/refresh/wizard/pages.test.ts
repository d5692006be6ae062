import { describe, expect, it } from 'vitest';
import { type RefreshStyle, refreshStyles } from '../../../../src/domain/refresh/enums.js';
import {
  deviceMode,
  locationMode,
  neighbourPage,
  resumeDraft,
  selectableModels,
  type WizardOptions,
  type WizardPageId,
  wizardPages,
} from '../../../../src/domain/refresh/wizard/index.js';
import { latitude, macbook, noOptions, optiplex, setupFor } from './setup.js';

const optionNames = Object.keys(noOptions) as (keyof WizardOptions)[];

/** All 32 combinations of the five config options. */
const everyOptionCombination: WizardOptions[] = Array.from({ length: 2 ** optionNames.length }, (_, bits) =>
  Object.fromEntries(optionNames.map((name, i) => [name, (bits & (1 << i)) !== 0])),
) as unknown as WizardOptions[];

const expectedLocation: Record<RefreshStyle, string | undefined> = {
  remote_customer: 'shipping',
  on_prem: 'on_prem',
  unit_specified_location: 'unit',
  bump_down: 'on_prem',
  no_customer: undefined,
};

describe('which pages a ticket’s config gives', () => {
  const rows = refreshStyles.flatMap((style) =>
    everyOptionCombination.flatMap((options) =>
      [true, false].map((withBundle) => ({ style, options, withBundle })),
    ),
  );

  it.each(rows)('$style with $options, bundle: $withBundle', ({ style, options, withBundle }) => {
    const setup = setupFor(style, options, withBundle ? {} : { bundle: [] });
    const pages = wizardPages(setup);
    if (style === 'no_customer') {
      expect(pages).toEqual([]);
      return;
    }
    const expected: WizardPageId[] = ['location', 'device'];
    if (options.canCustomizePeripherals || withBundle) expected.push('peripherals');
    if (options.canCustomizeSoftware) expected.push('software');
    expected.push('review');
    expect(pages).toEqual(expected);
    expect(locationMode(style)).toBe(expectedLocation[style]);
    const device =
      style === 'bump_down'
        ? 'fixed'
        : options.canCustomizeComputer
          ? 'choose'
          : options.canRequestDifferentDevice
            ? 'confirm'
            : 'fixed';
    expect(deviceMode(setup)).toBe(device);
  });

  it('counts 3 pages at least and 5 at most', () => {
    expect(wizardPages(setupFor('on_prem', {}, { bundle: [] }))).toEqual(['location', 'device', 'review']);
    expect(
      wizardPages(setupFor('remote_customer', { canCustomizePeripherals: true, canCustomizeSoftware: true })),
    ).toHaveLength(5);
  });
});

describe('the models a customer may choose', () => {
  it('offers the proposed model first, then the approved ones of its platform', () => {
    expect(selectableModels(setupFor('on_prem', { canCustomizeComputer: true }))).toEqual([
      latitude,
      optiplex,
    ]);
  });

  it('offers other platforms only with canCustomizePlatform', () => {
    const setup = setupFor('on_prem', { canCustomizeComputer: true, canCustomizePlatform: true });
    expect(selectableModels(setup)).toEqual([latitude, macbook, optiplex]);
  });

  it('offers every approved model when no model is proposed', () => {
    expect(selectableModels(setupFor('on_prem', {}, { proposedModel: null }))).toHaveLength(3);
  });
});

describe('resuming a draft', () => {
  const now = {
    building: 'Angell Hall',
    room: '3120',
    shippingAddress: null,
    chosenModelId: null,
    differentDeviceRequested: false,
    differentDeviceReason: null,
    peripheralIds: [],
    softwareIds: [],
    customerName: 'Casey Customer',
  };

  it('starts on the first page, pre-filled from the ticket, the bundle and the customer', () => {
    const { pages, draft } = resumeDraft(setupFor('remote_customer'), null, now);
    expect(pages[0]).toBe('location');
    expect(draft.page).toBe('location');
    expect(draft.values.location).toMatchObject({ recipient: 'Casey Customer', country: 'US' });
    expect(draft.values.device).toMatchObject({ model: String(latitude.id), fits: 'yes' });
    expect(draft.values.peripherals).toEqual({ items: ['10'] });
  });

  it('pre-fills on-prem with the existing system’s location', () => {
    const { draft } = resumeDraft(setupFor('on_prem'), undefined, { ...now, building: null, room: null });
    expect(draft.values.location).toMatchObject({ building: 'Angell Hall', room: '3120' });
  });

  it('resumes on the saved page with the saved values', () => {
    const saved = { page: 'device', values: { location: { building: 'Mason Hall', room: '1' } } };
    const { draft } = resumeDraft(setupFor('on_prem'), saved, now);
    expect(draft.page).toBe('device');
    expect(draft.values.location).toEqual({ building: 'Mason Hall', room: '1' });
  });

  it('starts over on the first page when the saved page is no longer part of the config', () => {
    const saved = { page: 'software', values: {} };
    expect(resumeDraft(setupFor('on_prem'), saved, now).draft.page).toBe('location');
  });

  it('ignores a draft it cannot read', () => {
    expect(resumeDraft(setupFor('on_prem'), { page: 'nowhere' }, now).draft.page).toBe('location');
  });

  it('moves between neighbouring pages and stays put at either end', () => {
    const pages: WizardPageId[] = ['location', 'device', 'review'];
    expect(neighbourPage(pages, 'location', -1)).toBe('location');
    expect(neighbourPage(pages, 'location', 1)).toBe('device');
    expect(neighbourPage(pages, 'review', 1)).toBe('review');
    expect(neighbourPage(pages, 'software', 1)).toBe('location');
  });
});
