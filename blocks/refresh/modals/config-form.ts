import type { InputBlock, KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import type { Platform, RefreshStyle } from '../../../src/domain/refresh/enums.js';
import { refreshStyles } from '../../../src/domain/refresh/enums.js';
import { type ConfigOptionKey, configLimits, configOptionKeys } from '../../../src/domain/refresh/forms.js';
import type { ConfigField, ConfigSaved } from '../../../src/services/refresh/configs/config-fields.js';
import type { ConfigForm } from '../../../src/services/refresh/configs/get-config-form.js';
import type {
  ModelChoice,
  PeripheralChoice,
  UnitChoice,
} from '../../../src/services/refresh/configs/search-config-choices.js';
import { ids } from '../../../src/slack/ids.js';
import { configFormMetadata } from '../../../src/slack/values/refresh.js';
import { fitInput, type Mrkdwn, md, mrkdwn, plain, truncate } from '../../shared/text.js';

const OPTION_TEXT = 75;
const OPTION_DESCRIPTION = 75;

/** Block ids of the config form's inputs; the plain inputs use the action_id `value`. */
export const configFormBlocks = {
  name: 'config_name',
  unit: 'config_unit',
  style: 'config_style',
  options: 'config_options',
  approvers: 'config_approvers',
  proposedModel: 'config_proposed_model',
  approvedModels: 'config_approved_models',
  bundle: 'config_bundle',
  location: 'config_location',
} as const;

/** Where each field's error shows in the form. */
export const configFieldBlocks: Record<ConfigField, string> = {
  name: configFormBlocks.name,
  unitId: configFormBlocks.unit,
  style: configFormBlocks.style,
  options: configFormBlocks.options,
  approvers: configFormBlocks.approvers,
  proposedModelId: configFormBlocks.proposedModel,
  approvedModelIds: configFormBlocks.approvedModels,
  bundlePeripheralIds: configFormBlocks.bundle,
  unitSpecifiedLocation: configFormBlocks.location,
};

export const configStyleLabels: Record<RefreshStyle, string> = {
  remote_customer: 'Remote customer (@home)',
  on_prem: 'On prem',
  unit_specified_location: 'Unit specified location',
  no_customer: 'No customer (labs, loaners)',
  bump_down: 'Bump down',
};

const styleDescriptions: Record<RefreshStyle, string> = {
  remote_customer: 'The replacement is shipped to an address the customer gives',
  on_prem: 'Delivered on campus, at the location the customer confirms',
  unit_specified_location: 'The customer comes to a named location at their slot time',
  no_customer: 'No e-mail, no wizard: straight to ordering',
  bump_down: 'The replacement is given at creation (legacy or recycled devices)',
};

const optionTexts: Record<ConfigOptionKey, { text: string; description: string }> = {
  canCustomizeComputer: {
    text: 'Customer may choose the computer',
    description: 'Any approved model, or say none is adequate',
  },
  canCustomizePlatform: {
    text: 'Customer may choose another platform',
    description: 'With the above: approved models of the other platform too',
  },
  canRequestDifferentDevice: {
    text: 'Customer may request a different device',
    description: 'Without choosing: say the proposed model is inadequate, and why',
  },
  canCustomizePeripherals: {
    text: 'Customer may choose peripherals',
    description: 'Any of the unit’s approved peripherals, not just the bundle',
  },
  canCustomizeSoftware: {
    text: 'Customer may request software',
    description: 'From the curated software catalog',
  },
  requiresApproval: {
    text: 'Every ticket needs approval',
    description: 'Otherwise only other models, platforms and flagged items do',
  },
};

const platformLabels: Record<Platform, string> = { windows: 'Windows', mac: 'Mac' };

const option = (text: string, value: string, description?: string): PlainTextOption => ({
  text: plain(text, OPTION_TEXT),
  value,
  ...(description ? { description: plain(description, OPTION_DESCRIPTION) } : {}),
});

/** With a suffix that must stay visible: the name is cut, not the suffix. */
const withSuffix = (name: string, suffix: string) =>
  `${truncate(name, OPTION_TEXT - suffix.length)}${suffix}`;

export const unitOption = (unit: UnitChoice): PlainTextOption => option(unit.name, String(unit.id));

export const modelOption = (model: ModelChoice): PlainTextOption =>
  option(
    withSuffix(`${model.manufacturer} ${model.name}`, ` (${platformLabels[model.platform]})`),
    String(model.id),
  );

export const peripheralOption = (peripheral: PeripheralChoice): PlainTextOption =>
  option(
    peripheral.requiresApproval ? withSuffix(peripheral.name, ' (needs approval)') : peripheral.name,
    String(peripheral.id),
  );

const styleOption = (style: RefreshStyle) =>
  option(configStyleLabels[style], style, styleDescriptions[style]);
const checkboxOption = (key: ConfigOptionKey) =>
  option(optionTexts[key].text, key, optionTexts[key].description);

/** Approvers are required but for No customer, whose tickets are never approved. */
function approversHint(style: RefreshStyle | null): string {
  return style === 'no_customer'
    ? 'No customer tickets are never approved; anyone named here sees the config’s tickets and gets the Friday digest by DM and e-mail.'
    : 'At least one. Approvers approve tickets and get the Friday digest by DM and e-mail.';
}

/** Where customers of a Unit specified location config go; required for that style. */
function locationInput(form: ConfigForm): InputBlock {
  return {
    type: 'input',
    block_id: configFormBlocks.location,
    label: plain('Unit specified location'),
    hint: plain('Where customers go at their appointment time.'),
    element: {
      type: 'plain_text_input',
      action_id: 'value',
      multiline: true,
      max_length: configLimits.unitSpecifiedLocation,
      placeholder: plain('e.g. Angell Hall 2001 (Tech Bar)'),
      ...(form.unitSpecifiedLocation
        ? { initial_value: fitInput(form.unitSpecifiedLocation, configLimits.unitSpecifiedLocation) }
        : {}),
    },
  };
}

/**
 * The create/edit form of a refresh config, shaped by its style (a new form, before a style is
 * picked, asks as for a style with customers); editing pre-fills every field, external selects
 * included.
 */
export function renderConfigForm(form: ConfigForm): ModalView {
  const editing = form.configId !== null;
  const noCustomer = form.style === 'no_customer';
  const checked = configOptionKeys.filter((key) => form.options[key]);
  const blocks: InputBlock[] = [
    {
      type: 'input',
      block_id: configFormBlocks.name,
      label: plain('Name'),
      element: {
        type: 'plain_text_input',
        action_id: 'value',
        max_length: configLimits.name,
        placeholder: plain('e.g. LSA @home 2026'),
        ...(form.name ? { initial_value: fitInput(form.name, configLimits.name) } : {}),
      },
    },
    {
      type: 'input',
      block_id: configFormBlocks.unit,
      label: plain('Unit'),
      hint: plain('Type to search. A unit that is missing is added with /otto import.'),
      element: {
        type: 'external_select',
        action_id: ids.configUnitOptions,
        min_query_length: 0,
        placeholder: plain('Pick a unit'),
        ...(form.unit ? { initial_option: unitOption(form.unit) } : {}),
      },
    },
    {
      type: 'input',
      block_id: configFormBlocks.style,
      label: plain('Style'),
      hint: plain('Tickets keep the style they were made with.'),
      // Picking a style shows the form for it: which fields it needs, and only those.
      dispatch_action: true,
      element: {
        type: 'static_select',
        action_id: ids.configStyle,
        placeholder: plain('Pick a style'),
        options: refreshStyles.map(styleOption),
        ...(form.style ? { initial_option: styleOption(form.style) } : {}),
      },
    },
    {
      type: 'input',
      block_id: configFormBlocks.options,
      label: plain('Options'),
      optional: true,
      element: {
        type: 'checkboxes',
        action_id: 'value',
        options: configOptionKeys.map(checkboxOption),
        // Slack refuses an empty initial_options list.
        ...(checked.length > 0 ? { initial_options: checked.map(checkboxOption) } : {}),
      },
    },
    {
      type: 'input',
      block_id: configFormBlocks.approvers,
      label: plain('Approvers'),
      ...(noCustomer ? { optional: true } : {}),
      hint: plain(approversHint(form.style)),
      element: {
        type: 'multi_users_select',
        action_id: 'value',
        max_selected_items: configLimits.approvers,
        placeholder: plain('Pick people'),
        ...(form.approvers.length > 0 ? { initial_users: form.approvers } : {}),
      },
    },
    {
      type: 'input',
      block_id: configFormBlocks.proposedModel,
      label: plain('Proposed model'),
      hint: plain('What customers are offered; it is always one of the approved models.'),
      element: {
        type: 'external_select',
        action_id: ids.configModelOptions,
        min_query_length: 0,
        placeholder: plain('Type to search models'),
        ...(form.proposedModel ? { initial_option: modelOption(form.proposedModel) } : {}),
      },
    },
    {
      type: 'input',
      block_id: configFormBlocks.approvedModels,
      label: plain('Approved models'),
      optional: true,
      hint: plain('What customers may choose from when they may choose the computer.'),
      element: {
        type: 'multi_external_select',
        action_id: ids.configModelOptions,
        min_query_length: 0,
        max_selected_items: configLimits.approvedModels,
        placeholder: plain('Type to search models'),
        ...(form.approvedModels.length > 0 ? { initial_options: form.approvedModels.map(modelOption) } : {}),
      },
    },
    {
      type: 'input',
      block_id: configFormBlocks.bundle,
      label: plain('Peripheral bundle'),
      optional: true,
      hint: plain(
        editing
          ? 'What every customer gets with their computer.'
          : 'What every customer gets with their computer. Left empty, the unit’s default bundle is used.',
      ),
      element: {
        type: 'multi_external_select',
        action_id: ids.configPeripheralOptions,
        min_query_length: 0,
        max_selected_items: configLimits.bundlePeripherals,
        placeholder: plain('Type to search peripherals'),
        ...(form.bundle.length > 0 ? { initial_options: form.bundle.map(peripheralOption) } : {}),
      },
    },
  ];
  // Only that style sends customers to a named place, so only its form asks where.
  if (form.style === 'unit_specified_location') blocks.push(locationInput(form));
  const saved = { configId: form.configId, updatedAt: form.updatedAt };
  // A location typed before another style was picked rides along, to come back with its style;
  // unless it would not fit in Slack's 3,000 characters of metadata once escaped.
  const keeping =
    form.style !== 'unit_specified_location' && form.unitSpecifiedLocation
      ? configFormMetadata.encode({
          ...saved,
          keptLocation: fitInput(form.unitSpecifiedLocation, configLimits.unitSpecifiedLocation),
        })
      : undefined;
  const metadata =
    keeping !== undefined && keeping.length <= 3000 ? keeping : configFormMetadata.encode(saved);
  return {
    type: 'modal',
    callback_id: ids.configSave,
    title: plain(editing ? 'Edit config' : 'New config'),
    submit: plain(editing ? 'Save' : 'Create'),
    close: plain('Cancel'),
    private_metadata: metadata,
    blocks,
  };
}

const changeLabels: Record<string, string> = {
  name: 'name',
  unitId: 'unit',
  style: 'style',
  approvers: 'approvers',
  proposedModelId: 'proposed model',
  approvedModelIds: 'approved models',
  bundlePeripheralIds: 'peripheral bundle',
  unitSpecifiedLocation: 'unit specified location',
};

/** Replaces the form once the config is saved: what happened, and what Otto filled in. */
export function renderConfigSaved(saved: ConfigSaved, created: boolean): ModalView {
  const name = md`*${saved.name}*`;
  const labels = [...new Set(saved.changed.map((key) => changeLabels[key] ?? 'options'))];
  const summary = created
    ? md`Created the refresh config ${name}.`
    : labels.length === 0
      ? md`Nothing changed in ${name}.`
      : md`Saved ${name}: changed the ${labels.join(', ')}.`;
  const blocks: KnownBlock[] = [{ type: 'section', text: mrkdwn(summary) }];
  if (saved.notes.length > 0)
    blocks.push({
      type: 'context',
      elements: saved.notes.slice(0, 10).map((note) => mrkdwn(md`${note}`)),
    });
  blocks.push({ type: 'context', elements: [mrkdwn(md`\`/otto config\` lists every config.`)] });
  return {
    type: 'modal',
    title: plain(created ? 'Config created' : 'Config saved'),
    close: plain('Done'),
    blocks,
  };
}

/** Replaces the form when it cannot be saved at all (the config is gone, or the person is not an admin). */
export function renderConfigNotice(message: Mrkdwn): ModalView {
  return {
    type: 'modal',
    title: plain('Refresh config'),
    close: plain('Close'),
    blocks: [{ type: 'section', text: mrkdwn(message) }],
  };
}
