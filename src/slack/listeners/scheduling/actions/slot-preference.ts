import type { App } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import {
  removeSlotPreferenceModal,
  slotPreferenceModal,
  slotPreferenceNoticeModal,
} from '../../../../../blocks/scheduling/slot-preference.js';
import type { ServiceContext } from '../../../../services/context.js';
import { getPreferenceForm } from '../../../../services/scheduling/preferences/get-preference-form.js';
import { ids } from '../../../ids.js';
import { explainError } from '../../../plumbing/answers.js';
import { slotPreferenceValue } from '../../../values/scheduling.js';
import { type ActionArgs, type KnownIds, onAction } from '../../register.js';

const staleNote = 'This button is out of date; open the Home tab again.';

/** Add, Edit and Remove on the Home's slot rules open their modal; anyone else is refused in one. */
async function openPreferenceModal(
  ctx: ServiceContext,
  kind: 'add' | 'edit' | 'remove',
  { ack, body, client, logger }: ActionArgs,
): Promise<void> {
  await ack();
  const action = body.actions[0];
  const ref = slotPreferenceValue.parse(action && 'value' in action ? action.value : undefined);
  let view: ModalView;
  if (!ref || (kind !== 'add' && ref.preferenceId === undefined)) {
    view = slotPreferenceNoticeModal(staleNote);
  } else {
    try {
      const form = getPreferenceForm(ctx, {
        actor: body.user.id,
        teamId: ref.teamId,
        preferenceId: kind === 'add' ? undefined : ref.preferenceId,
      });
      view =
        kind === 'remove' && form.rule
          ? removeSlotPreferenceModal(form.teamId, form.team, form.rule)
          : slotPreferenceModal(form);
    } catch (error) {
      view = slotPreferenceNoticeModal(explainError(error, logger.error.bind(logger)));
    }
  }
  try {
    await client.views.open({ trigger_id: body.trigger_id, view });
  } catch (error) {
    logger.error('could not open the slot rule modal', error);
  }
}

export function registerSlotPreferenceActions(app: App, ctx: ServiceContext, known: KnownIds): void {
  onAction(app, known, ids.slotPreferenceAdd, (args) => openPreferenceModal(ctx, 'add', args));
  onAction(app, known, ids.slotPreferenceEdit, (args) => openPreferenceModal(ctx, 'edit', args));
  onAction(app, known, ids.slotPreferenceRemove, (args) => openPreferenceModal(ctx, 'remove', args));
}
