import type { App } from '@slack/bolt';
import { renderTeamSlotsModal } from '../../../../../blocks/scheduling/team-slots.js';
import { renderHome } from '../../../../../blocks/shared/home.js';
import type { ServiceContext } from '../../../../services/context.js';
import { getHome } from '../../../../services/home/get-home.js';
import { deleteSlot } from '../../../../services/refresh/booking/delete-slot.js';
import { listTeamSlots } from '../../../../services/scheduling/team-slots.js';
import { ids } from '../../../ids.js';
import { explainError } from '../../../plumbing/answers.js';
import { slotValue, teamSlotsMetadata } from '../../../values/scheduling.js';
import type { KnownIds } from '../../index.js';
import { type ActionArgs, onAction } from '../../register.js';

const staleNote = 'That button is out of date. Nothing was changed; open `/otto slots` again.';

function deletedNote(result: ReturnType<typeof deleteSlot>): string {
  const parts = [`:wastebasket: Slot #${result.slotId} was deleted.`];
  if (result.rescheduled.length > 0)
    parts.push(
      `${result.rescheduled.length} customer${result.rescheduled.length === 1 ? ' was' : 's were'} asked to pick another time (${result.rescheduled.map((id) => `#${id}`).join(', ')}).`,
    );
  if (result.unassigned.length > 0)
    parts.push(
      `Without a slot now and nobody to ask: ${result.unassigned.map((id) => `#${id}`).join(', ')}; assign them one.`,
    );
  return parts.join(' ');
}

/**
 * Delete on the slot list (after Slack's confirm dialog): acked at once, the slot deleted by
 * the service (which checks the person is that team's slot admin), the list shown again.
 */
async function deleteSlotFromButton(ctx: ServiceContext, { ack, body, action, client, logger }: ActionArgs) {
  await ack();
  const userId = body.user.id;
  const value = slotValue.parse('value' in action ? action.value : undefined);
  const team = teamSlotsMetadata.parse(body.view?.private_metadata)?.team;
  let note: string;
  if (!value || !team) {
    note = staleNote;
  } else {
    try {
      note = deletedNote(deleteSlot(ctx, { actor: userId, slotId: value.slotId }));
    } catch (error) {
      note = `:warning: ${explainError(error, logger.error.bind(logger))}`;
    }
  }
  if (body.view && team) {
    try {
      const view = renderTeamSlotsModal(listTeamSlots(ctx, { userId, team }), note);
      await client.views.update({ view_id: body.view.id, view });
      return;
    } catch (error) {
      logger.error('could not refresh the slot list', error);
    }
  }
  await client.chat.postEphemeral({ channel: userId, user: userId, text: note });
}

/** The Home calendar's team filter: the Home is published again for the chosen team. */
async function filterHomeCalendar(ctx: ServiceContext, { ack, body, action, client, logger }: ActionArgs) {
  await ack();
  const selected = 'selected_option' in action ? action.selected_option?.value : undefined;
  const team = selected && selected !== 'all' ? selected : undefined;
  try {
    await client.views.publish({
      user_id: body.user.id,
      view: renderHome(getHome(ctx, body.user.id, { calendarTeam: team })),
    });
  } catch (error) {
    logger.error('could not publish the App Home', error);
  }
}

export function registerSlotAdmin(app: App, ctx: ServiceContext, known: KnownIds): void {
  onAction(app, known, ids.slotDelete, (args) => deleteSlotFromButton(ctx, args));
  onAction(app, known, ids.homeCalendarTeam, (args) => filterHomeCalendar(ctx, args));
}
