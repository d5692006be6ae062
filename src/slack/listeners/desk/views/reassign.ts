import type { App } from '@slack/bolt';
import { reassignBlocks as B } from '../../../../../blocks/desk/triage.js';
import type { ServiceContext } from '../../../../services/context.js';
import { reassignCase } from '../../../../services/desk/cases/reassign-case.js';
import { ids } from '../../../ids.js';
import { refusalOnField } from '../../../plumbing/answers.js';
import { element, input, readModal, required } from '../../../plumbing/modal-form.js';
import { republishHomeSoon } from '../../../plumbing/publish-home.js';
import { closeModal, fieldErrors, handleSubmission } from '../../../plumbing/submission.js';
import { caseReassignMetadata } from '../../../values/desk.js';
import type { KnownIds } from '../../index.js';
import { onView } from '../../register.js';

const unreadable = 'Otto could not read this form; close it and press Reassign on the case’s card again.';

const ReassignInputs = {
  groupId: input(
    B.group.block,
    B.group.action,
    required(element.choiceId, 'Choose the group the case goes to.'),
  ),
  assignee: input(B.person.block, B.person.action, element.user),
};

/** The service's field → the block that shows its refusal. */
const blockOf = { groupId: B.group.block, assignee: B.person.block };

/** The reassignment: refused on its field (the modal stays open), or done and closed. */
function submitReassign(ctx: ServiceContext) {
  return handleSubmission(ctx, {
    ack: async ({ view, userId, log }) => {
      const form = readModal(view, caseReassignMetadata, ReassignInputs, unreadable);
      if (!form.ok)
        return {
          answer: fieldErrors(
            Object.keys(form.errors).length > 0 ? form.errors : { [B.group.block]: unreadable },
          ),
        };
      try {
        await reassignCase(ctx, {
          actor: userId,
          caseId: form.metadata.caseId,
          seenVersion: form.metadata.version,
          groupId: form.values.groupId,
          assignee: form.values.assignee ?? null,
        });
      } catch (error) {
        return { answer: fieldErrors(refusalOnField(error, blockOf, B.group.block, log)) };
      }
      return { answer: closeModal(), later: form.metadata.fromHome === true };
    },
    lazy: async (fromHome, { userId, client, log }) => {
      if (fromHome) republishHomeSoon(ctx, client, userId, log);
    },
  });
}

export function registerCaseReassignView(app: App, ctx: ServiceContext, known: KnownIds): void {
  onView(app, known, ids.caseReassignForm, submitReassign(ctx));
}
