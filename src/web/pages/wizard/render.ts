import { computerLabel } from '../../../domain/naming.js';
import type { Platform } from '../../../domain/refresh/enums.js';
import { statusPhrase } from '../../../domain/refresh/status-wording.js';
import {
  addressLines,
  type CatalogItem,
  type CatalogModel,
  deviceMode,
  locationMode,
  modelById,
  noModelAdequate,
  type PageValues,
  selectableModels,
  type WizardAnswers,
  type WizardPageId,
  wizardPageTitles,
} from '../../../domain/refresh/wizard/index.js';
import type { WizardView } from '../../../services/refresh/wizard/load-wizard.js';
import type { WizardStanding } from '../../../services/refresh/wizard/wizard-standing.js';
import {
  button,
  buttons,
  type Choice,
  choiceGroup,
  errorSummary,
  type FieldErrors,
  facts,
  form,
  notice,
  textArea,
  textField,
} from '../../forms.js';
import { html, type SafeHtml } from '../../html.js';
import type { WebAnswer } from '../../page.js';

// The refresh wizard as Otto's web page (SPEC §2.1): the same pages, questions and wording as the
// Slack modal (blocks/refresh/modals/wizard.ts), as plain HTML forms that need no script. A choice
// that makes the modal ask more (a different device, none adequate) shows its question at once here.

const platformLabels: Record<Platform, string> = { windows: 'Windows', mac: 'Mac' };

/** The buttons' values: which way a page's form moves. */
export const wizardMoves = ['next', 'back', 'submit'] as const;
export type WizardMove = (typeof wizardMoves)[number];

/**
 * How the pages name the customer to their reader: "your" to the customer, "Casey Customer’s" to
 * the delegate who walks the wizard for them (SPEC §3).
 */
function reader(onBehalfOf: string | null) {
  return {
    whose: onBehalfOf ? `${onBehalfOf}’s` : 'your',
    Whose: onBehalfOf ? `${onBehalfOf}’s` : 'Your',
    them: onBehalfOf ?? 'you',
    approver: onBehalfOf ? 'the approver' : 'your approver',
  };
}

const text = (values: PageValues, field: string): string => {
  const value = values[field];
  return typeof value === 'string' ? value : '';
};

const list = (values: PageValues, field: string): string[] => {
  const value = values[field];
  return Array.isArray(value) ? value : typeof value === 'string' && value ? [value] : [];
};

function modelText(model: CatalogModel, mixedPlatforms: boolean): string {
  return mixedPlatforms ? `${model.label} · ${platformLabels[model.platform]}` : model.label;
}

const catalogChoice = (item: CatalogItem): Choice => ({
  value: String(item.id),
  label: item.name,
  hint: item.requiresApproval ? 'Needs approval' : undefined,
});

const paragraph = (body: string | SafeHtml) => html`<p>${body}</p>`;

function locationPage(view: WizardView, errors: FieldErrors): SafeHtml {
  const { setup, values, onBehalfOf } = view;
  const { whose, Whose, them } = reader(onBehalfOf);
  const field = (name: string, label: string, extra: { hint?: string; optional?: boolean } = {}) =>
    textField({
      name,
      label,
      value: text(values, name),
      error: errors[name],
      hint: extra.hint,
      required: !extra.optional,
    });
  switch (locationMode(setup.style)) {
    case 'unit':
      return paragraph(
        setup.unitSpecifiedLocation
          ? onBehalfOf
            ? html`${Whose} refresh takes place at <strong>${setup.unitSpecifiedLocation}</strong>. There is nothing to fill in here: once a time is picked, ${them} comes there with their computer.`
            : html`Your refresh takes place at <strong>${setup.unitSpecifiedLocation}</strong>. There is nothing to fill in here: once you pick a time, come there with your computer.`
          : `${Whose} unit will tell ${them} where the refresh takes place. There is nothing to fill in here.`,
      );
    case 'shipping':
      return html`${paragraph(
        `${Whose} new computer will be shipped to ${onBehalfOf ? 'them' : 'you'}. Where should it go? Use an address where someone can receive the package.`,
      )}${field('recipient', 'Recipient')}${field('line1', 'Street address')}${field('line2', 'Apartment, suite, unit', { optional: true })}${field('city', 'City')}${field(
        'region',
        'State or region',
        { hint: 'For the US, the two-letter state code, e.g. MI.' },
      )}${field('postalCode', 'ZIP or postal code')}${field('country', 'Country', { hint: 'US for the United States.' })}`;
    case 'on_prem': {
      const { building, room } = setup.systemLocation;
      const serial = view.ticket.serial;
      const known =
        building || room
          ? html`Otto’s records put ${whose} computer ${serial} in <strong>${building ?? 'an unknown building'}</strong>, room <strong>${room ?? 'unknown'}</strong>.`
          : html`Otto does not know where ${whose} computer ${serial} is.`;
      return html`${paragraph(
        html`${known} Is that where it is, and where ${whose} new computer should go? Correct it below if not; NIT will be asked to confirm a change.`,
      )}${field('building', 'Building')}${field('room', 'Room')}`;
    }
  }
}

function replacementText(view: WizardView): SafeHtml | undefined {
  const replacement = view.setup.replacement;
  if (!replacement) return undefined;
  const model = replacement.model
    ? html`<strong>${replacement.model.label}</strong> (${platformLabels[replacement.model.platform]}), `
    : '';
  return html`${model}serial <strong>${replacement.serial}</strong>`;
}

function devicePage(view: WizardView, errors: FieldErrors): SafeHtml {
  const { setup, values, onBehalfOf } = view;
  const { whose, Whose, them, approver } = reader(onBehalfOf);
  const proposed = setup.proposedModel;
  const proposedText = proposed
    ? html`<strong>${proposed.label}</strong> (${platformLabels[proposed.platform]})`
    : html`a computer your support team will choose`;
  const reason = (label: string, hint: string) =>
    textArea({
      name: 'reason',
      label,
      hint,
      value: text(values, 'reason'),
      error: errors.reason,
      maxLength: 1000,
    });
  switch (deviceMode(setup)) {
    case 'fixed':
      return paragraph(
        setup.style === 'bump_down'
          ? html`${Whose} replacement computer has already been chosen for ${onBehalfOf ? 'them' : 'you'}: ${replacementText(view) ?? proposedText}. There is nothing to choose here.`
          : html`${Whose} new computer will be ${proposedText}. There is nothing to choose here.`,
      );
    case 'confirm':
      return html`${paragraph(html`${Whose} new computer will be ${proposedText}.`)}${choiceGroup({
        name: 'fits',
        label: onBehalfOf ? `Does this computer work for ${onBehalfOf}?` : 'Does this computer work for you?',
        required: true,
        error: errors.fits,
        selected: list(values, 'fits'),
        choices: [
          { value: 'yes', label: onBehalfOf ? `Yes, it works for ${onBehalfOf}` : 'Yes, it works for me' },
          {
            value: 'no',
            label: onBehalfOf
              ? `No, ${onBehalfOf} needs a different device`
              : 'No, I need a different device',
          },
        ],
      })}${reason('If not: why, and what is needed instead', 'Only needed when the answer is No.')}`;
    case 'choose': {
      const models = selectableModels(setup);
      const mixed = new Set(models.map((m) => m.platform)).size > 1;
      return html`${paragraph(
        html`Otto proposes ${proposedText}. You may choose another of ${whose} unit’s approved computers${setup.options.canCustomizePlatform ? ', on either platform,' : ''} or say none of them is adequate for ${them}. A different choice goes to ${approver}.`,
      )}${choiceGroup({
        name: 'model',
        label: 'Computer',
        required: true,
        error: errors.model,
        selected: list(values, 'model'),
        choices: [
          ...models.map((m) => ({ value: String(m.id), label: modelText(m, mixed) })),
          { value: noModelAdequate, label: 'None of these is adequate' },
        ],
      })}${reason('If none is adequate: why, and what is needed', 'Only needed when none of these is adequate.')}`;
    }
  }
}

function peripheralsPage(view: WizardView, errors: FieldErrors): SafeHtml {
  const { setup, onBehalfOf } = view;
  const { whose, approver } = reader(onBehalfOf);
  const bundle = setup.bundle.map((item) => `${item.name}${item.quantity > 1 ? ` ×${item.quantity}` : ''}`);
  if (!setup.options.canCustomizePeripherals) {
    return html`${paragraph(`These come with ${whose} new computer:`)}<ul>${bundle.map((line) => html`<li>${line}</li>`)}</ul>`;
  }
  return html`${paragraph(
    `${bundle.length > 0 ? `The bundle: ${bundle.join(', ')}. Keep it, remove items, or add` : 'Add'} any of ${whose} unit’s approved peripherals. Items that need approval go to ${approver}.`,
  )}${choiceGroup({
    name: 'items',
    label: 'Peripherals',
    multiple: true,
    error: errors.items,
    selected: list(view.values, 'items'),
    choices: setup.peripherals.map(catalogChoice),
  })}`;
}

function softwarePage(view: WizardView, errors: FieldErrors): SafeHtml {
  const { whose, approver } = reader(view.onBehalfOf);
  if (view.setup.software.length === 0) {
    return paragraph('The software catalog is empty at the moment, so there is nothing to request here.');
  }
  return html`${paragraph(
    `Request software from the catalog to be installed on ${whose} new computer. Items that need approval go to ${approver}. Leave them all unticked if nothing extra is needed.`,
  )}${choiceGroup({
    name: 'items',
    label: 'Software requests',
    multiple: true,
    error: errors.items,
    selected: list(view.values, 'items'),
    choices: view.setup.software.map(catalogChoice),
  })}`;
}

function describeLocation(view: WizardView, answers: WizardAnswers): string {
  const location = answers.location;
  switch (location.kind) {
    case 'shipping':
      return `Ship to: ${addressLines(location.address).join(', ')}`;
    case 'on_prem':
      return `${location.building}, room ${location.room}`;
    case 'unit':
      return view.setup.unitSpecifiedLocation
        ? `At ${view.setup.unitSpecifiedLocation}`
        : `Where ${reader(view.onBehalfOf).whose} unit says`;
  }
}

function describeDevice(view: WizardView, answers: WizardAnswers): string {
  const { device } = answers;
  if (device.differentDeviceRequested) return `A different device, because: “${device.reason ?? ''}”`;
  const model = modelById(view.setup, device.chosenModelId);
  return model ? `${model.label} (${platformLabels[model.platform]})` : 'Chosen by your support team';
}

function reviewPage(view: WizardView): SafeHtml {
  const review = view.review;
  if (!review) return html``;
  const { answers } = review;
  const { setup } = view;
  const nameOf = (items: readonly CatalogItem[], id: number) =>
    items.find((item) => item.id === id)?.name ?? 'An item no longer in the catalog';
  const peripherals = answers.peripherals.items.map(
    (item) => `${nameOf(setup.peripherals, item.id)}${item.quantity > 1 ? ` ×${item.quantity}` : ''}`,
  );
  const software = answers.software.ids.map((id) => nameOf(setup.software, id));
  return html`${paragraph('Please check the answers. Use Back to change anything, then Submit.')}${facts([
    { label: 'Location', value: describeLocation(view, answers) },
    { label: 'Computer', value: describeDevice(view, answers) },
    { label: 'Peripherals', value: peripherals.length > 0 ? peripherals.join(', ') : 'None' },
    { label: 'Software', value: software.length > 0 ? software.join(', ') : 'None' },
  ])}${
    review.locationChange
      ? paragraph('This location differs from Otto’s records, so NIT will be asked to confirm it.')
      : ''
  }${paragraph(
    review.approvalReasons.length > 0
      ? `When you submit, the choices go to ${reader(view.onBehalfOf).approver}, because ${review.approvalReasons.join('; ')}.`
      : 'When you submit, the refresh goes straight to ordering.',
  )}`;
}

const pageBodies: Record<WizardPageId, (view: WizardView, errors: FieldErrors) => SafeHtml> = {
  location: locationPage,
  device: devicePage,
  peripherals: peripheralsPage,
  software: softwarePage,
  review: reviewPage,
};

/** "Refresh #12 · LSA-PC-3 (SN00003), for Casey Customer as their delegate": what the page is about. */
function about(ticket: { id: number; computer: string }, onBehalfOf: string | null): string {
  return `Refresh #${ticket.id} · ${ticket.computer}${onBehalfOf ? ` · for ${onBehalfOf}, as their delegate` : ''}`;
}

const computerOf = (view: WizardView) =>
  computerLabel({ serial: view.ticket.serial, name: view.ticket.systemName });

/** One page of the wizard with its form; `errors` are a refused Next's, beside their fields. */
export function wizardPageAnswer(
  view: WizardView,
  options: { formToken: string; errors?: FieldErrors; note?: string | undefined; status?: number },
): WebAnswer {
  const errors = options.errors ?? {};
  const index = Math.max(view.pages.indexOf(view.page), 0);
  const last = view.page === 'review';
  const sentBack = view.ticket.denialReason
    ? notice(
        html`<p><strong>${view.onBehalfOf ? 'The approver' : 'Your approver'} sent this back:</strong></p><blockquote>${view.ticket.denialReason}</blockquote><p>Please change what they ask for and submit again.</p>`,
      )
    : '';
  const problems =
    view.problems.length > 0
      ? notice(
          html`<p><strong>Please check this page:</strong></p><ul>${view.problems.map((p) => html`<li>${p}</li>`)}</ul>`,
        )
      : '';
  const body = html`${options.note ? notice(options.note) : ''}${errorSummary(errors)}${sentBack}${problems}${form(
    options.formToken,
    html`<input type="hidden" name="step" value="${view.page}"><input type="hidden" name="status" value="${view.ticket.status}">${pageBodies[
      view.page
    ](view, errors)}${buttons(
      button(last ? 'Submit' : 'Next', { name: 'move', value: last ? 'submit' : 'next' }),
      ...(index > 0 ? [button('Back', { name: 'move', value: 'back', kind: 'secondary' })] : []),
    )}`,
  )}<p class="hint">You can stop at any time: Otto keeps each page you leave with Next or Back, and the link in Otto’s e-mail brings you back to it.</p>`;
  return {
    kind: 'page',
    ...(options.status !== undefined ? { status: options.status } : {}),
    title: `${wizardPageTitles[view.page]} · step ${index + 1} of ${view.pages.length}`,
    lead: about({ id: view.ticket.id, computer: computerOf(view) }, view.onBehalfOf),
    body,
  };
}

/** The wizard as a link that may no longer act shows it: where it stands, and no form. */
export function wizardOverviewAnswer(view: WizardView): WebAnswer {
  const index = Math.max(view.pages.indexOf(view.page), 0);
  return {
    kind: 'page',
    title: `Refresh #${view.ticket.id} waits for answers`,
    lead: about({ id: view.ticket.id, computer: computerOf(view) }, view.onBehalfOf),
    body: paragraph(
      `Otto keeps the answers given so far; the wizard is at “${wizardPageTitles[view.page]}”, step ${index + 1} of ${view.pages.length}.`,
    ),
  };
}

/** What happens after ordering, by style: shipping for remote customers, else picking a time. */
function afterOrdering(standing: WizardStanding): string {
  return standing.style === 'remote_customer'
    ? 'When the new computer ships, Otto e-mails its tracking number.'
    : 'When it is ready, Otto e-mails to ask for a delivery time.';
}

/** Where a ticket stands once its wizard is no longer open: submitted, held, canceled and so on. */
export function wizardStandingAnswer(standing: WizardStanding, note?: string): WebAnswer {
  const { ticketId, status, onBehalfOf } = standing;
  const { whose, approver } = reader(onBehalfOf);
  const [title, lines]: [string, string[]] = (() => {
    switch (status) {
      case 'requires_approval':
        return [
          'The answers are with the approver',
          [
            `Thanks! The choices for refresh #${ticketId} went to ${approver}.`,
            `Next: ${approver} approves them or sends them back. Otto tells you as soon as they decide.`,
          ],
        ];
      case 'pending_ordering':
        return [
          'The answers are in',
          [
            `Thanks! Refresh #${ticketId} goes to ordering now.`,
            `Next: the new computer is ordered. ${afterOrdering(standing)}`,
          ],
        ];
      case 'pending_location_info':
        return [
          'The time to answer has passed',
          [
            `Refresh #${ticketId} waited for answers for 14 business days, so the refresh team will contact you to collect them by hand.`,
          ],
        ];
      case 'on_hold':
        return [
          'This refresh is on hold',
          [
            `Refresh #${ticketId} is on hold, so there is nothing to answer now. Otto tells you when it resumes.`,
          ],
        ];
      case 'canceled':
        return [
          'This refresh was canceled',
          [
            `Refresh #${ticketId} was canceled, so there is nothing to answer. If that is a surprise, please contact your IT support team.`,
          ],
        ];
      case 'complete':
        return [
          'This refresh is complete',
          [`Refresh #${ticketId} is complete: ${whose} new computer is in place.`],
        ];
      default:
        return [
          'The answers are in',
          [`Refresh #${ticketId} is now ${statusPhrase(status)}.`, 'Otto tells you about the next step.'],
        ];
    }
  })();
  return {
    kind: 'page',
    ...(note ? { status: 409 } : {}),
    title,
    lead: about({ id: ticketId, computer: standing.computer }, onBehalfOf),
    body: html`${note ? notice(note) : ''}${lines.map(paragraph)}`,
  };
}

/** A page that cannot be shown to this reader, or for this link. */
export function wizardRefusalAnswer(status: number, title: string, message: string): WebAnswer {
  return { kind: 'page', status, title, body: paragraph(message) };
}
