import { describe, expect, it } from 'vitest';
import {
  type PageValues,
  validateDevice,
  validateLocation,
  validatePeripherals,
  validateSoftware,
  validateWizard,
} from '../../../../src/domain/refresh/wizard/index.js';
import {
  acrobat,
  camera,
  keyboard,
  latitude,
  macbook,
  monitor,
  office,
  optiplex,
  setupFor,
} from './setup.js';

const address: PageValues = {
  recipient: 'Casey Customer',
  line1: '500 S State St',
  line2: '',
  city: 'Ann Arbor',
  region: 'MI',
  postalCode: '48109',
  country: 'US',
};

describe('the shipping address (remote customers)', () => {
  const remote = setupFor('remote_customer');

  it('accepts a US address and normalises it', () => {
    const result = validateLocation(remote, {
      ...address,
      region: 'mi',
      country: 'United States',
      line1: '  500   S State St ',
    });
    expect(result).toEqual({
      ok: true,
      answer: {
        kind: 'shipping',
        address: {
          recipient: 'Casey Customer',
          line1: '500 S State St',
          city: 'Ann Arbor',
          region: 'MI',
          postalCode: '48109',
          country: 'US',
        },
      },
    });
  });

  it('keeps an optional second line', () => {
    const result = validateLocation(remote, { ...address, line2: 'Apt 4', postalCode: '48109-1234' });
    expect(result.ok && result.answer.kind === 'shipping' && result.answer.address.line2).toBe('Apt 4');
  });

  it.each([
    ['recipient', '', 'Enter who receives the package.'],
    ['line1', '   ', 'Enter the street address.'],
    ['city', '', 'Enter the city.'],
    ['region', '', 'Enter the state or region.'],
    ['postalCode', '', 'Enter the postal code.'],
    ['country', '', 'Enter the country.'],
    ['region', 'Michigan', 'Use the two-letter state code, e.g. MI.'],
    ['region', 'XX', 'Use the two-letter state code, e.g. MI.'],
    ['postalCode', '4810', 'Use a 5-digit ZIP code or ZIP+4, e.g. 48109 or 48109-1234.'],
    ['postalCode', '48109-12', 'Use a 5-digit ZIP code or ZIP+4, e.g. 48109 or 48109-1234.'],
    ['postalCode', 'ABCDE', 'Use a 5-digit ZIP code or ZIP+4, e.g. 48109 or 48109-1234.'],
    ['recipient', 'x'.repeat(101), 'Use at most 100 characters.'],
    ['line2', 'x'.repeat(101), 'Use at most 100 characters.'],
  ])('refuses %s = %j: %s', (field, value, message) => {
    expect(validateLocation(remote, { ...address, [field]: value })).toEqual({
      ok: false,
      errors: { [field]: message },
    });
  });

  it('names every missing field at once', () => {
    const result = validateLocation(remote, {});
    expect(result.ok).toBe(false);
    expect(!result.ok && Object.keys(result.errors).sort()).toEqual(
      ['city', 'country', 'line1', 'postalCode', 'recipient', 'region'].sort(),
    );
  });

  it('takes any region and postal code outside the US', () => {
    const result = validateLocation(remote, {
      ...address,
      city: 'Toronto',
      region: 'Ontario',
      postalCode: 'm5v 3l9',
      country: 'Canada',
    });
    expect(result.ok && result.answer.kind === 'shipping' && result.answer.address).toMatchObject({
      region: 'Ontario',
      postalCode: 'M5V 3L9',
      country: 'Canada',
    });
    expect(validateLocation(remote, { ...address, postalCode: '#12', country: 'Canada' })).toEqual({
      ok: false,
      errors: { postalCode: 'Use letters, digits, spaces and hyphens only.' },
    });
  });
});

describe('the on-prem location', () => {
  const onPrem = setupFor('on_prem');

  it.each([
    [
      { building: 'Mason Hall', room: '2400' },
      { ok: true, answer: { kind: 'on_prem', building: 'Mason Hall', room: '2400' } },
    ],
    [
      { building: '', room: '2400' },
      { ok: false, errors: { building: 'Enter the building your computer is in.' } },
    ],
    [
      { building: 'Mason Hall', room: ' ' },
      { ok: false, errors: { room: 'Enter the room your computer is in.' } },
    ],
    [
      { building: 'x'.repeat(101), room: '1' },
      { ok: false, errors: { building: 'Use at most 100 characters.' } },
    ],
    [
      { building: 'Mason Hall', room: 'x'.repeat(41) },
      { ok: false, errors: { room: 'Use at most 40 characters.' } },
    ],
  ])('%j → %j', (values, expected) => {
    expect(validateLocation(onPrem, values)).toEqual(expected);
  });

  it('asks nothing of unit-specified tickets', () => {
    expect(validateLocation(setupFor('unit_specified_location'), {})).toEqual({
      ok: true,
      answer: { kind: 'unit' },
    });
  });
});

describe('the device page', () => {
  const fixed = setupFor('on_prem');
  const confirm = setupFor('on_prem', { canRequestDifferentDevice: true });
  const choose = setupFor('on_prem', { canCustomizeComputer: true, canRequestDifferentDevice: true });
  const anyPlatform = setupFor('on_prem', { canCustomizeComputer: true, canCustomizePlatform: true });
  const keep = { chosenModelId: latitude.id, differentDeviceRequested: false, reason: null };

  it.each([
    [
      'fixed: the proposed model, whatever is sent',
      fixed,
      { model: String(macbook.id) },
      { ok: true, answer: keep },
    ],
    [
      'confirm: yes keeps the proposed model',
      confirm,
      { fits: 'yes', reason: 'ignored' },
      { ok: true, answer: keep },
    ],
    [
      'confirm: no with a reason',
      confirm,
      { fits: 'no', reason: 'I need a touch screen.' },
      {
        ok: true,
        answer: { chosenModelId: null, differentDeviceRequested: true, reason: 'I need a touch screen.' },
      },
    ],
    [
      'confirm: no without a reason',
      confirm,
      { fits: 'no', reason: '' },
      { ok: false, errors: { reason: 'Tell us why this computer is not adequate and what you need.' } },
    ],
    [
      'confirm: no answer',
      confirm,
      {},
      { ok: false, errors: { fits: 'Say whether this computer works for you.' } },
    ],
    [
      'choose: another approved model',
      choose,
      { model: String(optiplex.id) },
      { ok: true, answer: { chosenModelId: optiplex.id, differentDeviceRequested: false, reason: null } },
    ],
    [
      'choose: another platform without canCustomizePlatform',
      choose,
      { model: String(macbook.id) },
      { ok: false, errors: { model: 'Choose one of the listed computers.' } },
    ],
    [
      'choose: another platform with canCustomizePlatform',
      anyPlatform,
      { model: String(macbook.id) },
      { ok: true, answer: { chosenModelId: macbook.id, differentDeviceRequested: false, reason: null } },
    ],
    [
      'choose: none adequate with a reason',
      choose,
      { model: 'none', reason: 'I need a GPU.' },
      { ok: true, answer: { chosenModelId: null, differentDeviceRequested: true, reason: 'I need a GPU.' } },
    ],
    [
      'choose: none adequate without a reason',
      choose,
      { model: 'none' },
      { ok: false, errors: { reason: 'Tell us why none of these computers is adequate.' } },
    ],
    [
      'choose: a reason too long',
      choose,
      { model: 'none', reason: 'x'.repeat(1001) },
      { ok: false, errors: { reason: 'Use at most 1000 characters.' } },
    ],
    ['choose: nothing chosen', choose, { model: '' }, { ok: false, errors: { model: 'Choose a computer.' } }],
    [
      'choose: a forged id',
      choose,
      { model: '999' },
      { ok: false, errors: { model: 'Choose one of the listed computers.' } },
    ],
  ] as const)('%s', (_name, setup, values, expected) => {
    expect(validateDevice(setup, values)).toEqual(expected);
  });

  it('lets bump-down tickets choose nothing: the replacement is known', () => {
    const bump = setupFor('bump_down', { canCustomizeComputer: true });
    expect(validateDevice(bump, { model: 'none' })).toEqual({ ok: true, answer: keep });
  });
});

describe('peripherals and software', () => {
  const custom = setupFor('on_prem', { canCustomizePeripherals: true, canCustomizeSoftware: true });

  it('gives the bundle when peripherals cannot be customized', () => {
    expect(validatePeripherals(setupFor('on_prem'), { items: [String(camera.id)] })).toEqual({
      ok: true,
      answer: { items: [{ id: monitor.id, quantity: 1 }] },
    });
  });

  it('takes any approved peripheral with the option, keeping the bundle’s quantities', () => {
    const setup = setupFor(
      'on_prem',
      { canCustomizePeripherals: true },
      { bundle: [{ ...monitor, quantity: 2 }] },
    );
    expect(
      validatePeripherals(setup, { items: [String(monitor.id), String(keyboard.id), String(keyboard.id)] }),
    ).toEqual({
      ok: true,
      answer: {
        items: [
          { id: monitor.id, quantity: 2 },
          { id: keyboard.id, quantity: 1 },
        ],
      },
    });
    expect(validatePeripherals(setup, { items: [] })).toEqual({ ok: true, answer: { items: [] } });
  });

  it('refuses what is not in the lists', () => {
    expect(validatePeripherals(custom, { items: ['999'] })).toEqual({
      ok: false,
      errors: { items: 'Choose from the listed peripherals.' },
    });
    expect(validateSoftware(custom, { items: ['abc'] })).toEqual({
      ok: false,
      errors: { items: 'Choose from the software catalog.' },
    });
  });

  it('takes catalog software only with the option', () => {
    expect(validateSoftware(custom, { items: [String(office.id), String(acrobat.id)] })).toEqual({
      ok: true,
      answer: { ids: [office.id, acrobat.id] },
    });
    expect(validateSoftware(setupFor('on_prem'), { items: [String(office.id)] })).toEqual({
      ok: true,
      answer: { ids: [] },
    });
  });
});

describe('the whole wizard', () => {
  it('names the first page that does not hold', () => {
    const setup = setupFor('on_prem', { canCustomizeComputer: true });
    expect(
      validateWizard(setup, { location: { building: 'Mason Hall', room: '1' }, device: { model: '999' } }),
    ).toEqual({
      ok: false,
      page: 'device',
      errors: { model: 'Choose one of the listed computers.' },
    });
  });

  it('gives every answer when all pages hold', () => {
    const setup = setupFor('unit_specified_location');
    expect(validateWizard(setup, {})).toEqual({
      ok: true,
      answers: {
        location: { kind: 'unit' },
        device: { chosenModelId: latitude.id, differentDeviceRequested: false, reason: null },
        peripherals: { items: [{ id: monitor.id, quantity: 1 }] },
        software: { ids: [] },
      },
    });
  });
});
