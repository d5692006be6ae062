import { html, SafeHtml } from './html.js';

// Form parts for Otto's pages: every input has a label, hints and errors are tied to it
// (aria-describedby), and an error is shown beside its field and in a summary at the top.

/** A field's error, keyed by the field's name, as the services answer them. */
export type FieldErrors = Readonly<Record<string, string>>;

const idOf = (name: string) => `field-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;

function describedBy(name: string, hint: string | undefined, error: string | undefined): string | undefined {
  const ids = [hint && `${idOf(name)}-hint`, error && `${idOf(name)}-error`].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

function notes(name: string, hint: string | undefined, error: string | undefined): SafeHtml {
  return html`${hint ? html`<p class="hint" id="${idOf(name)}-hint">${hint}</p>` : ''}${
    error ? html`<p class="error-message" id="${idOf(name)}-error">Error: ${error}</p>` : ''
  }`;
}

function attrs(values: Record<string, string | number | boolean | undefined>): SafeHtml {
  return html`${Object.entries(values).map(([key, value]) =>
    value === undefined || value === false ? '' : value === true ? html` ${key}` : html` ${key}="${value}"`,
  )}`;
}

/** The form: posted to the page's own address, with the form token the POST must carry. */
export function form(formToken: string, body: SafeHtml): SafeHtml {
  return html`<form method="post" novalidate><input type="hidden" name="_form" value="${formToken}">${body}</form>`;
}

/** The errors of a refused submission, first on the page, each linked to its field. */
export function errorSummary(errors: FieldErrors): SafeHtml {
  const entries = Object.entries(errors);
  if (entries.length === 0) return html``;
  return html`<div class="error-summary" role="alert" aria-labelledby="error-summary-title">
<h2 id="error-summary-title">Please check ${entries.length === 1 ? 'this answer' : 'these answers'}</h2>
<ul>${entries.map(([name, message]) => html`<li><a href="#${idOf(name)}">${message}</a></li>`)}</ul>
</div>`;
}

interface FieldBase {
  name: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  required?: boolean | undefined;
}

export function textField(
  field: FieldBase & {
    value?: string | undefined;
    type?: 'text' | 'email' | 'date' | 'number';
    maxLength?: number;
  },
): SafeHtml {
  const id = idOf(field.name);
  return html`<div class="field"><label for="${id}">${field.label}${field.required ? '' : ' (optional)'}</label>${notes(
    field.name,
    field.hint,
    field.error,
  )}<input${attrs({
    type: field.type ?? 'text',
    id,
    name: field.name,
    value: field.value ?? '',
    maxlength: field.maxLength,
    required: field.required,
    'aria-invalid': field.error ? 'true' : undefined,
    'aria-describedby': describedBy(field.name, field.hint, field.error),
  })}></div>`;
}

export function textArea(field: FieldBase & { value?: string | undefined; maxLength?: number }): SafeHtml {
  const id = idOf(field.name);
  return html`<div class="field"><label for="${id}">${field.label}${field.required ? '' : ' (optional)'}</label>${notes(
    field.name,
    field.hint,
    field.error,
  )}<textarea${attrs({
    id,
    name: field.name,
    maxlength: field.maxLength,
    required: field.required,
    'aria-invalid': field.error ? 'true' : undefined,
    'aria-describedby': describedBy(field.name, field.hint, field.error),
  })}>${field.value ?? ''}</textarea></div>`;
}

export interface Choice {
  value: string;
  label: string;
  hint?: string | undefined;
}

/** One choice of several (radio buttons) or any number of them (check boxes), in a fieldset. */
export function choiceGroup(
  field: FieldBase & { choices: readonly Choice[]; selected?: readonly string[]; multiple?: boolean },
): SafeHtml {
  const id = idOf(field.name);
  const type = field.multiple ? 'checkbox' : 'radio';
  return html`<fieldset class="field" id="${id}"${attrs({
    'aria-describedby': describedBy(field.name, field.hint, field.error),
  })}><legend>${field.label}${field.required ? '' : ' (optional)'}</legend>${notes(
    field.name,
    field.hint,
    field.error,
  )}${field.choices.map((choice, i) => {
    const choiceId = `${id}-${i}`;
    return html`<div class="choice"><input${attrs({
      type,
      id: choiceId,
      name: field.name,
      value: choice.value,
      checked: field.selected?.includes(choice.value) ?? false,
      'aria-invalid': field.error ? 'true' : undefined,
    })}><label for="${choiceId}">${choice.label}${
      choice.hint ? html`<br><span class="hint">${choice.hint}</span>` : ''
    }</label></div>`;
  })}</fieldset>`;
}

export function selectField(
  field: FieldBase & { choices: readonly Choice[]; value?: string | undefined },
): SafeHtml {
  const id = idOf(field.name);
  return html`<div class="field"><label for="${id}">${field.label}${field.required ? '' : ' (optional)'}</label>${notes(
    field.name,
    field.hint,
    field.error,
  )}<select${attrs({
    id,
    name: field.name,
    required: field.required,
    'aria-invalid': field.error ? 'true' : undefined,
    'aria-describedby': describedBy(field.name, field.hint, field.error),
  })}>${field.required ? '' : html`<option value="">None</option>`}${field.choices.map(
    (choice) =>
      html`<option${attrs({ value: choice.value, selected: choice.value === field.value })}>${choice.label}</option>`,
  )}</select></div>`;
}

/** A submit button; `name`/`value` say which of several was pressed (e.g. Back, Next). */
export function button(
  label: string,
  options: { name?: string; value?: string; kind?: 'primary' | 'secondary' | 'danger' } = {},
): SafeHtml {
  return html`<button type="submit"${attrs({
    class: options.kind ?? 'primary',
    name: options.name,
    value: options.value,
  })}>${label}</button>`;
}

export function buttons(...parts: SafeHtml[]): SafeHtml {
  return html`<div class="buttons">${parts}</div>`;
}

/** Label/value facts, as the notices list them. */
export function facts(lines: readonly { label: string; value: string }[]): SafeHtml {
  return html`<dl class="facts">${lines.map((line) => html`<dt>${line.label}</dt><dd>${line.value}</dd>`)}</dl>`;
}

/** A highlighted message at the top of a page: what just happened, or why the page cannot act. */
export function notice(text: string | SafeHtml): SafeHtml {
  return html`<div class="notice" role="status">${text instanceof SafeHtml ? text : html`<p>${text}</p>`}</div>`;
}
