import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import type { CaseImpact } from '../../src/domain/desk/enums.js';
import type { CaseFormChoices, Named } from '../../src/services/desk/cases/case-form.js';
import { ids } from '../../src/slack/ids.js';
import { type CaseFormMetadata, caseFormMetadata } from '../../src/slack/values/desk.js';
import { fitInput, md, mrkdwn, plain, truncate, userMention } from '../shared/text.js';
import { impactChoices } from './case-card.js';

/** Block and action ids of the case form; a refusal is answered on the block of its field. */
export const caseFormBlocks = {
  contact: { block: 'case_contact', action: 'contact' },
  account: { block: 'case_account', action: ids.caseFormAccount },
  /** The action id names the account, so a choice made for another account is not kept. */
  environment: { block: 'case_environment', action: 'environment' },
  impact: { block: 'case_impact', action: 'impact' },
  /** A static select, or past 100 categories an external one (`ids.caseFormCategoryOptions`). */
  category: { block: 'case_category', action: 'category' },
  subject: { block: 'case_subject', action: 'subject' },
  description: { block: 'case_description', action: 'description' },
  files: { block: 'case_files', action: 'files' },
} as const;

export const environmentAction = (accountId: number) => `${caseFormBlocks.environment.action}_${accountId}`;

/** What the form says of its limits (from the verb that opens the case). */
export interface CaseFormLimits {
  subject: number;
  description: number;
  files: number;
  fileMb: number;
  totalMb: number;
}

export interface CaseFormView extends CaseFormChoices {
  /** The person opening it: always the reporter. */
  opener: string;
  /** Their name and address as Slack gave them when the form opened, carried to the submission. */
  reporter?: CaseFormMetadata['reporter'];
  /** What the description starts with (a message's text and link, from the message shortcut). */
  description?: string | undefined;
  limits: CaseFormLimits;
}

/** Static selects show at most 100 options (Block Kit). */
const maxOptions = 100;

const option = (item: Named): PlainTextOption => ({ text: plain(item.name, 75), value: String(item.id) });

const impactHints: Record<CaseImpact, string> = {
  high: 'Work has stopped, or many people are affected',
  medium: 'Work goes on with difficulty',
  low: 'A question, or an inconvenience',
};

const impactOption = (choice: (typeof impactChoices)[number]): PlainTextOption => ({
  text: plain(choice.label),
  value: choice.value,
  description: plain(impactHints[choice.value], 75),
});

/**
 * The case form (seed 004's field table): reported by (the opener, fixed), contact (on behalf
 * of), account (only for someone with two or more; choosing one shows its environments),
 * environment, impact, category, subject, description and attachments.
 */
export function renderCaseForm(view: CaseFormView): ModalView {
  const B = caseFormBlocks;
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      block_id: 'case_reporter',
      text: mrkdwn(md`*Reported by*\n${userMention(view.opener)}`),
    },
    {
      type: 'input',
      block_id: B.contact.block,
      optional: true,
      label: plain('Contact (on behalf of)'),
      hint: plain('Someone else who has the problem; leave empty when it is you.'),
      element: { type: 'users_select', action_id: B.contact.action, placeholder: plain('Choose a person') },
    },
  ];
  if (view.accounts.length > 1) {
    const chosen = view.account ? view.accounts.find((a) => a.id === view.account?.id) : undefined;
    blocks.push({
      type: 'input',
      block_id: B.account.block,
      label: plain('Account'),
      hint: plain('The account the case is for; choosing one shows its environments.'),
      dispatch_action: true,
      element: {
        type: 'static_select',
        action_id: B.account.action,
        placeholder: plain('Choose an account'),
        options: view.accounts.slice(0, maxOptions).map(option),
        ...(chosen && { initial_option: option(chosen) }),
      },
    });
  }
  if (view.account && view.environments.length > 0) {
    blocks.push({
      type: 'input',
      block_id: B.environment.block,
      optional: true,
      label: plain('Environment'),
      hint: plain(
        `The tenant or reporting group of ${truncate(view.account.name, 150)} the computer is in.`,
        2000,
      ),
      element: {
        type: 'static_select',
        action_id: environmentAction(view.account.id),
        placeholder: plain('Choose an environment'),
        options: view.environments.slice(0, maxOptions).map(option),
      },
    });
  }
  blocks.push({
    type: 'input',
    block_id: B.impact.block,
    label: plain('Impact'),
    element: { type: 'radio_buttons', action_id: B.impact.action, options: impactChoices.map(impactOption) },
  });
  if (view.categories.length > 0) {
    blocks.push({
      type: 'input',
      block_id: B.category.block,
      optional: true,
      label: plain('Category'),
      hint: plain('Leave empty when unsure: the service desk sorts it.'),
      // Past Block Kit's 100 options, the list is searched as typed.
      element:
        view.categories.length > maxOptions
          ? {
              type: 'external_select',
              action_id: ids.caseFormCategoryOptions,
              placeholder: plain('Type to find a category'),
              min_query_length: 0,
            }
          : {
              type: 'static_select',
              action_id: B.category.action,
              placeholder: plain('Choose a category'),
              options: view.categories.map(option),
            },
    });
  }
  blocks.push(
    {
      type: 'input',
      block_id: B.subject.block,
      label: plain('Subject'),
      element: {
        type: 'plain_text_input',
        action_id: B.subject.action,
        max_length: view.limits.subject,
        placeholder: plain('What you need, in a few words'),
      },
    },
    {
      type: 'input',
      block_id: B.description.block,
      label: plain('Description'),
      hint: plain('The details: what happens, since when, what you tried. The more, the sooner it is done.'),
      element: {
        type: 'plain_text_input',
        action_id: B.description.action,
        multiline: true,
        max_length: view.limits.description,
        ...(view.description && { initial_value: fitInput(view.description, view.limits.description) }),
      },
    },
    {
      type: 'input',
      block_id: B.files.block,
      optional: true,
      label: plain('Attachments'),
      hint: plain(
        `Images or documents that help: up to ${view.limits.files} files, ${view.limits.fileMb} MB each, ${view.limits.totalMb} MB together.`,
      ),
      element: { type: 'file_input', action_id: B.files.action, max_files: view.limits.files },
    },
  );
  return {
    type: 'modal',
    callback_id: ids.caseForm,
    private_metadata: caseFormMetadata.encode({
      form: 'case-1',
      ...(view.reporter && { reporter: view.reporter }),
    }),
    title: plain('Open a case', 24),
    submit: plain('Open case', 24),
    close: plain('Cancel', 24),
    blocks,
  };
}
