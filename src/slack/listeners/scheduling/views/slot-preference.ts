import type { App } from '@slack/bolt';
import {
  preferenceInputs,
  slotPreferenceNoticeModal,
  slotPreferenceSavedModal,
} from '../../../../../blocks/scheduling/slot-preference.js';
import { forActor, type Mrkdwn, md } from '../../../../../blocks/shared/text.js';
import type { PreferenceInput } from '../../../../domain/scheduling/index.js';
import type { ServiceContext } from '../../../../services/context.js';
import { removePreference } from '../../../../services/scheduling/preferences/remove-preference.js';
import { savePreference } from '../../../../services/scheduling/preferences/save-preference.js';
import { ids } from '../../../ids.js';
import { explainError } from '../../../plumbing/answers.js';
import { element, type FormInput, input, readForm } from '../../../plumbing/modal-form.js';
import { republishHomeSoon } from '../../../plumbing/publish-home.js';
import { fieldErrors, handleSubmission, replaceModal } from '../../../plumbing/submission.js';
import { slotPreferenceMetadata } from '../../../values/scheduling.js';
import { type KnownIds, onView } from '../../register.js';

const P = preferenceInputs;
/** A number typed in; unreadable is NaN, which validation names. */
const count = element.text.transform((raw) => (raw.trim() !== '' ? Number(raw) : Number.NaN));

/** The rule's inputs, read as a rule; what is wrong with it is for validation to say, by field. */
const PreferenceForm = {
  weekdays: input(
    P.weekdays,
    P.weekdays,
    element.choices.transform((days) => days.map(Number)),
  ),
  startTime: input(
    P.startTime,
    P.startTime,
    element.time.transform((time) => time ?? ''),
  ),
  endTime: input(
    P.endTime,
    P.endTime,
    element.time.transform((time) => time ?? ''),
  ),
  slotMinutes: input(P.slotMinutes, P.slotMinutes, count),
  capacity: input(P.capacity, P.capacity, count),
  effectiveFrom: input(
    P.effectiveFrom,
    P.effectiveFrom,
    element.date.transform((day) => day ?? ''),
  ),
  effectiveTo: input(
    P.effectiveTo,
    P.effectiveTo,
    element.date.transform((day) => day ?? null),
  ),
} satisfies Record<keyof PreferenceInput, FormInput>;

const unreadable = 'Otto could not read this form; open it again from the Home tab.';

/** Saving a rule: field problems stay on the form; a refusal replaces it; nothing is saved in either. */
function onPreferenceForm(ctx: ServiceContext) {
  return handleSubmission(ctx, {
    ack: async ({ view, userId, log }) => {
      const ref = slotPreferenceMetadata.parse(view.private_metadata);
      const form = readForm(PreferenceForm, view.state.values, unreadable);
      if (!ref || !form.ok) return { answer: replaceModal(slotPreferenceNoticeModal(md`${unreadable}`)) };
      const rule: PreferenceInput = form.values;
      let saved: Awaited<ReturnType<typeof savePreference>>;
      try {
        saved = await savePreference(ctx, {
          actor: userId,
          teamId: ref.teamId,
          preferenceId: ref.preferenceId,
          rule,
        });
      } catch (error) {
        return { answer: replaceModal(slotPreferenceNoticeModal(forActor(explainError(error, log)))) };
      }
      if (!saved.ok) {
        const errors = Object.fromEntries(
          Object.entries(saved.errors).map(([key, text]) => [P[key as keyof typeof P], text]),
        );
        return { answer: fieldErrors(errors) };
      }
      return {
        answer: replaceModal(slotPreferenceSavedModal(saved.team, rule, saved.layout, saved.laidOut)),
        later: true,
      };
    },
    lazy: async (_saved, { userId, client, log }) => republishHomeSoon(ctx, client, userId, log),
  });
}

/** Confirmed removal of a rule. */
function onRemoveForm(ctx: ServiceContext) {
  return handleSubmission(ctx, {
    ack: async ({ view, userId, log }) => {
      const ref = slotPreferenceMetadata.parse(view.private_metadata);
      let note: Mrkdwn;
      if (!ref || ref.preferenceId === undefined) {
        note = md`${unreadable}`;
      } else {
        try {
          const removed = await removePreference(ctx, {
            actor: userId,
            teamId: ref.teamId,
            preferenceId: ref.preferenceId,
          });
          note = md`Removed from ${removed.team}: ${removed.rule}. Slots already made stay.`;
        } catch (error) {
          note = forActor(explainError(error, log));
        }
      }
      return { answer: replaceModal(slotPreferenceNoticeModal(note)), later: true };
    },
    lazy: async (_done, { userId, client, log }) => republishHomeSoon(ctx, client, userId, log),
  });
}

export function registerSlotPreferenceViews(app: App, ctx: ServiceContext, known: KnownIds): void {
  onView(app, known, ids.slotPreferenceForm, onPreferenceForm(ctx));
  onView(app, known, ids.slotPreferenceRemoveForm, onRemoveForm(ctx));
}
