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
} from '../../../../../blocks/refresh/modals/reschedule.js';
import { supportTeams } from '../../../../../db/schema/index.js';
import type { ServiceContext } from '../../../../services/context.js';
import { ServiceError } from '../../../../services/errors.js';
import { requireAdmin } from '../../../../services/people/access.js';
import { assignSlot, requestReschedule } from '../../../../services/refresh/booking/reschedule.js';
import {
  type BulkRescheduleInput,
  checkBulkReschedule,
  rescheduleInBulk,
} from '../../../../services/refresh/booking/reschedule-in-bulk.js';
import { describeTicketState } from '../../../../services/refresh/tickets/ticket-state.js';
import { ids } from '../../../ids.js';
import { explainError } from '../../../plumbing/answers.js';
import { answerButton, tellRefusal } from '../../../plumbing/button.js';
import { postProgressMessage } from '../../../plumbing/progress-message.js';
import { bulkRescheduleMetadata } from '../../../values/refresh.js';
import type { KnownIds } from '../../index.js';
import { onAction, onView, type ViewArgs } from '../../register.js';
import { FormFieldErrors, submitTicketForm } from '../views/ticket-form.js';
import { openTicketForm } from './ticket-forms.js';

const Mode = z.enum(['ask', 'assign']);
const radio = (values: ViewArgs['view']['state']['values'], block: string) =>
  Mode.safeParse(values[block]?.[ids.rescheduleMode]?.selected_option?.value);

/** The manager's reschedule form: ask the customer again, or assign the picked time. */
export function submitReschedule(ctx: ServiceContext, args: ViewArgs) {
  const values = args.view.state.values;
  return submitTicketForm(ctx, args, {
    save: (metadata, { userId }) => {
      const mode = radio(values, rescheduleBlocks.mode);
      if (!mode.success) throw new FormFieldErrors({ [rescheduleBlocks.mode]: 'Pick what to do.' });
      const target = { actor: userId, ticket: metadata.ticketId, seenStatus: metadata.status };
      if (mode.data === 'ask') {
        const ticket = requestReschedule(ctx, target);
        return `Refresh #${ticket.id}: the customer is asked to pick a new time; ${describeTicketState(ticket)}.`;
      }
      const slotId = z.coerce
        .number()
        .int()
        .positive()
        .safeParse(values[rescheduleBlocks.slot]?.[ids.rescheduleSlot]?.selected_option?.value);
      if (!slotId.success) throw new FormFieldErrors({ [rescheduleBlocks.slot]: 'Pick the time to assign.' });
      const result = assignSlot(ctx, { ...target, slotId: slotId.data });
      if (!result.assigned) {
        throw new FormFieldErrors({
          [rescheduleBlocks.slot]: `${result.gone} was just taken or removed; pick another time.`,
        });
      }
      return `Refresh #${result.ticket.id} is booked for ${result.when}; the customer is told.`;
    },
    fieldErrors: (error) =>
      error instanceof ServiceError && error.kind === 'invalid'
        ? { [values[rescheduleBlocks.slot] ? rescheduleBlocks.slot : rescheduleBlocks.mode]: error.message }
        : undefined,
    outcome: (note, metadata) => ({ ticketId: metadata.ticketId, note }),
  });
}

function teamChoices(ctx: ServiceContext) {
  return ctx.db
    .select({ id: supportTeams.id, name: supportTeams.name })
    .from(supportTeams)
    .orderBy(supportTeams.name)
    .all();
}

/** Opens the bulk reschedule form for admins; anyone else is told why not. */
export async function openBulkReschedule(
  ctx: ServiceContext,
  client: WebClient,
  input: { userId: string; triggerId: string; channelId: string },
): Promise<void> {
  requireAdmin(ctx, input.userId, 'reschedule in bulk');
  const today = ctx.calendar.localDateOf(ctx.clock.now());
  await client.views.open({
    trigger_id: input.triggerId,
    view: bulkRescheduleModal(
      { teams: teamChoices(ctx), today },
      bulkRescheduleMetadata.encode({ channelId: input.channelId }),
    ),
  });
}

/** The Home's "Bulk reschedule": the form for admins; anyone else is told why not by DM. */
function openBulkFromHome(ctx: ServiceContext) {
  return answerButton(ctx, {
    read: () => ({}),
    staleNote: '',
    run: (_none, { userId, client, triggerId }) =>
      openBulkReschedule(ctx, client, { userId, triggerId, channelId: '' }),
    answer: tellRefusal,
  });
}

/** Reads the bulk form; problems go back on their fields, a good one closes and runs with progress. */
async function submitBulkReschedule(ctx: ServiceContext, { ack, body, view, client, logger }: ViewArgs) {
  const log = logger.error.bind(logger);
  const values = view.state.values;
  const metadata = bulkRescheduleMetadata.parse(view.private_metadata) ?? { channelId: '' };
  const teamId = z.coerce
    .number()
    .int()
    .positive()
    .safeParse(values[bulkRescheduleBlocks.team]?.[ids.bulkRescheduleTeam]?.selected_option?.value);
  const from = values[bulkRescheduleBlocks.from]?.[ids.bulkRescheduleFrom]?.selected_date;
  const to = values[bulkRescheduleBlocks.to]?.[ids.bulkRescheduleTo]?.selected_date;
  const mode = radio(values, bulkRescheduleBlocks.mode);
  const missing: Record<string, string> = {};
  if (!teamId.success) missing[bulkRescheduleBlocks.team] = 'Pick a team.';
  if (!from) missing[bulkRescheduleBlocks.from] = 'Pick the first day.';
  if (!to) missing[bulkRescheduleBlocks.to] = 'Pick the last day.';
  if (!mode.success) missing[bulkRescheduleBlocks.mode] = 'Pick what to do.';
  if (!teamId.success || !from || !to || !mode.success) {
    await ack({ response_action: 'errors', errors: missing });
    return;
  }
  const input: BulkRescheduleInput = {
    actor: body.user.id,
    supportTeamId: teamId.data,
    from,
    to,
    mode: mode.data,
  };
  let team: string;
  try {
    team = checkBulkReschedule(ctx, input).team.name;
  } catch (error) {
    const field = /day/.test(String((error as Error).message))
      ? bulkRescheduleBlocks.to
      : bulkRescheduleBlocks.team;
    await ack({ response_action: 'errors', errors: { [field]: explainError(error, log) } });
    return;
  }
  await ack();
  const message = await postProgressMessage(
    client,
    { channelId: metadata.channelId, userId: body.user.id },
    renderBulkRescheduleProgress({ team, done: 0, total: 0 }),
    log,
  );
  try {
    const result = await rescheduleInBulk(ctx, input, (done, total) =>
      message.show(renderBulkRescheduleProgress({ team, done, total })),
    );
    await message.show(renderBulkRescheduleResult(result));
  } catch (error) {
    await message.show({ text: `The bulk reschedule stopped: ${explainError(error, log)}`, blocks: [] });
  }
}

export function registerReschedule(app: App, ctx: ServiceContext, known: KnownIds): void {
  onAction(app, known, ids.ticketReschedule, (args) => openTicketForm(ctx, 'reschedule', args));
  onView(app, known, ids.ticketRescheduleForm, (args) => submitReschedule(ctx, args));
  onAction(app, known, ids.bulkRescheduleOpen, openBulkFromHome(ctx));
  onView(app, known, ids.bulkReschedule, (args) => submitBulkReschedule(ctx, args));
}
