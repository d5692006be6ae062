// Block Kit limits as Slack enforces them, so the stand-in refuses what Slack would refuse.
// Each check returns human-readable problems; an empty list means Slack would accept it.

export const surfaces = ['message', 'modal', 'home'] as const;
export type Surface = (typeof surfaces)[number];

export const blockKitLimits = {
  blocksPerMessage: 50,
  blocksPerView: 100,
  viewTitle: 24,
  viewButton: 24,
  sectionText: 3000,
  sectionFields: 10,
  sectionFieldText: 2000,
  headerText: 150,
  buttonText: 75,
  buttonValue: 2000,
  url: 3000,
  id: 255,
  actionsElements: 25,
  contextElements: 10,
  selectOptions: 100,
  overflowOptions: 5,
  choiceOptions: 10,
  optionText: 75,
  optionValue: 150,
  optionDescription: 75,
  placeholder: 150,
  label: 2000,
  hint: 2000,
  altText: 2000,
  textInputLength: 3000,
  fileInputMaxFiles: 10,
  markdownText: 12000,
  privateMetadata: 3000,
} as const;

type Json = Record<string, unknown>;

const knownBlockTypes = new Set([
  'actions',
  'context',
  'context_actions',
  'divider',
  'file',
  'header',
  'image',
  'input',
  'markdown',
  'rich_text',
  'section',
  'table',
  'video',
]);

const selectTypes = new Set(['static_select', 'multi_static_select']);
const choiceTypes = new Set(['radio_buttons', 'checkboxes']);

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function quote(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : '';
}

class Problems {
  readonly list: string[] = [];

  add(path: string, problem: string): void {
    this.list.push(`${path}: ${problem}`);
  }

  maxLength(path: string, value: unknown, max: number): void {
    if (typeof value === 'string' && value.length > max) {
      this.add(path, `is ${value.length} characters; the limit is ${max}`);
    }
  }

  maxItems(path: string, value: unknown, max: number, what: string): void {
    if (Array.isArray(value) && value.length > max) {
      this.add(path, `has ${value.length} ${what}; the limit is ${max}`);
    }
  }

  /** A text object: `{ type: 'plain_text' | 'mrkdwn', text }`. */
  text(path: string, value: unknown, opts: { max: number; plainOnly?: boolean; required?: boolean }): void {
    if (value === undefined || value === null) {
      if (opts.required) this.add(path, 'is required');
      return;
    }
    if (!isRecord(value)) {
      this.add(path, 'must be a text object');
      return;
    }
    if (value.type !== 'plain_text' && value.type !== 'mrkdwn') {
      this.add(`${path}.type`, 'must be plain_text or mrkdwn');
    } else if (opts.plainOnly && value.type !== 'plain_text') {
      this.add(`${path}.type`, 'must be plain_text');
    }
    if (typeof value.text !== 'string') {
      this.add(`${path}.text`, 'is required');
      return;
    }
    if (opts.required && value.text.length === 0) this.add(`${path}.text`, 'must not be empty');
    this.maxLength(`${path}.text`, value.text, opts.max);
  }
}

function checkOption(p: Problems, path: string, option: unknown, needsValue: boolean): void {
  if (!isRecord(option)) {
    p.add(path, 'must be an option object');
    return;
  }
  p.text(`${path}.text`, option.text, { max: blockKitLimits.optionText, required: true });
  if (needsValue && typeof option.value !== 'string') p.add(`${path}.value`, 'is required');
  p.maxLength(`${path}.value`, option.value, blockKitLimits.optionValue);
  p.text(`${path}.description`, option.description, { max: blockKitLimits.optionDescription });
  p.maxLength(`${path}.url`, option.url, blockKitLimits.url);
}

function optionValues(options: unknown): Set<string> {
  const values = new Set<string>();
  if (Array.isArray(options)) {
    for (const option of options)
      if (isRecord(option) && typeof option.value === 'string') values.add(option.value);
  }
  return values;
}

function checkInitialOptions(p: Problems, path: string, element: Json, allowed: Set<string>): void {
  const initial = [
    ...(isRecord(element.initial_option) ? [element.initial_option] : []),
    ...(Array.isArray(element.initial_options) ? element.initial_options : []),
  ];
  for (const option of initial) {
    const value = isRecord(option) ? option.value : undefined;
    if (typeof value !== 'string' || !allowed.has(value)) {
      p.add(`${path}.initial_option`, `${quote(value)} is not one of the element's options`);
    }
  }
}

function checkOptionList(p: Problems, path: string, element: Json, max: number, needsValue: boolean): void {
  if (!Array.isArray(element.options)) {
    p.add(`${path}.options`, 'is required');
    return;
  }
  if (element.options.length === 0) p.add(`${path}.options`, 'must not be empty');
  p.maxItems(`${path}.options`, element.options, max, 'options');
  element.options.forEach((option, i) => {
    checkOption(p, `${path}.options[${i}]`, option, needsValue);
  });
}

function checkStaticSelect(p: Problems, path: string, element: Json): void {
  const { options, option_groups: groups } = element;
  if (options === undefined && groups === undefined) {
    p.add(path, 'needs options or option_groups');
    return;
  }
  if (options !== undefined && groups !== undefined)
    p.add(path, 'must not have both options and option_groups');
  const values = new Set<string>();
  if (options !== undefined) {
    checkOptionList(p, path, element, blockKitLimits.selectOptions, true);
    for (const value of optionValues(options)) values.add(value);
  }
  if (Array.isArray(groups)) {
    p.maxItems(`${path}.option_groups`, groups, blockKitLimits.selectOptions, 'option groups');
    groups.forEach((group, i) => {
      const groupPath = `${path}.option_groups[${i}]`;
      if (!isRecord(group)) {
        p.add(groupPath, 'must be an option group object');
        return;
      }
      p.text(`${groupPath}.label`, group.label, {
        max: blockKitLimits.optionText,
        plainOnly: true,
        required: true,
      });
      checkOptionList(p, groupPath, group, blockKitLimits.selectOptions, true);
      for (const value of optionValues(group.options)) values.add(value);
    });
  }
  checkInitialOptions(p, path, element, values);
}

function checkElement(p: Problems, path: string, element: unknown): void {
  if (!isRecord(element)) {
    p.add(path, 'must be an element object');
    return;
  }
  const type = element.type;
  if (typeof type !== 'string' || type.length === 0) {
    p.add(`${path}.type`, 'is required');
    return;
  }
  p.maxLength(`${path}.action_id`, element.action_id, blockKitLimits.id);
  p.text(`${path}.placeholder`, element.placeholder, { max: blockKitLimits.placeholder, plainOnly: true });

  if (type === 'button' || type === 'workflow_button') {
    p.text(`${path}.text`, element.text, { max: blockKitLimits.buttonText, plainOnly: true, required: true });
    p.maxLength(`${path}.value`, element.value, blockKitLimits.buttonValue);
    p.maxLength(`${path}.url`, element.url, blockKitLimits.url);
    if (element.style !== undefined && element.style !== 'primary' && element.style !== 'danger') {
      p.add(`${path}.style`, 'must be primary or danger');
    }
  } else if (selectTypes.has(type)) {
    checkStaticSelect(p, path, element);
  } else if (type === 'overflow') {
    checkOptionList(p, path, element, blockKitLimits.overflowOptions, true);
  } else if (choiceTypes.has(type)) {
    checkOptionList(p, path, element, blockKitLimits.choiceOptions, true);
    checkInitialOptions(p, path, element, optionValues(element.options));
  } else if (type === 'plain_text_input') {
    p.maxLength(`${path}.initial_value`, element.initial_value, blockKitLimits.textInputLength);
    for (const key of ['min_length', 'max_length'] as const) {
      const n = element[key];
      if (typeof n === 'number' && (n < 0 || n > blockKitLimits.textInputLength)) {
        p.add(`${path}.${key}`, `must be between 0 and ${blockKitLimits.textInputLength}`);
      }
    }
  } else if (type === 'file_input') {
    const n = element.max_files;
    if (
      n !== undefined &&
      (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > blockKitLimits.fileInputMaxFiles)
    ) {
      p.add(`${path}.max_files`, `must be a whole number from 1 to ${blockKitLimits.fileInputMaxFiles}`);
    }
    if (
      element.filetypes !== undefined &&
      (!Array.isArray(element.filetypes) || element.filetypes.some((t) => typeof t !== 'string'))
    ) {
      p.add(`${path}.filetypes`, 'must be a list of file extensions');
    }
  } else if (type === 'datepicker') {
    const date = element.initial_date;
    if (date !== undefined && (typeof date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(date))) {
      p.add(`${path}.initial_date`, 'must be YYYY-MM-DD');
    }
  } else if (type === 'timepicker') {
    const time = element.initial_time;
    if (time !== undefined && (typeof time !== 'string' || !/^\d{2}:\d{2}$/.test(time))) {
      p.add(`${path}.initial_time`, 'must be HH:mm');
    }
  } else if (type === 'image') {
    if (element.image_url === undefined && element.slack_file === undefined) {
      p.add(path, 'needs image_url or slack_file');
    }
    if (typeof element.alt_text !== 'string') p.add(`${path}.alt_text`, 'is required');
    p.maxLength(`${path}.alt_text`, element.alt_text, blockKitLimits.altText);
  }
}

function checkUniqueActionIds(p: Problems, path: string, elements: unknown[]): void {
  const seen = new Set<string>();
  for (const element of elements) {
    const id = isRecord(element) ? element.action_id : undefined;
    if (typeof id !== 'string') continue;
    if (seen.has(id)) p.add(path, `action_id "${id}" is used more than once in this block`);
    seen.add(id);
  }
}

function checkBlock(p: Problems, path: string, block: Json, surface: Surface): void {
  switch (block.type) {
    case 'section': {
      if (block.text === undefined && block.fields === undefined) p.add(path, 'needs text or fields');
      p.text(`${path}.text`, block.text, { max: blockKitLimits.sectionText });
      if (block.fields !== undefined) {
        if (!Array.isArray(block.fields)) {
          p.add(`${path}.fields`, 'must be an array');
        } else {
          p.maxItems(`${path}.fields`, block.fields, blockKitLimits.sectionFields, 'fields');
          block.fields.forEach((field, i) => {
            p.text(`${path}.fields[${i}]`, field, { max: blockKitLimits.sectionFieldText, required: true });
          });
        }
      }
      if (block.accessory !== undefined) checkElement(p, `${path}.accessory`, block.accessory);
      break;
    }
    case 'header':
      p.text(`${path}.text`, block.text, { max: blockKitLimits.headerText, plainOnly: true, required: true });
      break;
    case 'actions': {
      if (!Array.isArray(block.elements) || block.elements.length === 0) {
        p.add(`${path}.elements`, 'is required and must not be empty');
        break;
      }
      p.maxItems(`${path}.elements`, block.elements, blockKitLimits.actionsElements, 'elements');
      block.elements.forEach((element, i) => {
        checkElement(p, `${path}.elements[${i}]`, element);
      });
      checkUniqueActionIds(p, path, block.elements);
      break;
    }
    case 'context': {
      if (!Array.isArray(block.elements) || block.elements.length === 0) {
        p.add(`${path}.elements`, 'is required and must not be empty');
        break;
      }
      p.maxItems(`${path}.elements`, block.elements, blockKitLimits.contextElements, 'elements');
      block.elements.forEach((element, i) => {
        const elementPath = `${path}.elements[${i}]`;
        if (isRecord(element) && element.type === 'image') checkElement(p, elementPath, element);
        else p.text(elementPath, element, { max: blockKitLimits.sectionText, required: true });
      });
      break;
    }
    case 'input': {
      if (surface === 'message') p.add(path, 'input blocks are not allowed in messages');
      p.text(`${path}.label`, block.label, { max: blockKitLimits.label, plainOnly: true, required: true });
      p.text(`${path}.hint`, block.hint, { max: blockKitLimits.hint, plainOnly: true });
      if (block.element === undefined) p.add(`${path}.element`, 'is required');
      else checkElement(p, `${path}.element`, block.element);
      break;
    }
    case 'image': {
      if (block.image_url === undefined && block.slack_file === undefined) {
        p.add(path, 'needs image_url or slack_file');
      }
      if (typeof block.alt_text !== 'string') p.add(`${path}.alt_text`, 'is required');
      p.maxLength(`${path}.alt_text`, block.alt_text, blockKitLimits.altText);
      p.text(`${path}.title`, block.title, { max: blockKitLimits.altText, plainOnly: true });
      break;
    }
    case 'markdown':
      if (typeof block.text !== 'string') p.add(`${path}.text`, 'is required');
      p.maxLength(`${path}.text`, block.text, blockKitLimits.markdownText);
      break;
    case 'rich_text':
      if (!Array.isArray(block.elements)) p.add(`${path}.elements`, 'is required');
      break;
    default:
      break;
  }
}

/** Problems Slack would report for `blocks` on the given surface; empty when valid. */
export function validateBlocks(blocks: unknown, surface: Surface): string[] {
  const p = new Problems();
  if (!Array.isArray(blocks)) {
    p.add('blocks', 'must be an array');
    return p.list;
  }
  const max = surface === 'message' ? blockKitLimits.blocksPerMessage : blockKitLimits.blocksPerView;
  p.maxItems('blocks', blocks, max, `blocks (${surface})`);
  const blockIds = new Set<string>();
  blocks.forEach((block, i) => {
    const path = `blocks[${i}]`;
    if (!isRecord(block)) {
      p.add(path, 'must be a block object');
      return;
    }
    const label = `${path} (${String(block.type)}${block.block_id === undefined ? '' : ` ${quote(block.block_id)}`})`;
    if (typeof block.type !== 'string' || !knownBlockTypes.has(block.type)) {
      p.add(label, `unknown block type ${quote(block.type) || String(block.type)}`);
      return;
    }
    const blockId = block.block_id;
    if (blockId !== undefined) {
      if (typeof blockId !== 'string' || blockId.length === 0)
        p.add(`${label}.block_id`, 'must be a non-empty string');
      else {
        p.maxLength(`${label}.block_id`, blockId, blockKitLimits.id);
        if (blockIds.has(blockId)) p.add(`${label}.block_id`, `"${blockId}" is used by more than one block`);
        blockIds.add(blockId);
      }
    }
    checkBlock(p, label, block, surface);
  });
  return p.list;
}

function hasInputBlock(blocks: unknown): boolean {
  return Array.isArray(blocks) && blocks.some((block) => isRecord(block) && block.type === 'input');
}

/** Problems Slack would report for a modal or home view; empty when valid. */
export function validateView(view: unknown): string[] {
  if (!isRecord(view)) return ['view: must be a view object'];
  const p = new Problems();
  if (view.type !== 'modal' && view.type !== 'home') {
    p.add('view.type', `must be modal or home, not ${quote(view.type) || String(view.type)}`);
    return p.list;
  }
  if (view.type === 'modal') {
    p.text('view.title', view.title, { max: blockKitLimits.viewTitle, plainOnly: true, required: true });
    p.text('view.submit', view.submit, { max: blockKitLimits.viewButton, plainOnly: true });
    p.text('view.close', view.close, { max: blockKitLimits.viewButton, plainOnly: true });
    if (view.submit === undefined && hasInputBlock(view.blocks)) {
      p.add('view.submit', 'is required when the modal has input blocks');
    }
  }
  for (const key of ['private_metadata', 'callback_id', 'external_id'] as const) {
    const value = view[key];
    if (value !== undefined && typeof value !== 'string') p.add(`view.${key}`, 'must be a string');
  }
  p.maxLength('view.private_metadata', view.private_metadata, blockKitLimits.privateMetadata);
  p.maxLength('view.callback_id', view.callback_id, blockKitLimits.id);
  p.maxLength('view.external_id', view.external_id, blockKitLimits.id);
  for (const problem of validateBlocks(view.blocks, view.type)) p.list.push(`view.${problem}`);
  return p.list;
}
