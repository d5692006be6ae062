import type { App } from '@slack/bolt';
import { z } from 'zod';
import {
  deskBlocks as B,
  describeTriedRoute,
  renderDeskSetup,
  renderTryRulesForm,
} from '../../../../../blocks/desk/setup.js';
import type { ServiceContext } from '../../../../services/context.js';
import { getDeskSetup, readDeskSetup } from '../../../../services/desk/setup/get-setup.js';
import {
  saveDeskAccount,
  saveDeskCategory,
  saveDeskGroup,
  saveDeskRule,
} from '../../../../services/desk/setup/save.js';
import { tryRoute } from '../../../../services/desk/setup/try-route.js';
import { ids } from '../../../ids.js';
import { refusalOnField } from '../../../plumbing/answers.js';
import { element, input, readModal } from '../../../plumbing/modal-form.js';
import {
  fieldErrors,
  handleSubmission,
  replaceModal,
  type Submission,
} from '../../../plumbing/submission.js';
import { deskFormMetadata } from '../../../values/desk.js';
import type { KnownIds } from '../../index.js';
import { onView } from '../../register.js';

const unreadable = 'Otto could not read this; close the form and open it again from `/otto desk`.';

const conversation = z
  .object({ selected_conversation: z.string().nullish() })
  .optional()
  .transform((s) => s?.selected_conversation ?? null);
const userOrNone = element.user.transform((v) => v ?? null);
const idOrNone = element.choiceId.transform((v) => v ?? null);
const text = element.text;

/** The set-up field a refusal is on → the block that shows it. */
const blockOf: Record<string, string> = {
  name: B.name.block,
  channel: B.channel.block,
  main: B.main.block,
  members: B.members.block,
  triage: B.triage.block,
  defaultGroup: B.defaultGroup.block,
  statuses: B.statuses.block,
  environments: B.environments.block,
  position: B.position.block,
  category: B.category.block,
  words: B.subjectWords.block,
  subjectWords: B.subjectWords.block,
  descriptionWords: B.descriptionWords.block,
  pattern: B.pattern.block,
  group: B.group.block,
  person: B.person.block,
  subject: B.subject.block,
};

/**
 * A set-up form's submission: refused on its field, or saved; then the set-up underneath shows
 * what was saved (the form closes back onto it).
 */
function submitForm<F extends Parameters<typeof readModal>[2]>(
  ctx: ServiceContext,
  inputs: F,
  save: (
    actor: string,
    id: number | undefined,
    values: Awaited<ReturnType<typeof readModal<{ id?: number | undefined }, F>>> & { ok: true },
  ) => Promise<unknown>,
) {
  return handleSubmission(ctx, {
    ack: async ({ view, userId, log }: Submission) => {
      const form = readModal(view, deskFormMetadata, inputs, unreadable);
      if (!form.ok)
        return {
          answer: fieldErrors(
            Object.keys(form.errors).length > 0 ? form.errors : { [B.name.block]: unreadable },
          ),
        };
      try {
        await save(userId, form.metadata.id, form);
      } catch (error) {
        return { answer: fieldErrors(refusalOnField(error, blockOf, B.name.block, log)) };
      }
      return { answer: undefined, later: view.root_view_id ?? undefined };
    },
    lazy: async (rootViewId, { userId, client }) => {
      await client.views.update({
        view_id: rootViewId,
        view: renderDeskSetup(await getDeskSetup(ctx, userId)),
      });
    },
  });
}

const GroupInputs = {
  name: input(B.name.block, B.name.action, text),
  channel: input(B.channel.block, B.channel.action, conversation),
  main: input(B.main.block, B.main.action, userOrNone),
  members: input(B.members.block, B.members.action, element.users),
  triage: input(B.triage.block, B.triage.action, element.choices),
};

const CategoryInputs = {
  name: input(B.name.block, B.name.action, text),
  defaultGroup: input(B.defaultGroup.block, B.defaultGroup.action, idOrNone),
  statuses: input(B.statuses.block, B.statuses.action, element.choices),
};

const AccountInputs = {
  name: input(B.name.block, B.name.action, text),
  environments: input(B.environments.block, B.environments.action, text),
  members: input(B.members.block, B.members.action, element.users),
};

const RuleInputs = {
  name: input(B.name.block, B.name.action, text),
  category: input(B.category.block, B.category.action, idOrNone),
  subjectWords: input(B.subjectWords.block, B.subjectWords.action, text),
  descriptionWords: input(B.descriptionWords.block, B.descriptionWords.action, text),
  pattern: input(B.pattern.block, B.pattern.action, text),
  group: input(B.group.block, B.group.action, idOrNone),
  person: input(B.person.block, B.person.action, userOrNone),
  position: input(
    B.position.block,
    B.position.action,
    text.transform((value, c) => {
      const trimmed = value.trim();
      if (trimmed === '') return null;
      if (!/^\d{1,5}$/.test(trimmed) || Number(trimmed) < 1) {
        c.addIssue({ code: 'custom', message: 'The place is a whole number from 1 (tried first).' });
        return z.NEVER;
      }
      return Number(trimmed);
    }),
  ),
};

const TryInputs = {
  subject: input(B.subject.block, B.subject.action, text),
  description: input(B.description.block, B.description.action, text),
  category: input(B.category.block, B.category.action, idOrNone),
};

/** "Try the rules": answered in the same form, with the text kept and where it would go. */
function submitTry(ctx: ServiceContext) {
  return handleSubmission(ctx, {
    ack: async ({ view, userId, log }: Submission) => {
      const form = readModal(view, { encode: () => '', parse: () => ({}) }, TryInputs, unreadable);
      if (!form.ok) return { answer: fieldErrors(form.errors) };
      const { subject, description, category } = form.values;
      try {
        const route = await tryRoute(ctx, { actor: userId, subject, description, categoryId: category });
        const categories = (await readDeskSetup(ctx)).categories;
        return {
          answer: replaceModal(
            renderTryRulesForm(categories, {
              subject,
              description,
              categoryId: category,
              result: describeTriedRoute(route),
            }),
          ),
        };
      } catch (error) {
        return { answer: fieldErrors(refusalOnField(error, blockOf, B.subject.block, log)) };
      }
    },
  });
}

export function registerDeskSetupViews(app: App, ctx: ServiceContext, known: KnownIds): void {
  onView(
    app,
    known,
    ids.deskGroupForm,
    submitForm(ctx, GroupInputs, (actor, id, { values }) =>
      saveDeskGroup(ctx, {
        actor,
        id,
        name: values.name,
        slackChannelId: values.channel,
        mainSlackUserId: values.main,
        members: values.members,
        isTriage: values.triage.includes('triage'),
      }),
    ),
  );
  onView(
    app,
    known,
    ids.deskCategoryForm,
    submitForm(ctx, CategoryInputs, (actor, id, { values }) =>
      saveDeskCategory(ctx, {
        actor,
        id,
        name: values.name,
        defaultGroupId: values.defaultGroup,
        statuses: values.statuses,
      }),
    ),
  );
  onView(
    app,
    known,
    ids.deskAccountForm,
    submitForm(ctx, AccountInputs, (actor, id, { values }) =>
      saveDeskAccount(ctx, {
        actor,
        id,
        name: values.name,
        environments: values.environments,
        members: values.members,
      }),
    ),
  );
  onView(
    app,
    known,
    ids.deskRuleForm,
    submitForm(ctx, RuleInputs, (actor, id, { values }) =>
      saveDeskRule(ctx, { actor, id, ...values, categoryId: values.category, groupId: values.group }),
    ),
  );
  onView(app, known, ids.deskTryRulesForm, submitTry(ctx));
}
