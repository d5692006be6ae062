import type { App } from '@slack/bolt';
import {
  removeSlotPreferenceModal,
  slotPreferenceModal,
  slotPreferenceNoticeModal,
} from '../../../../../blocks/scheduling/slot-preference.js';
import type { ServiceContext } from '../../../../services/context.js';
import { getPreferenceForm } from '../../../../services/scheduling/preferences/get-preference-form.js';
import { ids } from '../../../ids.js';
import { answerButton, openModalWith } from '../../../plumbing/button.js';
import { slotPreferenceValue } from '../../../values/scheduling.js';
import { type KnownIds, onAction } from '../../register.js';

/** Add, Edit and Remove on the Home's slot rules open their modal; anyone else is refused in one. */
function openPreferenceModal(ctx: ServiceContext, kind: 'add' | 'edit' | 'remove') {
  return answerButton(ctx, {
    read: ({ raw }) => {
      const ref = slotPreferenceValue.parse(raw);
      return ref && (kind === 'add' || ref.preferenceId !== undefined) ? ref : undefined;
    },
    staleNote: 'This button is out of date; open the Home tab again.',
    run: async (ref, { userId }) => {
      const form = await getPreferenceForm(ctx, {
        actor: userId,
        teamId: ref.teamId,
        preferenceId: kind === 'add' ? undefined : ref.preferenceId,
      });
      return kind === 'remove' && form.rule
        ? removeSlotPreferenceModal(form.teamId, form.team, form.rule)
        : slotPreferenceModal(form);
    },
    answer: openModalWith(slotPreferenceNoticeModal),
  });
}

export function registerSlotPreferenceActions(app: App, ctx: ServiceContext, known: KnownIds): void {
  onAction(app, known, ids.slotPreferenceAdd, openPreferenceModal(ctx, 'add'));
  onAction(app, known, ids.slotPreferenceEdit, openPreferenceModal(ctx, 'edit'));
  onAction(app, known, ids.slotPreferenceRemove, openPreferenceModal(ctx, 'remove'));
}
