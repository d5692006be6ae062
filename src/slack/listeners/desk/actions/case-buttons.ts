import type { App } from '@slack/bolt';
import { renderReassignForm } from '../../../../../blocks/desk/triage.js';
import type { ServiceContext } from '../../../../services/context.js';
import { reassignmentChoices } from '../../../../services/desk/cases/reassign-case.js';
import { setCaseAssessing } from '../../../../services/desk/cases/set-assessing.js';
import { takeCase } from '../../../../services/desk/cases/take-case.js';
import { ids } from '../../../ids.js';
import {
  answerButton,
  type Click,
  type ClickOutcome,
  tellClicker,
  tellRefusal,
} from '../../../plumbing/button.js';
import { publishHome } from '../../../plumbing/publish-home.js';
import { type CaseRef, caseValue } from '../../../values/desk.js';
import type { KnownIds } from '../../index.js';
import { onAction } from '../../register.js';

const staleNote =
  'That button is out of date, so nothing was changed. The case’s card shows it as it is now.';

const clickOf = (value: CaseRef, click: Click) => ({
  actor: click.userId,
  caseId: value.caseId,
  seenVersion: value.version,
});

/**
 * After a change: on the Home, the Home drawn again (the case shows where it is now); in a
 * message (the card, a DM), a line to the clicker alone — the card itself follows from the outbox.
 */
async function answerChange(outcome: ClickOutcome<CaseRef, string>, click: Click): Promise<void> {
  if (!outcome.ok) {
    await tellRefusal(outcome, click);
    return;
  }
  if (click.place.kind === 'home') {
    await publishHome(click.ctx, click.client, click.userId, click.log);
    return;
  }
  await tellClicker(click, outcome.result);
}

/** Take: the clicker makes the case theirs (staff of the case only; the service checks). */
function takeFromButton(ctx: ServiceContext) {
  return answerButton(ctx, {
    read: ({ raw }) => caseValue.parse(raw),
    staleNote,
    run: async (value: CaseRef, click) => {
      const taken = await takeCase(ctx, clickOf(value, click));
      return taken.from
        ? `Case #${taken.caseId} is yours now (it was with <@${taken.from}>).`
        : `Case #${taken.caseId} is yours now.`;
    },
    answer: answerChange,
  });
}

/** Assessing: a pending case staff are looking into. */
function assessingFromButton(ctx: ServiceContext) {
  return answerButton(ctx, {
    read: ({ raw }) => caseValue.parse(raw),
    staleNote,
    run: async (value: CaseRef, click) => {
      const { caseId } = await setCaseAssessing(ctx, clickOf(value, click));
      return `Case #${caseId} is Assessing now.`;
    },
    answer: answerChange,
  });
}

/** Reassign (Assign on triage's messages): the form over the click; a refusal to the clicker alone. */
function reassignFromButton(ctx: ServiceContext) {
  return answerButton(ctx, {
    read: ({ raw }) => caseValue.parse(raw),
    staleNote,
    run: async (value: CaseRef, click) =>
      renderReassignForm({
        ...(await reassignmentChoices(ctx, clickOf(value, click))),
        fromHome: click.place.kind === 'home',
      }),
    answer: async (outcome, click) => {
      if (!outcome.ok) {
        await tellRefusal(outcome, click);
        return;
      }
      await click.client.views.open({ trigger_id: click.triggerId, view: outcome.result });
    },
  });
}

export function registerCaseButtons(app: App, ctx: ServiceContext, known: KnownIds): void {
  onAction(app, known, ids.caseTake, takeFromButton(ctx));
  onAction(app, known, ids.caseStatus, assessingFromButton(ctx));
  onAction(app, known, ids.caseReassign, reassignFromButton(ctx));
}
