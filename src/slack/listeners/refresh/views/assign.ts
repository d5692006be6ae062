import type { App } from '@slack/bolt';
import { describeLineProblems } from '../../../../../blocks/refresh/messages/assign-progress.js';
import { assignLinesInput } from '../../../../../blocks/refresh/modals/assign.js';
import type { ServiceContext } from '../../../../services/context.js';
import { checkAssignment } from '../../../../services/refresh/ordering/assign-replacements.js';
import { ids } from '../../../ids.js';
import { explainError } from '../../../plumbing/answers.js';
import { element, input, readModal } from '../../../plumbing/modal-form.js';
import { closeModal, fieldErrors, handleSubmission } from '../../../plumbing/submission.js';
import { assignMetadata } from '../../../values/refresh.js';
import type { KnownIds } from '../../index.js';
import { onView } from '../../register.js';
import { runAssignment } from '../actions/assign-run.js';

const AssignForm = { lines: input(assignLinesInput, assignLinesInput, element.text) };
const unreadable = 'Otto could not read this form; open it again with `/otto assign`.';

const errorsOn = (text: string) => fieldErrors({ [assignLinesInput]: text });

/**
 * The paste form: every line is checked before the modal closes; bad lines are answered on the
 * field (the first ten with their numbers), a clean paste closes it and runs with one message.
 */
function submitAssignment(ctx: ServiceContext) {
  return handleSubmission(ctx, {
    ack: async ({ view, userId, log }) => {
      const form = readModal(view, assignMetadata, AssignForm, unreadable);
      if (!form.ok) return { answer: errorsOn(unreadable) };
      const {
        metadata,
        values: { lines },
      } = form;
      try {
        const check = await checkAssignment(ctx, {
          actor: userId,
          lines,
          orderGroupId: metadata.orderGroupId,
        });
        if (check.problems.length > 0) return { answer: errorsOn(describeLineProblems(check.problems)) };
        return { answer: closeModal(), later: { metadata, lines, valid: check.valid } };
      } catch (error) {
        return { answer: errorsOn(explainError(error, log)) };
      }
    },
    lazy: ({ metadata, lines, valid }, { userId, client, log }) =>
      runAssignment(
        ctx,
        client,
        {
          userId,
          channelId: metadata.channelId,
          lines,
          orderGroupId: metadata.orderGroupId,
          groupName: metadata.groupName,
        },
        valid,
        log,
      ),
  });
}

export function registerAssignView(app: App, ctx: ServiceContext, known: KnownIds): void {
  onView(app, known, ids.assignReplacements, submitAssignment(ctx));
}
