import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import {
  renderBulkRescheduleProgress,
  renderBulkRescheduleResult,
} from '../../../../../blocks/refresh/messages/bulk-reschedule.js';
import {
  bulkRescheduleBlocks,
  bulkRescheduleModal,
  rescheduleBlocks,
  rescheduleModal,
} from '../../../../../blocks/refresh/modals/reschedule.js';
import { forActor, messageText } from '../../../../../blocks/shared/text.js';
import type { ServiceContext } from '../../../../services/context.js';
import {
  assignSlot,
  getRescheduleForm,
  requestReschedule,
} from '../../../../services/refresh/booking/reschedule.js';
import {
  type BulkRescheduleInput,
  checkBulkReschedule,
  getBulkRescheduleForm,
  rescheduleInBulk,
} from '../../../../services/refresh/booking/reschedule-in-bulk.js';
import { describeTicketState } from '../../../../services/refresh/tickets/ticket-state.js';
import { ids } from '../../../ids.js';
import { explainError, refusalOnField } from '../../../plumbing/answers.js';
import { answerButton, redrawModal, tellRefusal } from '../../../plumbing/button.js';
import { element, input, inputBlocksOf, readForm, required } from '../../../plumbing/modal-form.js';
import { postProgressMessage } from '../../../plumbing/progress-message.js';
import { closeModal, fieldErrors, handleSubmission } from '../../../plumbing/submission.js';
import { bulkRescheduleMetadata, ticketFormMetadata } from '../../../values/refresh.js';
import type { KnownIds } from '../../index.js';
import { onAction, onView } from '../../register.js';
import { FormFieldErrors, invalidOn, readTicketForm, submitTicketForm } from '../views/ticket-form.js';
import { openTicketForm } from './ticket-forms.js';

const Mode = z.enum(['ask', 'assign']);
const modeOf = element.choice.transform((value) => Mode.safeParse(value).data);

const RescheduleForm = {
  mode: input(rescheduleBlocks.mode, ids.rescheduleMode, required(modeOf, 'Pick what to do.')),
  slotId: input(rescheduleBlocks.slot, ids.rescheduleSlot, element.choiceId),
};

/** The manager's reschedule form: ask the customer again, or assign the picked time. */
export function submitReschedule(ctx: ServiceContext) {
  return submitTicketForm(ctx, {
    save: async (metadata, submission) => {
      const { mode, slotId } = readTicketForm(RescheduleForm, submission);
      const target = { actor: submission.userId, ticket: metadata.ticketId, seenStatus: metadata.status };
      if (mode === 'ask') {
        const ticket = await requestReschedule(ctx, target);
        return `Refresh #${ticket.id}: the customer is asked to pick a new time; ${describeTicketState(ticket)}.`;
      }
      if (slotId === undefined) {
        // No time field means the team had no free time to offer when the form was drawn.
        throw new FormFieldErrors(
          inputBlocksOf(submission.view).has(rescheduleBlocks.slot)
            ? { [rescheduleBlocks.slot]: 'Pick the time to assign.' }
            : {
                [rescheduleBlocks.mode]:
                  'The team has no free time to assign; add times to its calendar first.',
              },
        );
      }
      const result = await assignSlot(ctx, { ...target, slotId });
      if (!result.assigned) {
        throw new FormFieldErrors({
          [rescheduleBlocks.slot]: `${result.gone} was just taken or removed; pick another time.`,
        });
      }
      return `Refresh #${result.ticket.id} is booked for ${result.when}; the customer is told.`;
    },
    // A refusal goes beside the time when the form shows one (the customer has a team), else beside the choice.
    fieldErrors: (error, { view }) =>
      invalidOn(
        inputBlocksOf(view).has(rescheduleBlocks.slot) ? rescheduleBlocks.slot : rescheduleBlocks.mode,
      )(error),
    outcome: (note, metadata) => ({ ticketId: metadata.ticketId, note }),
  });
}

/** The form's "What to do": shows the form for the choice (a time to pick only when assigning one). */
function showRescheduleMode(ctx: ServiceContext) {
  return answerButton(ctx, {
    read: ({ raw, place }) => {
      if (place.kind !== 'modal') return undefined;
      const mode = Mode.safeParse(raw).data;
      const metadata = ticketFormMetadata.parse(place.metadata);
      return mode && metadata ? { mode, metadata, raw: place.metadata } : undefined;
    },
    staleNote:
      'That reschedule form is out of date, so nothing changed in it. Press Reschedule on the ticket again.',
    run: async ({ mode, metadata, raw }, { userId }) => {
      const form = await getRescheduleForm(ctx, {
        actor: userId,
        ticket: metadata.ticketId,
        seenStatus: metadata.status,
      });
      return rescheduleModal(form, raw, mode);
    },
    answer: redrawModal,
  });
}

/** Opens the bulk reschedule form for admins; anyone else is told why not. */
export async function openBulkReschedule(
  ctx: ServiceContext,
  client: WebClient,
  input: { userId: string; triggerId: string; channelId: string },
): Promise<void> {
  const form = await getBulkRescheduleForm(ctx, { actor: input.userId });
  await client.views.open({
    trigger_id: input.triggerId,
    view: bulkRescheduleModal(form, bulkRescheduleMetadata.encode({ channelId: input.channelId })),
  });
}

/** The Home's "Bulk reschedule": the form for admins; anyone else is told why not by DM. */
function openBulkFromHome(ctx: ServiceContext) {
  return answerButton(ctx, {
    // The button carries nothing to go stale.
    read: () => ({}),
    staleNote: '',
    run: (_none, { userId, client, triggerId }) =>
      openBulkReschedule(ctx, client, { userId, triggerId, channelId: '' }),
    answer: tellRefusal,
  });
}

const BulkForm = {
  supportTeamId: input(
    bulkRescheduleBlocks.team,
    ids.bulkRescheduleTeam,
    required(element.choiceId, 'Pick a team.'),
  ),
  from: input(
    bulkRescheduleBlocks.from,
    ids.bulkRescheduleFrom,
    required(element.date, 'Pick the first day.'),
  ),
  to: input(bulkRescheduleBlocks.to, ids.bulkRescheduleTo, required(element.date, 'Pick the last day.')),
  mode: input(bulkRescheduleBlocks.mode, ids.rescheduleMode, required(modeOf, 'Pick what to do.')),
};

/** Where the bulk check's refusals go: the input of the field they name, else the team. */
const bulkBlockOf = {
  supportTeamId: bulkRescheduleBlocks.team,
  from: bulkRescheduleBlocks.from,
  to: bulkRescheduleBlocks.to,
  mode: bulkRescheduleBlocks.mode,
};

/** Reads the bulk form; problems go back on their fields, a good one closes and runs with progress. */
function submitBulkReschedule(ctx: ServiceContext) {
  return handleSubmission(ctx, {
    ack: async ({ view, userId, log }) => {
      const form = readForm(BulkForm, view.state.values, 'Otto could not read this form; open it again.');
      if (!form.ok) return { answer: fieldErrors(form.errors) };
      const input: BulkRescheduleInput = { actor: userId, ...form.values };
      try {
        const team = (await checkBulkReschedule(ctx, input)).team.name;
        const channelId = bulkRescheduleMetadata.parse(view.private_metadata)?.channelId ?? '';
        return { answer: closeModal(), later: { input, team, channelId } };
      } catch (error) {
        return { answer: fieldErrors(refusalOnField(error, bulkBlockOf, bulkRescheduleBlocks.team, log)) };
      }
    },
    lazy: async ({ input, team, channelId }, { userId, client, log }) => {
      const message = await postProgressMessage(
        client,
        { channelId, userId },
        renderBulkRescheduleProgress({ team, done: 0, total: 0 }),
        log,
      );
      try {
        const result = await rescheduleInBulk(ctx, input, (done, total) =>
          message.show(renderBulkRescheduleProgress({ team, done, total })),
        );
        await message.show(renderBulkRescheduleResult(result));
      } catch (error) {
        await message.show({
          text: messageText(forActor(`The bulk reschedule stopped: ${explainError(error, log)}`)),
          blocks: [],
        });
      }
    },
  });
}

export function registerReschedule(app: App, ctx: ServiceContext, known: KnownIds): void {
  onAction(app, known, ids.ticketReschedule, openTicketForm(ctx, 'reschedule'));
  onView(app, known, ids.ticketRescheduleForm, submitReschedule(ctx));
  onAction(app, known, ids.rescheduleMode, showRescheduleMode(ctx));
  onAction(app, known, ids.bulkRescheduleOpen, openBulkFromHome(ctx));
  onView(app, known, ids.bulkReschedule, submitBulkReschedule(ctx));
}
