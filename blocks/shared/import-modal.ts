import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import { type DeskKind, deskKindLabels, deskKinds, deskSpecs } from '../../src/domain/desk/csv.js';
import {
  type InventoryKind,
  inventoryKindLabels,
  inventoryKinds,
  inventorySpecs,
} from '../../src/domain/refresh/inventory/index.js';
import { ids } from '../../src/slack/ids.js';
import { joinMd, md, mdLines, mrkdwn, plain } from './text.js';

/** Block and action ids of the import modal; errors are answered on these blocks. */
export const importBlocks = {
  kind: { block: 'import_kind', action: 'kind' },
  how: { block: 'import_how', action: ids.inventoryImportSource },
  csv: { block: 'import_csv', action: 'csv' },
  file: { block: 'import_file', action: 'file' },
} as const;

/** Slack caps a text input at 3000 characters; longer files are attached instead. */
export const pastedCsvMaxLength = 3000;

/**
 * What an import modal imports: the refresh's inventory (`/otto import systems`…) or the desk's
 * set-up (`/otto import groups`…). The modal's private_metadata names it, so choosing how the CSV
 * comes redraws the same one.
 */
export const importSets = ['inventory', 'desk'] as const;
export type ImportSet = (typeof importSets)[number];
export type ImportKind = InventoryKind | DeskKind;

const sets = {
  inventory: {
    kinds: inventoryKinds as readonly ImportKind[],
    labels: inventoryKindLabels as Record<string, string>,
    specs: inventorySpecs as Record<string, { columns: readonly string[]; required: readonly string[] }>,
    callbackId: ids.inventoryImport,
    title: 'Import inventory',
    note: md`Every row is checked first: if any is wrong, Otto lists the lines and imports nothing. Importing the same file again changes nothing. Import models, peripherals and support teams before the units and systems that name them.`,
  },
  desk: {
    kinds: deskKinds as readonly ImportKind[],
    labels: deskKindLabels as Record<string, string>,
    specs: deskSpecs as Record<string, { columns: readonly string[]; required: readonly string[] }>,
    callbackId: ids.deskImport,
    title: 'Import desk set-up',
    note: md`Every row is checked first: if any is wrong, Otto lists the lines and imports nothing. Rows are matched by name, so the same file again changes nothing. Lists in a cell are separated by \`;\`; people are Slack member ids (U…) or e-mail addresses Otto knows. A rules file gives the order rules are tried in. Import groups before the categories and rules that name them.`,
  },
};

/** The import set a kind belongs to. */
export const importSetOf = (kind: string): ImportSet | undefined =>
  (inventoryKinds as readonly string[]).includes(kind)
    ? 'inventory'
    : (deskKinds as readonly string[]).includes(kind)
      ? 'desk'
      : undefined;

const kindOption = (set: ImportSet, kind: ImportKind): PlainTextOption => ({
  text: plain(sets[set].labels[kind] ?? kind),
  value: kind,
});

function columnsLine(set: ImportSet, kind: ImportKind) {
  const { columns, required } = sets[set].specs[kind]!;
  const shown = columns.map((column) => (required.includes(column) ? md`\`${column}\`` : column));
  return md`• *${sets[set].labels[kind] ?? kind}*: ${joinMd(shown, md`, `)}`;
}

/** How the CSV comes: pasted into the modal, or attached as a file. */
export const importSources = ['paste', 'file'] as const;
export type ImportSource = (typeof importSources)[number];

const sourceLabels: Record<ImportSource, string> = {
  paste: 'Paste the CSV',
  file: 'Attach a CSV file',
};
const sourceOption = (source: ImportSource): PlainTextOption => ({
  text: plain(sourceLabels[source]),
  value: source,
  ...(source === 'paste'
    ? { description: plain('Up to 3,000 characters') }
    : { description: plain('For longer files') }),
});

const pasteInput: KnownBlock = {
  type: 'input',
  block_id: importBlocks.csv.block,
  label: plain('CSV'),
  hint: plain(
    'Paste the file, header line first (up to 3,000 characters). A longer file is attached instead.',
  ),
  element: {
    type: 'plain_text_input',
    action_id: importBlocks.csv.action,
    multiline: true,
    max_length: pastedCsvMaxLength,
    placeholder: plain('serial,name,model,platform,user_email,support_team,building,room,group'),
  },
};

const fileInput: KnownBlock = {
  type: 'input',
  block_id: importBlocks.file.block,
  label: plain('CSV file'),
  hint: plain('One .csv file, header line first.'),
  element: {
    type: 'file_input',
    action_id: importBlocks.file.action,
    filetypes: ['csv'],
    max_files: 1,
  },
};

/**
 * `/otto import [kind]`: what to import, how the CSV comes, and the one input that takes it
 * (choosing how shows that input in place of the other).
 */
export function renderImportModal(options: {
  set?: ImportSet;
  kind?: ImportKind;
  source?: ImportSource;
}): ModalView {
  const set = options.set ?? 'inventory';
  const source = options.source ?? 'paste';
  const kindElement = {
    type: 'static_select' as const,
    action_id: importBlocks.kind.action,
    placeholder: plain('Choose a kind'),
    options: sets[set].kinds.map((kind) => kindOption(set, kind)),
    ...(options.kind ? { initial_option: kindOption(set, options.kind) } : {}),
  };
  const blocks: KnownBlock[] = [
    {
      type: 'input',
      block_id: importBlocks.kind.block,
      label: plain('What to import'),
      element: kindElement,
    },
    {
      type: 'input',
      block_id: importBlocks.how.block,
      label: plain('How'),
      // Choosing shows the input for it, so the form asks for exactly what it needs.
      dispatch_action: true,
      element: {
        type: 'radio_buttons',
        action_id: importBlocks.how.action,
        options: importSources.map(sourceOption),
        initial_option: sourceOption(source),
      },
    },
    source === 'paste' ? pasteInput : fileInput,
    {
      type: 'section',
      text: mrkdwn(
        mdLines([
          md`*Columns* of the header line (\`required\`; a column left out keeps what Otto has):`,
          ...sets[set].kinds.map((kind) => columnsLine(set, kind)),
        ]),
      ),
    },
    {
      type: 'context',
      elements: [mrkdwn(sets[set].note)],
    },
  ];
  return {
    type: 'modal',
    callback_id: sets[set].callbackId,
    private_metadata: set,
    title: plain(sets[set].title),
    submit: plain('Import'),
    close: plain('Cancel'),
    blocks,
  };
}
