import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import type { Platform, RefreshStatus, RefreshStyle } from '../../../src/domain/refresh/enums.js';
import { statusPhrase } from '../../../src/domain/refresh/status-wording.js';
import {
  addressLimits,
  type CatalogItem,
  type CatalogModel,
  deviceMode,
  locationLimits,
  locationMode,
  modelById,
  noModelAdequate,
  type PageValues,
  reasonMaxLength,
  type ShippingAddress,
  selectableModels,
  type WizardAnswers,
  type WizardPageId,
  wizardPageTitles,
} from '../../../src/domain/refresh/wizard/index.js';
import type { WizardOptionsFound } from '../../../src/services/refresh/wizard/find-wizard-options.js';
import type { WizardView } from '../../../src/services/refresh/wizard/load-wizard.js';
import { ids } from '../../../src/slack/ids.js';
import { type WizardMetadata, wizardMetadata } from '../../../src/slack/values/refresh.js';
import { fitInput, type Mrkdwn, md, mdLines, mrkdwn, plain, quoted, truncate } from '../../shared/text.js';

/** Slack's limits this module keeps to. */
const MAX_STATIC_OPTIONS = 100;
const OPTION_TEXT = 75;

const platformLabels: Record<Platform, string> = { windows: 'Windows', mac: 'Mac' };
const noneAdequateText = 'None of these is adequate';

/** Each page's inputs have their own block ids, so Slack never carries a value from one page to another. */
export const wizardBlockId = (page: WizardPageId, field: string) => `wizard_${page}_${field}`;

/** What the inputs of `page` hold, by field, from a view's `state.values`. */
export function readWizardValues(page: WizardPageId, stateValues: unknown): PageValues {
  const values: PageValues = {};
  if (typeof stateValues !== 'object' || stateValues === null) return values;
  const prefix = wizardBlockId(page, '');
  for (const [blockId, elements] of Object.entries(stateValues as Record<string, unknown>)) {
    if (!blockId.startsWith(prefix) || typeof elements !== 'object' || elements === null) continue;
    const field = blockId.slice(prefix.length);
    for (const state of Object.values(elements as Record<string, Record<string, unknown>>)) {
      if (typeof state.value === 'string') values[field] = state.value;
      else if (state.value === null) values[field] = '';
      const option = state.selected_option as { value?: unknown } | null | undefined;
      if (option !== undefined) values[field] = typeof option?.value === 'string' ? option.value : '';
      const options = state.selected_options as Array<{ value?: unknown }> | undefined;
      if (Array.isArray(options)) {
        values[field] = options.flatMap((o) => (typeof o.value === 'string' ? [o.value] : []));
      }
    }
  }
  return values;
}

/** Field messages as `response_action: 'errors'` wants them, for the inputs the view has. */
export function wizardErrors(
  page: WizardPageId,
  errors: Record<string, string>,
  inputBlockIds: ReadonlySet<string>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, message] of Object.entries(errors)) {
    const blockId = wizardBlockId(page, field);
    if (inputBlockIds.has(blockId)) out[blockId] = message;
  }
  return out;
}

const text = (values: PageValues, field: string): string => {
  const value = values[field];
  return typeof value === 'string' ? value : '';
};

const list = (values: PageValues, field: string): string[] => {
  const value = values[field];
  return Array.isArray(value) ? value : typeof value === 'string' && value ? [value] : [];
};

function textInput(
  page: WizardPageId,
  field: string,
  label: string,
  values: PageValues,
  opts: { max: number; optional?: boolean; multiline?: boolean; hint?: string },
): KnownBlock {
  const initial = text(values, field);
  return {
    type: 'input',
    block_id: wizardBlockId(page, field),
    label: plain(label),
    optional: opts.optional ?? false,
    ...(opts.hint ? { hint: plain(opts.hint) } : {}),
    element: {
      type: 'plain_text_input',
      action_id: field,
      max_length: opts.max,
      multiline: opts.multiline ?? false,
      ...(initial ? { initial_value: fitInput(initial, opts.max) } : {}),
    },
  };
}

export function modelOptionText(model: CatalogModel, mixedPlatforms: boolean): string {
  return truncate(
    mixedPlatforms ? `${model.label} · ${platformLabels[model.platform]}` : model.label,
    OPTION_TEXT,
  );
}

export function catalogOptionText(item: CatalogItem): string {
  const suffix = item.requiresApproval ? ' (needs approval)' : '';
  return `${truncate(item.name, OPTION_TEXT - suffix.length)}${suffix}`;
}

const option = (label: string, value: string): PlainTextOption => ({
  text: plain(label, OPTION_TEXT),
  value,
});
const noneAdequateOption = () => option(noneAdequateText, noModelAdequate);

const intro = (body: Mrkdwn): KnownBlock => ({ type: 'section', text: mrkdwn(body) });

/**
 * How the pages name the customer to their reader: "your" to the customer, "Casey Customer’s" to
 * the delegate who walks the wizard for them (SPEC §3).
 */
function reader(view: Pick<WizardView, 'onBehalfOf'>) {
  const name = view.onBehalfOf;
  return {
    /** "your" / "Casey’s", inside a sentence. */
    whose: name ? md`${name}’s` : md`your`,
    /** "Your" / "Casey’s", opening a sentence. */
    Whose: name ? md`${name}’s` : md`Your`,
    /** "you" / "Casey", as the object of a sentence. */
    them: name ? md`${name}` : md`you`,
    /** The approver: "your approver" to the customer, "the approver" to a delegate. */
    approver: name ? md`the approver` : md`your approver`,
  };
}

const bullets = (lines: ReadonlyArray<Mrkdwn | string>) => mdLines(lines.map((line) => md`• ${line}`));

function addressLines(address: ShippingAddress): Mrkdwn {
  return mdLines([
    address.recipient,
    address.line1,
    address.line2,
    `${address.city}, ${address.region} ${address.postalCode}`,
    address.country,
  ]);
}

function locationPage(view: WizardView): KnownBlock[] {
  const { setup, values } = view;
  const { whose, Whose, them } = reader(view);
  const page = 'location';
  switch (locationMode(setup.style)) {
    case 'unit':
      return [
        intro(
          setup.unitSpecifiedLocation
            ? view.onBehalfOf
              ? md`${Whose} refresh takes place at *${setup.unitSpecifiedLocation}*. There is nothing to fill in here: once a time is picked, ${them} comes there with their computer.`
              : md`Your refresh takes place at *${setup.unitSpecifiedLocation}*. There is nothing to fill in here: once you pick a time, come there with your computer.`
            : md`${Whose} unit will tell ${them} where the refresh takes place. There is nothing to fill in here.`,
        ),
      ];
    case 'shipping':
      return [
        intro(
          md`${Whose} new computer will be shipped to ${view.onBehalfOf ? md`them` : md`you`}. Where should it go? Use an address where someone can receive the package.`,
        ),
        textInput(page, 'recipient', 'Recipient', values, { max: addressLimits.recipient }),
        textInput(page, 'line1', 'Street address', values, { max: addressLimits.line1 }),
        textInput(page, 'line2', 'Apartment, suite, unit', values, {
          max: addressLimits.line2,
          optional: true,
        }),
        textInput(page, 'city', 'City', values, { max: addressLimits.city }),
        textInput(page, 'region', 'State or region', values, {
          max: addressLimits.region,
          hint: 'For the US, the two-letter state code, e.g. MI.',
        }),
        textInput(page, 'postalCode', 'ZIP or postal code', values, { max: addressLimits.postalCode }),
        textInput(page, 'country', 'Country', values, {
          max: addressLimits.country,
          hint: 'US for the United States.',
        }),
      ];
    case 'on_prem': {
      const { building, room } = setup.systemLocation;
      const known =
        building || room
          ? md`Otto’s records put ${whose} computer ${view.ticket.serial} in *${building ?? 'an unknown building'}*, room *${room ?? 'unknown'}*.`
          : md`Otto does not know where ${whose} computer ${view.ticket.serial} is.`;
      return [
        intro(
          md`${known} Is that where it is, and where ${whose} new computer should go? Correct it below if not; NIT will be asked to confirm a change.`,
        ),
        textInput(page, 'building', 'Building', values, { max: locationLimits.building }),
        textInput(page, 'room', 'Room', values, { max: locationLimits.room }),
      ];
    }
  }
}

function modelSelect(view: WizardView): KnownBlock {
  const models = selectableModels(view.setup);
  const mixed = new Set(models.map((m) => m.platform)).size > 1;
  const chosen = text(view.values, 'model');
  const chosenModel = models.find((m) => String(m.id) === chosen);
  const initial =
    chosen === noModelAdequate
      ? noneAdequateOption()
      : chosenModel
        ? option(modelOptionText(chosenModel, mixed), chosen)
        : undefined;
  const placeholder = plain('Choose a computer');
  const element =
    models.length + 1 > MAX_STATIC_OPTIONS
      ? {
          type: 'external_select' as const,
          action_id: ids.wizardModelOptions,
          min_query_length: 0,
          placeholder,
          ...(initial ? { initial_option: initial } : {}),
        }
      : {
          type: 'static_select' as const,
          action_id: ids.wizardDeviceChoice,
          placeholder,
          options: [
            ...models.map((m) => option(modelOptionText(m, mixed), String(m.id))),
            noneAdequateOption(),
          ],
          ...(initial ? { initial_option: initial } : {}),
        };
  return {
    type: 'input',
    block_id: wizardBlockId('device', 'model'),
    label: plain('Computer'),
    // "None is adequate" asks why, so a choice shows the page for it.
    dispatch_action: true,
    element,
  };
}

/** Bump-down: the replacement given at creation, read-only ("*Dell Latitude* (Windows), serial R1"). */
function replacementText(setup: WizardView['setup']): Mrkdwn | undefined {
  const replacement = setup.replacement;
  if (!replacement) return undefined;
  const model = replacement.model
    ? md`*${replacement.model.label}* (${platformLabels[replacement.model.platform]}), `
    : '';
  return md`${model}serial *${replacement.serial}*`;
}

function devicePage(view: WizardView): KnownBlock[] {
  const { setup, values } = view;
  const { whose, Whose, them, approver } = reader(view);
  const proposed = setup.proposedModel;
  const proposedText = proposed
    ? md`*${proposed.label}* (${platformLabels[proposed.platform]})`
    : md`a computer your support team will choose`;
  switch (deviceMode(setup)) {
    case 'fixed':
      return [
        intro(
          setup.style === 'bump_down'
            ? md`${Whose} replacement computer has already been chosen for ${view.onBehalfOf ? md`them` : md`you`}: ${replacementText(setup) ?? proposedText}. There is nothing to choose here.`
            : md`${Whose} new computer will be ${proposedText}. There is nothing to choose here.`,
        ),
      ];
    case 'confirm': {
      const name = view.onBehalfOf;
      const fitsOptions = [
        option(name ? `Yes, it works for ${name}` : 'Yes, it works for me', 'yes'),
        option(name ? `No, ${name} needs a different device` : 'No, I need a different device', 'no'),
      ];
      const fits = fitsOptions.find((o) => o.value === text(values, 'fits'));
      return [
        intro(md`${Whose} new computer will be ${proposedText}.`),
        {
          type: 'input',
          block_id: wizardBlockId('device', 'fits'),
          label: plain(
            name ? `Does this computer work for ${name}?` : 'Does this computer work for you?',
            2000,
          ),
          // "No" asks why, so an answer shows the page for it.
          dispatch_action: true,
          element: {
            type: 'radio_buttons',
            action_id: ids.wizardDeviceChoice,
            options: fitsOptions,
            ...(fits ? { initial_option: fits } : {}),
          },
        },
        ...(fits?.value === 'no'
          ? [
              textInput('device', 'reason', 'Why not? What is needed instead?', values, {
                max: reasonMaxLength,
                multiline: true,
              }),
            ]
          : []),
      ];
    }
    case 'choose':
      return [
        intro(
          md`Otto proposes ${proposedText}. You may choose another of ${whose} unit’s approved computers${setup.options.canCustomizePlatform ? ', on either platform,' : ''} or say none of them is adequate for ${them}. A different choice goes to ${approver}.`,
        ),
        modelSelect(view),
        ...(text(values, 'model') === noModelAdequate
          ? [
              textInput('device', 'reason', 'Why is none adequate? What is needed?', values, {
                max: reasonMaxLength,
                multiline: true,
              }),
            ]
          : []),
      ];
  }
}

function catalogSelect(
  page: 'peripherals' | 'software',
  label: string,
  catalog: readonly CatalogItem[],
  values: PageValues,
): KnownBlock {
  const chosen = list(values, 'items').flatMap((value) => {
    const item = catalog.find((i) => String(i.id) === value);
    return item ? [option(catalogOptionText(item), value)] : [];
  });
  const placeholder = plain(page === 'software' ? 'Search the catalog' : 'Choose peripherals');
  const initial = chosen.length > 0 ? { initial_options: chosen } : {};
  const element =
    catalog.length > MAX_STATIC_OPTIONS
      ? {
          type: 'multi_external_select' as const,
          action_id: page === 'software' ? ids.wizardSoftwareOptions : ids.wizardPeripheralOptions,
          min_query_length: 0,
          placeholder,
          ...initial,
        }
      : {
          type: 'multi_static_select' as const,
          action_id: 'items',
          placeholder,
          options: catalog.map((item) => option(catalogOptionText(item), String(item.id))),
          ...initial,
        };
  return {
    type: 'input',
    block_id: wizardBlockId(page, 'items'),
    label: plain(label),
    optional: true,
    element,
  };
}

function peripheralsPage(view: WizardView): KnownBlock[] {
  const { setup } = view;
  const { whose, approver } = reader(view);
  const bundle = setup.bundle.map((item) => `${item.name}${item.quantity > 1 ? ` ×${item.quantity}` : ''}`);
  if (!setup.options.canCustomizePeripherals) {
    return [intro(md`These come with ${whose} new computer:\n${bullets(bundle)}`)];
  }
  return [
    intro(
      md`${bundle.length > 0 ? md`The bundle: ${bundle.join(', ')}. Keep it, remove items, or add` : 'Add'} any of ${whose} unit’s approved peripherals. Items marked “needs approval” go to ${approver}.`,
    ),
    catalogSelect('peripherals', 'Peripherals', setup.peripherals, view.values),
  ];
}

function softwarePage(view: WizardView): KnownBlock[] {
  const { whose, approver } = reader(view);
  if (view.setup.software.length === 0) {
    return [intro(md`The software catalog is empty at the moment, so there is nothing to request here.`)];
  }
  return [
    intro(
      md`Request software from the catalog to be installed on ${whose} new computer. Items marked “needs approval” go to ${approver}. Leave it empty if nothing extra is needed.`,
    ),
    catalogSelect('software', 'Software requests', view.setup.software, view.values),
  ];
}

function describeLocation(view: WizardView, answers: WizardAnswers): Mrkdwn {
  const location = answers.location;
  switch (location.kind) {
    case 'shipping':
      return md`Ship to:\n${addressLines(location.address)}`;
    case 'on_prem':
      return md`${location.building}, room ${location.room}`;
    case 'unit':
      return view.setup.unitSpecifiedLocation
        ? md`At ${view.setup.unitSpecifiedLocation}`
        : md`Where ${reader(view).whose} unit says`;
  }
}

function describeDevice(view: WizardView, answers: WizardAnswers): Mrkdwn {
  const { device } = answers;
  if (device.differentDeviceRequested) {
    return md`A different device, because:\n${quoted(device.reason ?? '')}`;
  }
  const model = modelById(view.setup, device.chosenModelId);
  return model ? md`${model.label} (${platformLabels[model.platform]})` : md`Chosen by your support team`;
}

function reviewPage(view: WizardView): KnownBlock[] {
  const review = view.review;
  if (!review) return [];
  const { answers } = review;
  const { setup } = view;
  const nameOf = (items: readonly CatalogItem[], id: number) =>
    items.find((item) => item.id === id)?.name ?? `#${id}`;
  const peripherals = answers.peripherals.items.map(
    (item) => `${nameOf(setup.peripherals, item.id)}${item.quantity > 1 ? ` ×${item.quantity}` : ''}`,
  );
  const software = answers.software.ids.map((id) => nameOf(setup.software, id));
  const field = (title: string, body: Mrkdwn | string) => mrkdwn(md`*${title}*\n${body}`, 2000);
  const blocks: KnownBlock[] = [
    intro(md`Please check your answers. Use *Back* to change anything, then *Submit*.`),
    { type: 'section', fields: [field('Location', describeLocation(view, answers))] },
    { type: 'section', fields: [field('Computer', describeDevice(view, answers))] },
    {
      type: 'section',
      fields: [
        field('Peripherals', peripherals.length > 0 ? mdLines(peripherals) : 'None'),
        field('Software', software.length > 0 ? mdLines(software) : 'None'),
      ],
    },
  ];
  if (review.locationChange) {
    blocks.push({
      type: 'context',
      elements: [mrkdwn(md`This location differs from Otto’s records, so NIT will be asked to confirm it.`)],
    });
  }
  blocks.push(
    intro(
      review.approvalReasons.length > 0
        ? md`When you submit, your choices go to ${reader(view).approver}, because ${review.approvalReasons.join('; ')}.`
        : md`When you submit, the refresh goes straight to ordering.`,
    ),
  );
  return blocks;
}

const pageBlocks: Record<WizardPageId, (view: WizardView) => KnownBlock[]> = {
  location: locationPage,
  device: devicePage,
  peripherals: peripheralsPage,
  software: softwarePage,
  review: reviewPage,
};

/** One page of the wizard as a modal; Next is the submit button, Back a button that updates the view. */
export function renderWizardPage(view: WizardView): ModalView {
  const index = Math.max(view.pages.indexOf(view.page), 0);
  const last = view.page === 'review';
  const system = view.ticket.systemName
    ? `${view.ticket.systemName} (${view.ticket.serial})`
    : view.ticket.serial;
  const forWhom = view.onBehalfOf ? md` · for ${view.onBehalfOf}, as their delegate` : '';
  const blocks: KnownBlock[] = [
    { type: 'context', elements: [mrkdwn(md`Refresh #${view.ticket.id} · ${system}${forWhom}`)] },
  ];
  if (view.ticket.denialReason) {
    const sentBack = view.onBehalfOf ? md`The approver sent this back` : md`Your approver sent this back`;
    blocks.push(
      intro(
        md`:warning: *${sentBack}:*\n${quoted(view.ticket.denialReason)}\nPlease change what they ask for and submit again.`,
      ),
    );
  }
  if (view.problems.length > 0) {
    blocks.push(intro(md`:warning: *Please check this page:*\n${bullets(view.problems)}`));
  }
  blocks.push({ type: 'header', text: plain(wizardPageTitles[view.page]) }, ...pageBlocks[view.page](view));
  if (index > 0) {
    blocks.push({
      type: 'actions',
      block_id: 'wizard_nav',
      elements: [{ type: 'button', action_id: ids.wizardBack, text: plain('Back') }],
    });
  }
  blocks.push({
    type: 'context',
    elements: [
      mrkdwn(
        md`Close this any time: Otto keeps every page you leave with Next or Back, and *Start* or *Continue* brings you back here.`,
      ),
    ],
  });
  const metadata: WizardMetadata = { ticketId: view.ticket.id, page: view.page, status: view.ticket.status };
  return {
    type: 'modal',
    callback_id: ids.wizardPage,
    title: plain(`Refresh · ${index + 1} of ${view.pages.length}`),
    submit: plain(last ? 'Submit' : 'Next'),
    close: plain('Close'),
    private_metadata: wizardMetadata.encode(metadata),
    blocks,
  };
}

/** A message in place of the wizard: not yours, no longer open, out of date. */
export function renderWizardNotice(message: Mrkdwn): ModalView {
  return {
    type: 'modal',
    title: plain('Refresh wizard'),
    close: plain('Close'),
    blocks: [intro(message)],
  };
}

/** What comes after ordering, by style: shipping for remote customers, else picking a time. */
function afterOrdering(outcome: { style: RefreshStyle }): Mrkdwn {
  return outcome.style === 'remote_customer'
    ? md`When the new computer ships, Otto messages you its tracking number.`
    : md`When it is ready, Otto messages you to pick a delivery time.`;
}

/** What the customer (or their delegate) sees once the wizard is submitted: what happens next, and when. */
export function renderWizardDone(outcome: {
  ticketId: number;
  status: RefreshStatus;
  style: RefreshStyle;
  approvalReasons: string[];
  approverDigest: string;
  onBehalfOf: string | null;
}): ModalView {
  const approver = outcome.onBehalfOf ? md`the approver` : md`your approver`;
  const [body, next]: [Mrkdwn, Mrkdwn] =
    outcome.status === 'requires_approval'
      ? [
          md`Thanks! Your choices for refresh #${outcome.ticketId} went to ${approver}, because ${outcome.approvalReasons.join('; ')}.`,
          md`*Next:* ${approver} approves or sends the choices back. If they have not decided by *${outcome.approverDigest}*, their weekly digest reminds them. Otto messages you as soon as they decide.`,
        ]
      : outcome.status === 'pending_ordering'
        ? [
            md`Thanks! Refresh #${outcome.ticketId} goes to ordering now.`,
            md`*Next:* the new computer is ordered. ${afterOrdering(outcome)}`,
          ]
        : outcome.status === 'pending_itsm_existence'
          ? [
              md`Thanks! The replacement for refresh #${outcome.ticketId} is being prepared.`,
              md`*Next:* once it is registered, Otto messages you to pick a delivery time.`,
            ]
          : [
              md`Thanks! Refresh #${outcome.ticketId} is now ${statusPhrase(outcome.status)}.`,
              md`*Next:* Otto messages you about the next step.`,
            ];
  return {
    type: 'modal',
    title: plain('Refresh submitted'),
    close: plain('Done'),
    blocks: [
      intro(md`:white_check_mark: ${body}`),
      intro(next),
      {
        type: 'context',
        elements: [mrkdwn(md`Otto’s *Home* tab shows where the refresh stands, stage by stage.`)],
      },
    ],
  };
}

/** Options for the wizard's external selects (lists past 100 items). */
export function renderWizardOptions(found: WizardOptionsFound): PlainTextOption[] {
  if (found.list === 'models') {
    return [
      ...found.models.map((m) => option(modelOptionText(m, found.mixedPlatforms), String(m.id))),
      ...(found.noneAdequate ? [noneAdequateOption()] : []),
    ];
  }
  return found.items.map((item) => option(catalogOptionText(item), String(item.id)));
}
