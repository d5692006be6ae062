import type { App } from '@slack/bolt';
import { z } from 'zod';
import {
  preferenceInputs,
  slotPreferenceNoticeModal,
  slotPreferenceSavedModal,
} from '../../../../../blocks/scheduling/slot-preference.js';
import type { PreferenceInput } from '../../../../domain/scheduling/index.js';
import type { ServiceContext } from '../../../../services/context.js';
import { removePreference } from '../../../../services/scheduling/preferences/remove-preference.js';
import { savePreference } from '../../../../services/scheduling/preferences/save-preference.js';
import { ids } from '../../../ids.js';
import { explainError } from '../../../plumbing/answers.js';
import { publishHome } from '../../../plumbing/publish-home.js';
import { slotPreferenceMetadata } from '../../../values/scheduling.js';
import { type KnownIds, onView, type ViewArgs } from '../../register.js';

const field = <T extends z.ZodType>(key: string, schema: T) =>
  z.object({ [key]: z.object({ [key]: schema }) });
const value = z.object({ value: z.string().nullish() });

const PreferenceForm = field(
  preferenceInputs.weekdays,
  z.object({ selected_options: z.array(z.object({ value: z.string() })).nullish() }),
)
  .and(field(preferenceInputs.startTime, z.object({ selected_time: z.string().nullish() })))
  .and(field(preferenceInputs.endTime, z.object({ selected_time: z.string().nullish() })))
  .and(field(preferenceInputs.slotMinutes, value))
  .and(field(preferenceInputs.capacity, value))
  .and(field(preferenceInputs.effectiveFrom, z.object({ selected_date: z.string().nullish() })))
  .and(field(preferenceInputs.effectiveTo, z.object({ selected_date: z.string().nullish() })));

/** The form's state as a rule; unreadable numbers become NaN, which validation names. */
function ruleOf(values: unknown): PreferenceInput | undefined {
  const parsed = PreferenceForm.safeParse(values);
  if (!parsed.success) return undefined;
  const state = parsed.data as Record<string, Record<string, Record<string, unknown>>>;
  const of = (key: string) => state[key]?.[key] ?? {};
  const number = (key: string) => {
    const raw = of(key).value;
    return typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : Number.NaN;
  };
  const options = (of(preferenceInputs.weekdays).selected_options ?? []) as Array<{ value: string }>;
  return {
    weekdays: options.map((o) => Number(o.value)),
    startTime: String(of(preferenceInputs.startTime).selected_time ?? ''),
    endTime: String(of(preferenceInputs.endTime).selected_time ?? ''),
    slotMinutes: number(preferenceInputs.slotMinutes),
    capacity: number(preferenceInputs.capacity),
    effectiveFrom: String(of(preferenceInputs.effectiveFrom).selected_date ?? ''),
    effectiveTo: (of(preferenceInputs.effectiveTo).selected_date as string | null | undefined) ?? null,
  };
}

const republishHome = (ctx: ServiceContext, { client, body, logger }: ViewArgs) =>
  publishHome(ctx, client, body.user.id, logger.error.bind(logger));

/** Saving a rule: field problems stay on the form; a refusal replaces it; nothing is saved in either. */
async function onPreferenceForm(ctx: ServiceContext, args: ViewArgs): Promise<void> {
  const { ack, body, view, logger } = args;
  const ref = slotPreferenceMetadata.parse(view.private_metadata);
  const rule = ruleOf(view.state.values);
  if (!ref || !rule) {
    await ack({
      response_action: 'update',
      view: slotPreferenceNoticeModal('Otto could not read this form; open it again from the Home tab.'),
    });
    return;
  }
  let saved: ReturnType<typeof savePreference>;
  try {
    saved = savePreference(ctx, {
      actor: body.user.id,
      teamId: ref.teamId,
      preferenceId: ref.preferenceId,
      rule,
    });
  } catch (error) {
    await ack({
      response_action: 'update',
      view: slotPreferenceNoticeModal(explainError(error, logger.error.bind(logger))),
    });
    return;
  }
  if (!saved.ok) {
    const errors = Object.fromEntries(
      Object.entries(saved.errors).map(([key, text]) => [
        preferenceInputs[key as keyof typeof preferenceInputs],
        text,
      ]),
    );
    await ack({ response_action: 'errors', errors });
    return;
  }
  await ack({ response_action: 'update', view: slotPreferenceSavedModal(saved.team, rule, saved.layout) });
  await republishHome(ctx, args);
}

/** Confirmed removal of a rule. */
async function onRemoveForm(ctx: ServiceContext, args: ViewArgs): Promise<void> {
  const { ack, body, view, logger } = args;
  const ref = slotPreferenceMetadata.parse(view.private_metadata);
  let note: string;
  if (!ref || ref.preferenceId === undefined) {
    note = 'Otto could not read this form; open it again from the Home tab.';
  } else {
    try {
      const removed = removePreference(ctx, {
        actor: body.user.id,
        teamId: ref.teamId,
        preferenceId: ref.preferenceId,
      });
      note = `Removed from ${removed.team}: ${removed.rule}. Slots already made stay.`;
    } catch (error) {
      note = explainError(error, logger.error.bind(logger));
    }
  }
  await ack({ response_action: 'update', view: slotPreferenceNoticeModal(note) });
  await republishHome(ctx, args);
}

export function registerSlotPreferenceViews(app: App, ctx: ServiceContext, known: KnownIds): void {
  onView(app, known, ids.slotPreferenceForm, (args) => onPreferenceForm(ctx, args));
  onView(app, known, ids.slotPreferenceRemoveForm, (args) => onRemoveForm(ctx, args));
}
