import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import { caseStatusInfo, requiredCaseStatuses } from '../../src/domain/desk/enums.js';
import { optionalCategoryStatuses } from '../../src/domain/desk/setup.js';
import type {
  DeskAccountView,
  DeskCategoryView,
  DeskGroupView,
  DeskRuleView,
  DeskSetup,
} from '../../src/services/desk/setup/get-setup.js';
import type { TriedRoute } from '../../src/services/desk/setup/try-route.js';
import { ids } from '../../src/slack/ids.js';
import { type DeskThing, deskFormMetadata, deskThingValue } from '../../src/slack/values/desk.js';
import {
  channelMention,
  fitInput,
  joinMd,
  type Mrkdwn,
  md,
  mdLines,
  mrkdwn,
  plain,
  truncate,
  userMention,
} from '../shared/text.js';

/** Block and action ids of the set-up forms; a refusal is answered on the block of its field. */
export const deskBlocks = {
  name: { block: 'desk_name', action: 'name' },
  channel: { block: 'desk_channel', action: 'channel' },
  main: { block: 'desk_main', action: 'main' },
  members: { block: 'desk_members', action: 'members' },
  triage: { block: 'desk_triage', action: 'triage' },
  defaultGroup: { block: 'desk_default_group', action: 'default_group' },
  statuses: { block: 'desk_statuses', action: 'statuses' },
  environments: { block: 'desk_environments', action: 'environments' },
  position: { block: 'desk_position', action: 'position' },
  category: { block: 'desk_category', action: 'category' },
  subjectWords: { block: 'desk_subject_words', action: 'subject_words' },
  descriptionWords: { block: 'desk_description_words', action: 'description_words' },
  pattern: { block: 'desk_pattern', action: 'pattern' },
  group: { block: 'desk_group', action: 'group' },
  person: { block: 'desk_person', action: 'person' },
  subject: { block: 'desk_try_subject', action: 'subject' },
  description: { block: 'desk_try_description', action: 'description' },
} as const;

/** Static selects show at most 100 options (Block Kit). */
const maxOptions = 100;
/** Lines of each list shown in the set-up modal; the rest are counted. */
const shownLines = 12;

const countOf = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function listText(lines: Mrkdwn[], total: number, empty: string): Mrkdwn {
  if (total === 0) return md`_${empty}_`;
  return mdLines([
    ...lines.slice(0, shownLines),
    total > shownLines ? md`…and ${total - shownLines} more` : undefined,
  ]);
}

const groupLine = (g: DeskGroupView) =>
  md`• *${g.name}*${g.isTriage ? md` (triage)` : ''}: ${g.slackChannelId ? channelMention(g.slackChannelId) : md`no channel yet`}, main person ${g.mainSlackUserId ? userMention(g.mainSlackUserId) : md`none`}, ${countOf(g.members.length, 'member', 'members')}`;

function categoryLine(c: DeskCategoryView, groups: DeskGroupView[]) {
  const group = groups.find((g) => g.id === c.defaultGroupId)?.name;
  return md`• *${c.name}*: ${group ? md`to ${group}` : md`no default group`}, ${countOf(c.statuses.length, 'status', 'statuses')}`;
}

const accountLine = (a: DeskAccountView) =>
  md`• *${a.name}*: ${a.environments.length > 0 ? truncate(a.environments.join(', '), 120) : 'no environments'}; ${countOf(a.members.length, 'person', 'people')}`;

/** What a rule matches, in words: "category Printing; subject has “printer”". */
export function ruleConditions(
  rule: DeskRuleView,
  categories: readonly { id: number; name: string }[],
): Mrkdwn {
  const quote = (words: string[]) => words.map((w) => `“${w}”`).join(' or ');
  const parts: Mrkdwn[] = [];
  const category = categories.find((c) => c.id === rule.categoryId)?.name;
  if (rule.categoryId !== null) parts.push(md`category ${category ?? '(removed)'}`);
  if (rule.subjectWords.length > 0) parts.push(md`subject has ${truncate(quote(rule.subjectWords), 200)}`);
  if (rule.descriptionWords.length > 0)
    parts.push(md`description has ${truncate(quote(rule.descriptionWords), 200)}`);
  if (rule.pattern) parts.push(md`matches \`${truncate(rule.pattern.replaceAll('`', "'"), 100)}\``);
  return joinMd(parts, md`; `);
}

function ruleLine(rule: DeskRuleView, setup: DeskSetup) {
  const group = setup.groups.find((g) => g.id === rule.groupId)?.name ?? '(removed group)';
  return md`${rule.position}. *${rule.name}* → ${group}${rule.assigneeSlackUserId ? md` (${userMention(rule.assigneeSlackUserId)})` : ''}: ${ruleConditions(rule, setup.categories)}`;
}

const addLabels: Record<DeskThing, string> = {
  group: 'Add a group',
  category: 'Add a category',
  account: 'Add an account',
  rule: 'Add a rule',
};
const editLabels: Record<DeskThing, string> = {
  group: 'Edit a group…',
  category: 'Edit a category…',
  account: 'Edit an account…',
  rule: 'Edit a rule…',
};

function actionsFor(
  kind: DeskThing,
  items: readonly { id: number; name: string }[],
  extra: object[] = [],
): KnownBlock {
  const elements: object[] = [
    {
      type: 'button',
      action_id: ids.deskAdd,
      text: plain(addLabels[kind]),
      value: deskThingValue.encode({ kind }),
    },
  ];
  if (items.length > 0) {
    elements.push({
      type: 'static_select',
      action_id: ids.deskEdit,
      placeholder: plain(editLabels[kind]),
      options: items.slice(0, maxOptions).map((item) => ({
        text: plain(truncate(item.name, 75)),
        value: deskThingValue.encode({ kind, id: item.id }),
      })),
    });
  }
  elements.push(...extra);
  return { type: 'actions', block_id: `desk_${kind}_actions`, elements } as KnownBlock;
}

const tryRulesButton = {
  type: 'button',
  action_id: ids.deskTryRules,
  text: plain('Try the rules'),
  value: 'try',
};

function section(title: string, body: Mrkdwn): KnownBlock[] {
  return [
    { type: 'header', text: plain(title) },
    { type: 'section', text: mrkdwn(body) },
  ];
}

/** `/otto desk`: what the desk is set up with, and the buttons to add and edit each thing. */
export function renderDeskSetup(setup: DeskSetup): ModalView {
  const hasTriage = setup.groups.some((g) => g.isTriage);
  const blocks: KnownBlock[] = [
    {
      type: 'context',
      elements: [
        mrkdwn(
          md`New cases go to the group of the first rule that matches them, or to the triage group. Whole files: \`/otto import groups\`, \`categories\`, \`accounts\` or \`rules\`.`,
        ),
      ],
    },
    ...section(
      'Support groups',
      listText(
        setup.groups.map(groupLine),
        setup.groups.length,
        'No groups yet: the first one becomes triage.',
      ),
    ),
    actionsFor('group', setup.groups),
    ...section(
      'Categories',
      listText(
        setup.categories.map((c) => categoryLine(c, setup.groups)),
        setup.categories.length,
        'No categories yet.',
      ),
    ),
    actionsFor('category', setup.categories),
    ...section(
      'Accounts',
      listText(setup.accounts.map(accountLine), setup.accounts.length, 'No accounts yet.'),
    ),
    actionsFor('account', setup.accounts),
    ...section(
      'Dispatcher rules',
      listText(
        setup.rules.map((r) => ruleLine(r, setup)),
        setup.rules.length,
        hasTriage ? 'No rules yet: every case goes to triage.' : 'No rules yet.',
      ),
    ),
    actionsFor('rule', setup.rules, [tryRulesButton]),
  ];
  if (
    setup.groups.length > maxOptions ||
    setup.rules.length > maxOptions ||
    setup.categories.length > maxOptions ||
    setup.accounts.length > maxOptions
  ) {
    blocks.push({
      type: 'context',
      elements: [
        mrkdwn(md`The Edit lists show the first ${maxOptions} of each; change the others with a CSV import.`),
      ],
    });
  }
  return {
    type: 'modal',
    callback_id: ids.deskSetup,
    title: plain('Service desk set-up'),
    close: plain('Done'),
    blocks,
  };
}

const textInput = (
  ids: { block: string; action: string },
  label: string,
  options: {
    initial?: string | undefined;
    optional?: boolean;
    multiline?: boolean;
    hint?: string;
    max?: number;
    placeholder?: string;
  },
): KnownBlock => ({
  type: 'input',
  block_id: ids.block,
  label: plain(label),
  optional: options.optional ?? false,
  ...(options.hint ? { hint: plain(options.hint) } : {}),
  element: {
    type: 'plain_text_input',
    action_id: ids.action,
    multiline: options.multiline ?? false,
    max_length: options.max ?? 80,
    ...(options.initial ? { initial_value: fitInput(options.initial, options.max ?? 80) } : {}),
    ...(options.placeholder ? { placeholder: plain(options.placeholder) } : {}),
  },
});

function form(callbackId: string, title: string, id: number | undefined, blocks: KnownBlock[]): ModalView {
  return {
    type: 'modal',
    callback_id: callbackId,
    title: plain(title),
    submit: plain('Save'),
    close: plain('Back'),
    private_metadata: deskFormMetadata.encode(id === undefined ? {} : { id }),
    blocks,
  };
}

const option = (text: string, value: string): PlainTextOption => ({ text: plain(truncate(text, 75)), value });

function groupSelect(
  ids: { block: string; action: string },
  label: string,
  groups: readonly DeskGroupView[],
  selected: number | null | undefined,
  optional: boolean,
  hint?: string,
): KnownBlock {
  const options = groups.slice(0, maxOptions).map((g) => option(g.name, String(g.id)));
  const initial = options.find((o) => o.value === String(selected));
  return {
    type: 'input',
    block_id: ids.block,
    label: plain(label),
    optional,
    ...(hint ? { hint: plain(hint) } : {}),
    element: {
      type: 'static_select',
      action_id: ids.action,
      placeholder: plain('Choose a group'),
      options: options.length > 0 ? options : [option('(no groups yet)', '0')],
      ...(initial ? { initial_option: initial } : {}),
    },
  } as KnownBlock;
}

/** The support group form: name, channel, main person, members, triage. */
export function renderGroupForm(group: DeskGroupView | undefined): ModalView {
  const triageOption = option('This is the triage group', 'triage');
  return form(ids.deskGroupForm, group ? 'Edit group' : 'New group', group?.id, [
    textInput(deskBlocks.name, 'Name', { initial: group?.name, placeholder: 'e.g. AV' }),
    {
      type: 'input',
      block_id: deskBlocks.channel.block,
      label: plain('Channel'),
      hint: plain('Where the group’s cases are posted; invite Otto to a private channel first.'),
      element: {
        type: 'conversations_select',
        action_id: deskBlocks.channel.action,
        filter: { include: ['public', 'private'], exclude_bot_users: true },
        ...(group?.slackChannelId ? { initial_conversation: group.slackChannelId } : {}),
      },
    } as KnownBlock,
    {
      type: 'input',
      block_id: deskBlocks.main.block,
      label: plain('Main person'),
      optional: true,
      hint: plain('Gets the cases a rule routes to the group without naming someone.'),
      element: {
        type: 'users_select',
        action_id: deskBlocks.main.action,
        ...(group?.mainSlackUserId ? { initial_user: group.mainSlackUserId } : {}),
      },
    },
    {
      type: 'input',
      block_id: deskBlocks.members.block,
      label: plain('Members (agents)'),
      optional: true,
      element: {
        type: 'multi_users_select',
        action_id: deskBlocks.members.action,
        ...(group && group.members.length > 0 ? { initial_users: group.members.slice(0, 100) } : {}),
      },
    },
    {
      type: 'input',
      block_id: deskBlocks.triage.block,
      label: plain('Triage'),
      optional: true,
      hint: plain(
        'Triage gets what no rule routes. One group is triage; choosing this one takes it from the other.',
      ),
      element: {
        type: 'checkboxes',
        action_id: deskBlocks.triage.action,
        options: [triageOption],
        ...(group?.isTriage ? { initial_options: [triageOption] } : {}),
      },
    },
  ]);
}

const statusOption = (status: (typeof optionalCategoryStatuses)[number]) =>
  option(caseStatusInfo[status].label, status);

/** The category form: name, default group, the statuses its cases may take. */
export function renderCategoryForm(
  category: DeskCategoryView | undefined,
  groups: readonly DeskGroupView[],
): ModalView {
  const chosen = optionalCategoryStatuses.filter((s) => category?.statuses.includes(s));
  return form(ids.deskCategoryForm, category ? 'Edit category' : 'New category', category?.id, [
    textInput(deskBlocks.name, 'Name', { initial: category?.name, placeholder: 'e.g. Projectors' }),
    groupSelect(deskBlocks.defaultGroup, 'Default group', groups, category?.defaultGroupId, true),
    {
      type: 'input',
      block_id: deskBlocks.statuses.block,
      label: plain('Statuses'),
      optional: true,
      hint: plain(
        `Every category has ${requiredCaseStatuses.map((s) => caseStatusInfo[s].label).join(', ')}; choose the others its cases may take.`,
      ),
      element: {
        type: 'multi_static_select',
        action_id: deskBlocks.statuses.action,
        placeholder: plain('Choose statuses'),
        options: optionalCategoryStatuses.map(statusOption),
        ...(chosen.length > 0 ? { initial_options: chosen.map(statusOption) } : {}),
      },
    },
  ]);
}

/** The account form: name, environments (one a line), people. */
export function renderAccountForm(account: DeskAccountView | undefined): ModalView {
  return form(ids.deskAccountForm, account ? 'Edit account' : 'New account', account?.id, [
    textInput(deskBlocks.name, 'Name', { initial: account?.name, placeholder: 'e.g. School of Music' }),
    textInput(deskBlocks.environments, 'Environments', {
      initial: account?.environments.join('\n'),
      optional: true,
      multiline: true,
      max: 3000,
      hint: 'One a line: the tenants or reporting groups people’s computers are in.',
    }),
    {
      type: 'input',
      block_id: deskBlocks.members.block,
      label: plain('People'),
      optional: true,
      hint: plain(
        'Who opens cases for this account; the case form asks for the account only of people in more than one.',
      ),
      element: {
        type: 'multi_users_select',
        action_id: deskBlocks.members.action,
        ...(account && account.members.length > 0 ? { initial_users: account.members.slice(0, 100) } : {}),
      },
    },
  ]);
}

/** The dispatcher rule form: what it matches, where it routes, its place in the order. */
export function renderRuleForm(rule: DeskRuleView | undefined, setup: DeskSetup): ModalView {
  const categoryOptions = setup.categories.slice(0, maxOptions).map((c) => option(c.name, String(c.id)));
  const initialCategory = categoryOptions.find((o) => o.value === String(rule?.categoryId));
  return form(ids.deskRuleForm, rule ? 'Edit rule' : 'New rule', rule?.id, [
    textInput(deskBlocks.name, 'Name', { initial: rule?.name, placeholder: 'e.g. Projectors' }),
    {
      type: 'input',
      block_id: deskBlocks.category.block,
      label: plain('Category'),
      optional: true,
      element: {
        type: 'static_select',
        action_id: deskBlocks.category.action,
        placeholder: plain('Any category'),
        options: categoryOptions.length > 0 ? categoryOptions : [option('(no categories yet)', '0')],
        ...(initialCategory ? { initial_option: initialCategory } : {}),
      },
    } as KnownBlock,
    textInput(deskBlocks.subjectWords, 'Subject words', {
      initial: rule?.subjectWords.join(', '),
      optional: true,
      max: 1000,
      hint: 'Any of these whole words or phrases, separated by commas; case and accents do not matter.',
    }),
    textInput(deskBlocks.descriptionWords, 'Description words', {
      initial: rule?.descriptionWords.join(', '),
      optional: true,
      max: 1000,
    }),
    textInput(deskBlocks.pattern, 'Or a regular expression', {
      initial: rule?.pattern ?? undefined,
      optional: true,
      max: 200,
      hint: 'Tried on the subject and the description, ignoring case. No nested or repeated open-ended repetition such as (a+)+ or .*.*',
    }),
    groupSelect(deskBlocks.group, 'Routes to group', setup.groups, rule?.groupId, false),
    {
      type: 'input',
      block_id: deskBlocks.person.block,
      label: plain('And person'),
      optional: true,
      hint: plain('Left empty: the group’s main person.'),
      element: {
        type: 'users_select',
        action_id: deskBlocks.person.action,
        ...(rule?.assigneeSlackUserId ? { initial_user: rule.assigneeSlackUserId } : {}),
      },
    },
    textInput(deskBlocks.position, 'Place in the order', {
      initial: String(rule?.position ?? setup.rules.length + 1),
      max: 5,
      hint: '1 is tried first; the rules after it move down one.',
    }),
    { type: 'actions', block_id: 'desk_rule_try', elements: [tryRulesButton] } as KnownBlock,
  ]);
}

/** Where a text would go and why, in a sentence for an admin. */
export function describeTriedRoute(route: TriedRoute): Mrkdwn {
  if (!route.routed) {
    if (route.group === null)
      return md`No rule matches, and no group is triage yet: set one up with \`/otto desk\`.`;
    return md`No rule matches: this would go to triage, *${route.group}*${route.assignee ? md`, for ${userMention(route.assignee)}` : ''}.`;
  }
  const who = route.assignee
    ? md`, for ${userMention(route.assignee)}${route.assigneeIsMain ? md` (the group’s main person)` : ''}`
    : md` (the group has no main person)`;
  return md`Rule ${route.rule.position}, *${route.rule.name}*, would route this to *${route.group}*${who}: ${route.why}.`;
}

/** "Try the rules": a subject, a description and a category; after a try, where they would go. */
export function renderTryRulesForm(
  categories: readonly { id: number; name: string }[],
  tried?: { subject: string; description: string; categoryId: number | null; result: Mrkdwn },
): ModalView {
  const categoryOptions = categories.slice(0, maxOptions).map((c) => option(c.name, String(c.id)));
  const initialCategory = categoryOptions.find((o) => o.value === String(tried?.categoryId));
  return {
    type: 'modal',
    callback_id: ids.deskTryRulesForm,
    title: plain('Try the rules'),
    submit: plain('Try'),
    close: plain('Back'),
    blocks: [
      textInput(deskBlocks.subject, 'Subject', { initial: tried?.subject, optional: true, max: 250 }),
      textInput(deskBlocks.description, 'Description', {
        initial: tried?.description,
        optional: true,
        multiline: true,
        max: 3000,
      }),
      {
        type: 'input',
        block_id: deskBlocks.category.block,
        label: plain('Category'),
        optional: true,
        element: {
          type: 'static_select',
          action_id: deskBlocks.category.action,
          placeholder: plain('No category'),
          options: categoryOptions.length > 0 ? categoryOptions : [option('(no categories yet)', '0')],
          ...(initialCategory ? { initial_option: initialCategory } : {}),
        },
      } as KnownBlock,
      {
        type: 'section',
        block_id: 'desk_try_result',
        text: mrkdwn(
          tried
            ? tried.result
            : md`_Nothing is opened: Otto only says which rule would route the case, and why._`,
        ),
      },
    ],
  };
}
