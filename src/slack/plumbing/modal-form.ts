import { z } from 'zod';
import type { SlackValue } from '../ids.js';

/**
 * One input of a modal: where Slack keeps its state (`state.values[block][action]`) and the schema
 * that reads it. The schema gets the element's state, or undefined when the block is not in the
 * view. `action` left out reads whichever element the block holds (e.g. a select that is static
 * or external depending on how many options there are).
 */
export interface FormInput<S extends z.ZodType = z.ZodType> {
  readonly block: string;
  readonly action?: string | undefined;
  readonly schema: S;
}

export const input = <S extends z.ZodType>(block: string, action: string | undefined, schema: S) => ({
  block,
  action,
  schema,
});

export type FormInputs = Record<string, FormInput>;
export type FormValues<F extends FormInputs> = { [K in keyof F]: z.output<F[K]['schema']> };

/** A form read: its values, or the errors to show beside the inputs (block_id → sentence). */
export type FormRead<T> =
  | { readonly ok: true; readonly values: T }
  | { readonly ok: false; readonly errors: Record<string, string> };

/**
 * Reads a modal's state through each input's schema. A rule's own message (a `custom` issue, as
 * `required` makes) goes beside its input; any other problem means the state is not what Otto's
 * form sends, and `unreadable` is said beside that input instead.
 */
export function readForm<F extends FormInputs>(
  inputs: F,
  state: unknown,
  unreadable: string,
): FormRead<FormValues<F>> {
  const blocks = (typeof state === 'object' && state !== null ? state : {}) as Record<string, unknown>;
  const values: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const [key, { block, action, schema }] of Object.entries(inputs)) {
    const elements = blocks[block] as Record<string, unknown> | undefined;
    const element =
      typeof elements !== 'object' || elements === null
        ? undefined
        : action === undefined
          ? Object.values(elements)[0]
          : elements[action];
    const parsed = schema.safeParse(element);
    if (parsed.success) {
      values[key] = parsed.data;
    } else {
      const issue = parsed.error.issues[0];
      errors[block] ??= issue?.code === 'custom' ? issue.message : unreadable;
    }
  }
  return Object.keys(errors).length > 0
    ? { ok: false, errors }
    : { ok: true, values: values as FormValues<F> };
}

/** Makes an input that may be left empty a required one, with what to tell the person. */
export function required<T>(schema: z.ZodType<T | undefined>, message: string) {
  return schema.transform((value, ctx): T => {
    if (value === undefined) {
      ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    }
    return value;
  });
}

const option = z.object({ value: z.string() });

/** What the elements of Otto's modals hold, read as plain values; an empty element reads as empty. */
export const element = {
  /** A text input: what was typed, '' when nothing was. */
  text: z
    .object({ value: z.string().nullish() })
    .optional()
    .transform((s) => s?.value ?? ''),
  /** A text input: what was typed, undefined when nothing was (or the view does not show it). */
  textOrNone: z
    .object({ value: z.string().nullish() })
    .optional()
    .transform((s) => s?.value ?? undefined),
  /** A select or radio buttons: the chosen option's value. */
  choice: z
    .object({ selected_option: option.nullish() })
    .optional()
    .transform((s) => s?.selected_option?.value ?? undefined),
  /** A select whose options are ids: the chosen id (a value that is not one reads as none). */
  choiceId: z
    .object({ selected_option: option.nullish() })
    .optional()
    .transform((s) => {
      const value = s?.selected_option?.value;
      return value !== undefined && /^\d{1,12}$/.test(value) && Number(value) > 0 ? Number(value) : undefined;
    }),
  /** Checkboxes or a multi-select: the chosen options' values. */
  choices: z
    .object({ selected_options: z.array(option).nullish() })
    .optional()
    .transform((s) => (s?.selected_options ?? []).map((o) => o.value)),
  /** A date picker: YYYY-MM-DD. */
  date: z
    .object({ selected_date: z.string().nullish() })
    .optional()
    .transform((s) => s?.selected_date ?? undefined),
  /** A time picker: HH:mm. */
  time: z
    .object({ selected_time: z.string().nullish() })
    .optional()
    .transform((s) => s?.selected_time ?? undefined),
  /** A user select: the person's Slack id. */
  user: z
    .object({ selected_user: z.string().nullish() })
    .optional()
    .transform((s) => s?.selected_user ?? undefined),
  /** A multi-user select: the people's Slack ids. */
  users: z
    .object({ selected_users: z.array(z.string()).nullish() })
    .optional()
    .transform((s) => s?.selected_users ?? []),
};

/** The blocks of a view that are inputs: a form whose inputs vary reads only those it shows. */
export function inputBlocksOf(view: {
  blocks: ReadonlyArray<{ type: string; block_id?: string }>;
}): Set<string> {
  return new Set(view.blocks.flatMap((b) => (b.type === 'input' && b.block_id ? [b.block_id] : [])));
}

/**
 * A modal's private_metadata and inputs, each read through its schema. Not ok when either is not
 * what Otto sent (a forged or out-of-date form: `errors` is then empty for the metadata), or when
 * an input breaks a rule of its own (`errors` beside the inputs).
 */
export function readModal<M, F extends FormInputs>(
  view: { private_metadata: string; state: { values: unknown } },
  metadata: SlackValue<M>,
  inputs: F,
  unreadable: string,
):
  | { readonly ok: true; readonly metadata: M; readonly values: FormValues<F> }
  | { readonly ok: false; readonly errors: Record<string, string> } {
  const meta = metadata.parse(view.private_metadata);
  if (meta === undefined) return { ok: false, errors: {} };
  const form = readForm(inputs, view.state.values, unreadable);
  return form.ok ? { ok: true, metadata: meta, values: form.values } : form;
}
