import type { App } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import { caseFormBlocks, renderCaseForm } from '../../../../../blocks/desk/case-form.js';
import { plain } from '../../../../../blocks/shared/text.js';
import type { ServiceContext } from '../../../../services/context.js';
import { caseFormChoices, findCategories } from '../../../../services/desk/cases/case-form.js';
import { ids } from '../../../ids.js';
import {
  answerButton,
  type Click,
  type ClickOutcome,
  redrawModal,
  tellRefusal,
} from '../../../plumbing/button.js';
import { loadOptions } from '../../../plumbing/options.js';
import { caseFormMetadata } from '../../../values/desk.js';
import type { KnownIds } from '../../index.js';
import { onAction, onOptions } from '../../register.js';
import { caseFormLimits, openCaseForm } from '../shortcuts/open-case.js';

const staleForm = 'That case form is out of date; close it and open a case again.';

/** The Home's "Open a case". */
function openFromHome(ctx: ServiceContext) {
  return answerButton(ctx, {
    read: () => true,
    staleNote: staleForm,
    run: async (_value, { client, userId, triggerId }) => openCaseForm(ctx, client, { userId, triggerId }),
    answer: tellRefusal,
  });
}

/** Choosing the account redraws the form with that account's environments; what was typed stays. */
function chooseAccount(ctx: ServiceContext) {
  return answerButton(ctx, {
    read: ({ raw, place }) => {
      if (place.kind !== 'modal' || !caseFormMetadata.parse(place.metadata)) return undefined;
      return raw !== undefined && /^\d{1,12}$/.test(raw) ? Number(raw) : undefined;
    },
    staleNote: staleForm,
    run: async (accountId, { userId, place }): Promise<ModalView> => {
      const choices = await caseFormChoices(ctx, userId, accountId);
      const typed =
        place.kind === 'modal'
          ? place.values[caseFormBlocks.description.block]?.[caseFormBlocks.description.action]?.value
          : undefined;
      const metadata = place.kind === 'modal' ? caseFormMetadata.parse(place.metadata) : undefined;
      return renderCaseForm({
        ...choices,
        opener: userId,
        reporter: metadata?.reporter,
        description: typed ?? undefined,
        limits: caseFormLimits,
      });
    },
    answer: async (outcome: ClickOutcome<number, ModalView>, click: Click) => redrawModal(outcome, click),
  });
}

export function registerCaseOpenActions(app: App, ctx: ServiceContext, known: KnownIds): void {
  onAction(app, known, ids.caseOpen, openFromHome(ctx));
  onAction(app, known, ids.caseFormAccount, chooseAccount(ctx));
  onOptions(
    app,
    known,
    ids.caseFormCategoryOptions,
    loadOptions('the case form’s categories', 100, async ({ query }) =>
      (await findCategories(ctx, query)).map((c) => ({ text: plain(c.name, 75), value: String(c.id) })),
    ),
  );
}
