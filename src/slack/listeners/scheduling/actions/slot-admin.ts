import type { App } from '@slack/bolt';
import { renderTeamSlotsModal } from '../../../../../blocks/scheduling/team-slots.js';
import { forActor, messageText } from '../../../../../blocks/shared/text.js';
import type { ServiceContext } from '../../../../services/context.js';
import { deleteSlot } from '../../../../services/refresh/booking/delete-slot.js';
import { listTeamSlots } from '../../../../services/scheduling/team-slots.js';
import { ids } from '../../../ids.js';
import { answerButton, type ClickPlace } from '../../../plumbing/button.js';
import { publishHome } from '../../../plumbing/publish-home.js';
import { slotValue, teamSlotsMetadata } from '../../../values/scheduling.js';
import type { KnownIds } from '../../index.js';
import { onAction } from '../../register.js';

const staleNote = 'That button is out of date. Nothing was changed; open `/otto slots` again.';

function deletedNote(result: Awaited<ReturnType<typeof deleteSlot>>): string {
  const parts = [`:wastebasket: The ${result.when} slot of ${result.team} was deleted.`];
  if (result.rescheduled.length > 0)
    parts.push(
      `${result.rescheduled.length} customer${result.rescheduled.length === 1 ? ' was' : 's were'} asked to pick another time (${result.rescheduled.map((id) => `#${id}`).join(', ')}).`,
    );
  if (result.onHold.length > 0)
    parts.push(
      `On hold, told the time is off and asked to pick another when resumed: ${result.onHold.map((id) => `#${id}`).join(', ')}.`,
    );
  if (result.unassigned.length > 0)
    parts.push(
      `Without a slot now and nobody to ask: ${result.unassigned.map((id) => `#${id}`).join(', ')}; assign them one.`,
    );
  return parts.join(' ');
}

/** The team whose slot list the click was made in. */
const listedTeam = (place: ClickPlace) =>
  place.kind === 'modal' ? teamSlotsMetadata.parse(place.metadata)?.team : undefined;

/**
 * Delete on the slot list or the Home's days (after Slack's confirm dialog): acked at once, the
 * slot deleted by the service (which checks the person is that team's slot admin), the list or
 * the Home shown again.
 */
function deleteSlotFromButton(ctx: ServiceContext) {
  return answerButton(ctx, {
    read: ({ raw, place }) => {
      const value = slotValue.parse(raw);
      return value && (place.kind === 'home' || listedTeam(place)) ? value : undefined;
    },
    staleNote,
    run: async ({ slotId }, { userId }) => deletedNote(await deleteSlot(ctx, { actor: userId, slotId })),
    answer: async (outcome, { userId, client, place, log }) => {
      const note = outcome.ok ? outcome.result : outcome.value ? `:warning: ${outcome.note}` : outcome.note;
      const team = listedTeam(place);
      if (place.kind === 'modal' && team) {
        try {
          const view = renderTeamSlotsModal(await listTeamSlots(ctx, { userId, team }), forActor(note));
          await client.views.update({ view_id: place.viewId, view });
          return;
        } catch (error) {
          log('could not refresh the slot list', error);
        }
      }
      // The Home shows the slot gone (or, after a refusal, as it is now) and the note comes by DM.
      if (place.kind === 'home') await publishHome(ctx, client, userId, log);
      await client.chat.postEphemeral({
        channel: userId,
        user: userId,
        text: messageText(forActor(note)),
      });
    },
  });
}

/** The Home calendar's team filter: the Home is published again for the chosen team. */
function filterHomeCalendar(ctx: ServiceContext) {
  return answerButton(ctx, {
    read: ({ raw }) => ({ team: raw && raw !== 'all' ? raw : undefined }),
    staleNote,
    run: ({ team }, { userId, client, log }) => publishHome(ctx, client, userId, log, { calendarTeam: team }),
    answer: () => {},
  });
}

export function registerSlotAdmin(app: App, ctx: ServiceContext, known: KnownIds): void {
  onAction(app, known, ids.slotDelete, deleteSlotFromButton(ctx));
  onAction(app, known, ids.homeCalendarTeam, filterHomeCalendar(ctx));
}
