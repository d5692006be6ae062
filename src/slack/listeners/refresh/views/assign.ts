import type { App } from '@slack/bolt';
import { z } from 'zod';
import { describeLineProblems } from '../../../../../blocks/refresh/messages/assign-progress.js';
import { assignLinesInput } from '../../../../../blocks/refresh/modals/assign.js';
import type { ServiceContext } from '../../../../services/context.js';
import { ServiceError } from '../../../../services/errors.js';
import { checkAssignment } from '../../../../services/refresh/ordering/assign-replacements.js';
import { ids } from '../../../ids.js';
import { explainError } from '../../../plumbing/answers.js';
import { assignMetadata } from '../../../values/refresh.js';
import type { KnownIds } from '../../index.js';
import { onView, type ViewArgs } from '../../register.js';
import { runAssignment } from '../actions/assign-run.js';

const AssignForm = z.object({
  [assignLinesInput]: z.object({ [assignLinesInput]: z.object({ value: z.string().nullish() }) }),
});

/**
 * The paste form: every line is checked before the modal closes; bad lines are answered on the
 * field (the first ten with their numbers), a clean paste closes it and runs with one message.
 */
export function registerAssignView(app: App, ctx: ServiceContext, known: KnownIds): void {
  onView(app, known, ids.assignReplacements, async ({ ack, body, view, client, logger }: ViewArgs) => {
    const log = logger.error.bind(logger);
    const metadata = assignMetadata.parse(view.private_metadata);
    const form = AssignForm.safeParse(view.state.values);
    const errorsOn = (text: string) =>
      ack({ response_action: 'errors', errors: { [assignLinesInput]: text } });
    if (!metadata || !form.success) {
      await errorsOn('Otto could not read this form; open it again with `/otto assign`.');
      return;
    }
    const userId = body.user.id;
    const lines = form.data[assignLinesInput][assignLinesInput].value ?? '';
    let valid: number;
    try {
      const check = checkAssignment(ctx, { actor: userId, lines, orderGroupId: metadata.orderGroupId });
      if (check.problems.length > 0) {
        await errorsOn(describeLineProblems(check.problems));
        return;
      }
      valid = check.valid;
    } catch (error) {
      if (error instanceof ServiceError) {
        await errorsOn(error.message);
        return;
      }
      await errorsOn(explainError(error, log));
      return;
    }
    await ack();
    try {
      await runAssignment(
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
      );
    } catch (error) {
      log('bulk assignment failed', error);
    }
  });
}
