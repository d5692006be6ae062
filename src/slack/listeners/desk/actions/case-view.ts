import type { App } from '@slack/bolt';
import { caseStoryModal, renderCaseStory } from '../../../../../blocks/desk/case-view.js';
import type { ServiceContext } from '../../../../services/context.js';
import { showCase } from '../../../../services/desk/cases/case-story.js';
import { ids } from '../../../ids.js';
import { answerButton, postToResponseUrl, tellClicker, tellRefusal } from '../../../plumbing/button.js';
import { publishHome } from '../../../plumbing/publish-home.js';
import { readerZone } from '../../../plumbing/reader-zone.js';
import { caseStoryValue, caseValue, deskHomePageValue } from '../../../values/desk.js';
import type { KnownIds } from '../../index.js';
import { onAction } from '../../register.js';

const staleNote =
  'That button is out of date or damaged, so nothing opened. `/otto case <number>` shows a case.';

/** "Open case" (the card, the assignee's DM, the Home): the case in a modal, as `/otto case` shows it. */
function openCaseView(ctx: ServiceContext) {
  return answerButton(ctx, {
    read: ({ raw }) => caseValue.parse(raw),
    staleNote,
    // Any version opens the case as it is now: reading changes nothing.
    run: async ({ caseId }, { userId, client }) =>
      showCase(ctx, { actor: userId, caseId, timeZone: await readerZone(client, userId) }),
    answer: async (outcome, click) => {
      if (!outcome.ok) return tellRefusal(outcome, click);
      const view = caseStoryModal(outcome.result);
      if (click.place.kind === 'modal') await click.client.views.push({ trigger_id: click.triggerId, view });
      else await click.client.views.open({ trigger_id: click.triggerId, view });
    },
  });
}

/** "Earlier" / "Later" under a case's story: the same view at another page, where it is. */
function turnStoryPage(ctx: ServiceContext) {
  return answerButton(ctx, {
    read: ({ raw }) => caseStoryValue.parse(raw),
    staleNote,
    run: async ({ caseId }, { userId, client }) =>
      showCase(ctx, { actor: userId, caseId, timeZone: await readerZone(client, userId) }),
    answer: async (outcome, click) => {
      if (!outcome.ok) return tellRefusal(outcome, click);
      const { place } = click;
      const from = outcome.value.from;
      if (place.kind === 'modal') {
        await click.client.views.update({
          view_id: place.viewId,
          view: caseStoryModal(outcome.result, from),
        });
      } else if (place.kind === 'message' && place.responseUrl) {
        const { text, blocks } = renderCaseStory(outcome.result, from);
        await postToResponseUrl(place.responseUrl, { replace_original: true, text, blocks });
      } else {
        await tellClicker(
          click,
          'That page cannot be turned here; `/otto case <number>` shows the case again.',
        );
      }
    },
  });
}

/** "Previous" / "Next" under a desk list on the Home: the Home again with that list at that page. */
function turnHomePage(ctx: ServiceContext) {
  return answerButton(ctx, {
    read: ({ raw }) => deskHomePageValue.parse(raw),
    staleNote: 'That page button is damaged, so the Home stays as it is.',
    run: ({ list, offset }, { userId, client, log }) =>
      publishHome(ctx, client, userId, log, { deskPages: { [list]: offset } }),
    answer: tellRefusal,
  });
}

export function registerCaseViewActions(app: App, ctx: ServiceContext, known: KnownIds): void {
  onAction(app, known, ids.caseView, openCaseView(ctx));
  onAction(app, known, ids.caseStoryPage, turnStoryPage(ctx));
  onAction(app, known, ids.caseStoryPageBack, turnStoryPage(ctx));
  onAction(app, known, ids.caseHomePage, turnHomePage(ctx));
  onAction(app, known, ids.caseHomePageBack, turnHomePage(ctx));
}
