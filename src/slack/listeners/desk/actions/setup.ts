import type { App } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import {
  renderAccountForm,
  renderCategoryForm,
  renderGroupForm,
  renderRuleForm,
  renderTryRulesForm,
} from '../../../../../blocks/desk/setup.js';
import type { ServiceContext } from '../../../../services/context.js';
import { getDeskSetup } from '../../../../services/desk/setup/get-setup.js';
import { notFound } from '../../../../services/errors.js';
import { ids } from '../../../ids.js';
import { answerButton, type Click, type ClickOutcome, tellRefusal } from '../../../plumbing/button.js';
import { type DeskThingRef, deskThingValue } from '../../../values/desk.js';
import type { KnownIds } from '../../index.js';
import { onAction } from '../../register.js';

const staleNote = 'That set-up is out of date, so nothing opened. `/otto desk` shows it as it is now.';

/** Puts the form over the set-up modal, so Back returns to it. */
async function pushForm(outcome: ClickOutcome<unknown, ModalView>, click: Click): Promise<void> {
  if (!outcome.ok || click.place.kind !== 'modal') {
    await tellRefusal(outcome, click);
    return;
  }
  await click.client.views.push({ trigger_id: click.triggerId, view: outcome.result });
}

/** The form for a new thing, or for the one chosen in an Edit list. */
function openSetupForm(ctx: ServiceContext) {
  return answerButton(ctx, {
    read: ({ raw }) => deskThingValue.parse(raw),
    staleNote,
    run: async (ref: DeskThingRef, { userId }) => {
      const setup = await getDeskSetup(ctx, userId);
      const pick = <T extends { id: number }>(items: T[]): T | undefined => {
        if (ref.id === undefined) return undefined;
        const found = items.find((item) => item.id === ref.id);
        if (!found)
          throw notFound(`That ${ref.kind} no longer exists. \`/otto desk\` shows the set-up as it is now.`);
        return found;
      };
      switch (ref.kind) {
        case 'group':
          return renderGroupForm(pick(setup.groups));
        case 'category':
          return renderCategoryForm(pick(setup.categories), setup.groups);
        case 'account':
          return renderAccountForm(pick(setup.accounts));
        case 'rule':
          return renderRuleForm(pick(setup.rules), setup);
      }
    },
    answer: pushForm,
  });
}

function openTryRules(ctx: ServiceContext) {
  return answerButton(ctx, {
    read: ({ raw }) => (raw === 'try' ? raw : undefined),
    staleNote,
    run: async (_value, { userId }) => renderTryRulesForm((await getDeskSetup(ctx, userId)).categories),
    answer: pushForm,
  });
}

export function registerDeskSetupActions(app: App, ctx: ServiceContext, known: KnownIds): void {
  onAction(app, known, ids.deskAdd, openSetupForm(ctx));
  onAction(app, known, ids.deskEdit, openSetupForm(ctx));
  onAction(app, known, ids.deskTryRules, openTryRules(ctx));
}
