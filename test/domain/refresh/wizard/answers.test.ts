import { describe, expect, it } from 'vitest';
import { approvalReasons, needsApproval } from '../../../../src/domain/refresh/index.js';
import {
  approvalFacts,
  locationChange,
  type WizardAnswers,
  type WizardOptions,
  type WizardSetup,
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

const everything: Partial<WizardOptions> = {
  canCustomizeComputer: true,
  canCustomizePlatform: true,
  canCustomizePeripherals: true,
  canCustomizeSoftware: true,
};

const plain: WizardAnswers = {
  location: { kind: 'on_prem', building: 'Angell Hall', room: '3120' },
  device: { chosenModelId: latitude.id, differentDeviceRequested: false, reason: null },
  peripherals: { items: [{ id: monitor.id, quantity: 1 }] },
  software: { ids: [] },
};

const cases: Array<[string, WizardSetup, WizardAnswers, string[]]> = [
  ['the proposed model and the bundle', setupFor('on_prem', everything), plain, []],
  [
    'a config that always requires approval',
    setupFor('on_prem', {}, { configRequiresApproval: true }),
    plain,
    ['the refresh config requires approval'],
  ],
  [
    'another model of the same platform',
    setupFor('on_prem', everything),
    { ...plain, device: { ...plain.device, chosenModelId: optiplex.id } },
    ['a model other than the proposed one was chosen'],
  ],
  [
    'a model of another platform',
    setupFor('on_prem', everything),
    { ...plain, device: { ...plain.device, chosenModelId: macbook.id } },
    ['a model other than the proposed one was chosen', 'another platform was chosen'],
  ],
  [
    'none adequate',
    setupFor('on_prem', everything),
    { ...plain, device: { chosenModelId: null, differentDeviceRequested: true, reason: 'GPU' } },
    ['a different device was requested'],
  ],
  [
    'an added peripheral that requires approval',
    setupFor('on_prem', everything),
    { ...plain, peripherals: { items: [{ id: camera.id, quantity: 1 }] } },
    ['a peripheral that requires approval was chosen'],
  ],
  [
    'an added peripheral that needs no approval',
    setupFor('on_prem', everything),
    { ...plain, peripherals: { items: [{ id: keyboard.id, quantity: 1 }] } },
    [],
  ],
  [
    'a bundle item that requires approval: keeping the bundle is no request',
    setupFor('on_prem', everything, { bundle: [{ ...camera, quantity: 1 }] }),
    { ...plain, peripherals: { items: [{ id: camera.id, quantity: 1 }] } },
    [],
  ],
  [
    'software that requires approval',
    setupFor('on_prem', everything),
    { ...plain, software: { ids: [office.id, acrobat.id] } },
    ['software that requires approval was requested'],
  ],
  [
    'software that needs no approval',
    setupFor('on_prem', everything),
    { ...plain, software: { ids: [office.id] } },
    [],
  ],
];

describe('the approval facts of a walked wizard', () => {
  it.each(cases)('%s', (_name, setup, answers, reasons) => {
    const facts = approvalFacts(setup, answers);
    expect(approvalReasons(facts)).toEqual(reasons);
    expect(needsApproval(facts)).toBe(reasons.length > 0);
  });
});

describe('a changed on-prem location', () => {
  const setup = setupFor('on_prem');

  it('is no change when only case and spacing differ', () => {
    expect(
      locationChange(setup, { kind: 'on_prem', building: 'angell  hall', room: '3120' }),
    ).toBeUndefined();
  });

  it('says what the inventory had and what the customer gave', () => {
    expect(locationChange(setup, { kind: 'on_prem', building: 'Mason Hall', room: '2400' })).toEqual({
      from: { building: 'Angell Hall', room: '3120' },
      to: { building: 'Mason Hall', room: '2400' },
    });
  });

  it('counts a location where the inventory had none', () => {
    const unknown = setupFor('on_prem', {}, { systemLocation: { building: null, room: null } });
    expect(locationChange(unknown, { kind: 'on_prem', building: 'Mason Hall', room: '2400' })).toEqual({
      from: { building: null, room: null },
      to: { building: 'Mason Hall', room: '2400' },
    });
  });

  it('never applies to shipping or unit-specified locations', () => {
    expect(locationChange(setup, { kind: 'unit' })).toBeUndefined();
  });
});
