import { z } from 'zod';
import { zoneFormat } from '../../domain/calendar/format-date-time.js';
import type { RefreshStatus } from '../../domain/refresh/enums.js';
import { statusPhrase } from '../../domain/refresh/status-wording.js';
import { ServiceError } from '../../services/errors.js';
import { type BookSlotModalView, bookSlot } from '../../services/refresh/booking/book-slot.js';
import {
  type BookingPageView,
  getAppointmentFile,
  getBookingPage,
} from '../../services/refresh/booking/booking-page.js';
import { button, buttons, errorSummary, type FieldErrors, facts, form, notice } from '../forms.js';
import { html, type SafeHtml } from '../html.js';
import type { WebAnswer, WebForm, WebPage, WebRequest } from '../page.js';

// The booking page (SPEC §2.3) an invitation, a confirmation or a reminder links to: the
// ticket's free times grouped by day, the booked appointment with "Change the time" and its
// calendar file, or where the ticket stands when it takes no booking. The same verbs as the
// Slack booking modal, with the same answers.

/** The form's one field, as the modal's select is its one input. */
const slotField = 'slot';
const pickOneError = 'Pick one of the times.';

type Done = 'booked' | 'moved';

/** "Eastern Time" for America/Detroit: how a reader outside Slack knows the zone of the times. */
function zoneLabel(timeZone: string, at: Date): string {
  const name = zoneFormat('en-US', { timeZoneName: 'longGeneric' }, timeZone)
    .formatToParts(at)
    .find((part) => part.type === 'timeZoneName')?.value;
  return name && !/^GMT|^UTC/.test(name) ? name : timeZone.replace(/^.*\//, '').replace(/_/g, ' ');
}

/** "your new computer", or the customer's when their delegate books. */
const whose = (view: { onBehalfOf?: string | undefined }) =>
  view.onBehalfOf ? `${view.onBehalfOf}’s` : 'your';

/** A unit-specified location is stressed wherever the appointment is named (seed 000). */
function placeLine(view: BookingPageView, when?: string): SafeHtml {
  if (view.unitLocation) {
    return html`<p class="place"><strong>This refresh takes place at ${view.unitLocation}. Please be there ${
      when ? `at ${when}` : 'at the time you pick'
    }, with your current computer.</strong></p>`;
  }
  return view.location ? html`<p>Where: ${view.location}</p>` : html``;
}

/** The time of an option, its day being the group's legend: "09:00 – 10:00". */
const timeOf = (label: string) => label.split(' · ')[1] ?? label;

interface PickState {
  gone?: string | undefined;
  tooSoon?: string | undefined;
  errors?: FieldErrors;
  picked?: string | undefined;
}

/** The free times, grouped by day, as one group of choices (one fieldset per day inside it). */
function pickForm(
  request: WebRequest,
  view: BookingPageView,
  choices: BookSlotModalView,
  state: PickState,
): SafeHtml {
  const offered = choices.days.reduce((sum, day) => sum + day.slots.length, 0);
  const warnings = [
    state.gone && `Sorry, ${state.gone} was just taken by someone else. Please pick another time below.`,
    state.tooSoon &&
      `${state.tooSoon} is too soon now: times are offered from ${choices.firstDay} on. Please pick another time below.`,
  ].filter((line): line is string => Boolean(line));
  const intro = html`${warnings.map((line) => notice(line))}<p>${
    choices.current
      ? html`You are booked for <strong>${choices.current}</strong>. Pick another time for the delivery of ${whose(choices)} new computer; your current time is given up only once the new one is booked.`
      : html`Pick a time for the delivery of ${whose(choices)} new computer.`
  }</p><p>${
    choices.onBehalfOf
      ? `It replaces ${choices.onBehalfOf}’s computer ${choices.computer}.`
      : `It replaces your computer ${choices.computer}.`
  }</p>${placeLine(view)}`;
  if (offered === 0) {
    return html`${intro}<p>${
      choices.current
        ? 'There are no other free times right now; your booking stands.'
        : 'There are no free times right now. Otto e-mails you as soon as new times open up.'
    }</p>${choices.current ? html`<p><a href="?">Back to your appointment</a></p>` : ''}`;
  }
  if (!request.mayAct) return html`${intro}<p>The first free times start ${choices.firstDay}.</p>`;
  const error = state.errors?.[slotField];
  const hint = `Times are ${zoneLabel(choices.timeZone, request.ctx.clock.now())}, from ${choices.firstDay} on.${
    choices.more ? ` These are the next ${offered} free times; later ones open as these fill.` : ''
  }`;
  let n = 0;
  const days = choices.days.map(
    (day) =>
      html`<fieldset class="day"><legend>${day.label}</legend>${day.slots.map((slot) => {
        const id = `field-slot-${n++}`;
        return html`<div class="choice"><input type="radio" id="${id}" name="${slotField}" value="${String(
          slot.id,
        )}"${state.picked === String(slot.id) ? html` checked` : ''}${
          error ? html` aria-invalid="true"` : ''
        }><label for="${id}">${timeOf(slot.label)}</label></div>`;
      })}</fieldset>`,
  );
  const described = ['field-slot-hint', error && 'field-slot-error'].filter(Boolean).join(' ');
  return html`${state.errors ? errorSummary(state.errors) : ''}${intro}${form(
    request.formToken,
    html`<input type="hidden" name="seen_status" value="${view.seen.status}"><input type="hidden" name="seen_slot" value="${
      view.seen.slotId === null ? '' : String(view.seen.slotId)
    }"><fieldset class="field slots" id="field-slot" aria-describedby="${described}"><legend>Delivery time</legend><p class="hint" id="field-slot-hint">${hint}</p>${
      error ? html`<p class="error-message" id="field-slot-error">Error: ${error}</p>` : ''
    }<div class="days">${days}</div></fieldset>${buttons(
      button(choices.current ? 'Move my appointment to this time' : 'Book this time'),
    )}`,
  )}${choices.current ? html`<p><a href="?">Keep my current time</a></p>` : ''}`;
}

/** The booked appointment: when and where, its calendar file, and "Change the time". */
function bookedBody(request: WebRequest, view: BookingPageView, booked: { when: string }, done?: Done) {
  const where = view.unitLocation ? ` at ${view.unitLocation}` : '';
  const by = request.reader.slackUserId ? 'by Slack message and e-mail' : 'by e-mail';
  return html`${
    done
      ? notice(
          `${done === 'moved' ? 'Moved to' : 'Booked'}: ${booked.when}${where}. Otto sent you a confirmation ${by}, with a calendar invitation.`,
        )
      : ''
  }<p>${
    view.onBehalfOf
      ? `The new computer for ${view.onBehalfOf}, ${view.computer}, will be delivered and set up at the time below.`
      : `Your new computer, ${view.computer}, will be delivered and set up at the time below.`
  }</p>${placeLine(view, booked.when)}${facts([
    { label: 'Refresh', value: `#${view.ticketId}` },
    { label: 'Computer', value: view.computer },
    { label: 'When', value: booked.when },
    ...(view.unitLocation || view.location
      ? [{ label: 'Where', value: view.unitLocation ?? view.location ?? '' }]
      : []),
  ])}<p><a href="${request.path}/appointment.ics" download>Add it to your calendar (.ics file)</a></p>${
    view.choices && request.mayAct
      ? html`<p class="actions"><a class="button" href="?page=change">Change the time</a></p>`
      : ''
  }`;
}

/** Where a ticket stands when there is nothing to book on this page. */
function stateOf(view: BookingPageView): { title: string; text: string } {
  const ref = `Refresh #${view.ticketId}`;
  const status: RefreshStatus = view.status;
  switch (status) {
    case 'canceled':
      return {
        title: `${ref} was canceled`,
        text: 'Nothing will be delivered, and there is nothing you need to do.',
      };
    case 'on_hold':
      return {
        title: `${ref} is on hold`,
        text: 'Nothing will be delivered while it is. Otto e-mails you to pick a new time when it resumes.',
      };
    case 'complete':
      return {
        title: `${ref} is complete`,
        text: `${view.onBehalfOf ? `The new computer for ${view.onBehalfOf}` : 'Your new computer'}, ${view.computer}, was delivered. There is nothing to book.`,
      };
    case 'pending_delivery':
      return {
        title: `${ref} is on its way`,
        text: `${view.onBehalfOf ? `The new computer for ${view.onBehalfOf}` : 'Your new computer'} is shipped to the address given; there is no time to book.`,
      };
    case 'delivery_scheduled':
      return {
        title: `${ref} is scheduled for delivery`,
        text: 'Its delivery time has passed or is being set by the support team; Otto e-mails you the time once it is set.',
      };
    default:
      return {
        title: 'There is no time to pick yet',
        text: `${ref} is ${statusPhrase(status)}. Otto e-mails you as soon as you can pick a delivery time.`,
      };
  }
}

function page(title: string, view: BookingPageView, body: SafeHtml, status?: number): WebAnswer {
  return {
    kind: 'page',
    ...(status ? { status } : {}),
    title,
    lead: `Refresh #${view.ticketId}`,
    body,
  };
}

/** The page as the ticket stands, with a note on top (the outcome of a post that changed nothing). */
function render(
  request: WebRequest,
  view: BookingPageView,
  options: { change?: boolean; done?: Done; note?: string; status?: number } & PickState = {},
): WebAnswer {
  const note = options.note ? notice(options.note) : html``;
  const { booked, choices } = view;
  if (choices && (!booked || options.change || options.errors || options.gone || options.tooSoon)) {
    const title =
      booked || choices.current ? 'Change the time' : `Pick a time for ${whose(view)} new computer`;
    return page(title, view, html`${note}${pickForm(request, view, choices, options)}`, options.status);
  }
  if (booked) {
    return page(
      'Your delivery time',
      view,
      html`${note}${bookedBody(request, view, booked, options.done)}`,
      options.status,
    );
  }
  const state = stateOf(view);
  return page(state.title, view, html`${note}<p>${state.text}</p>`, options.status);
}

/** A refusal as a page: the link's reader is not the ticket's booker, or the ticket is gone. */
function refusal(error: unknown): WebAnswer {
  if (error instanceof ServiceError && (error.kind === 'not_allowed' || error.kind === 'not_found')) {
    return {
      kind: 'page',
      status: error.kind === 'not_allowed' ? 403 : 404,
      title: error.kind === 'not_allowed' ? 'This page is not yours' : 'There is no such refresh',
      body: html`<p>${error.message}</p>`,
    };
  }
  throw error;
}

/** Who acts: the person the link was sent to, as Otto knows them. */
function actorOf(request: WebRequest): { personId: number } | undefined {
  return request.reader.personId === null ? undefined : { personId: request.reader.personId };
}

const notYours = (): WebAnswer =>
  refusal(
    new ServiceError(
      'not_allowed',
      'This page is for the customer of a refresh (or their delegate), and Otto does not know you as one. Nothing was changed.',
    ),
  );

async function load(request: WebRequest): Promise<BookingPageView | WebAnswer> {
  const actor = actorOf(request);
  if (!actor || request.claims.subject.kind !== 'ticket') return notYours();
  try {
    return await getBookingPage(request.ctx, { actor, ticketId: request.claims.subject.id });
  } catch (error) {
    return refusal(error);
  }
}

const isView = (value: BookingPageView | WebAnswer): value is BookingPageView => !('kind' in value);

/** What the form posts back, read as the modal's submission is: one time, and the state it was shown in. */
const BookingForm = z.object({
  slot: z.coerce
    .number({ error: pickOneError })
    .int({ error: pickOneError })
    .positive({ error: pickOneError }),
  seenStatus: z.string().min(1).max(64),
  seenSlot: z.union([z.literal('').transform(() => null), z.coerce.number().int().positive()]),
});

export const bookingPage: WebPage = {
  async show(request) {
    const view = await load(request);
    if (!isView(view)) return view;
    const done = request.query.get('done');
    return render(request, view, {
      change: request.query.get('page') === 'change',
      ...(done === 'booked' || done === 'moved' ? { done } : {}),
    });
  },

  async act(request, posted: WebForm) {
    // The verb first, as the modal's submission: the page is read again only to answer a refusal.
    const actor = actorOf(request);
    if (!actor || request.claims.subject.kind !== 'ticket') return notYours();
    const ticketId = request.claims.subject.id;
    const slot = posted.get(slotField);
    const parsed = BookingForm.safeParse({
      slot: slot === undefined || slot === '' ? undefined : slot,
      seenStatus: posted.get('seen_status'),
      seenSlot: posted.get('seen_slot'),
    });
    if (!parsed.success) {
      const view = await load(request);
      if (!isView(view)) return view;
      const slotIssue = parsed.error.issues.some((issue) => issue.path[0] === 'slot');
      if (slotIssue && view.choices) {
        return render(request, view, { change: true, errors: { [slotField]: pickOneError }, status: 422 });
      }
      return render(request, view, {
        note: 'This form could not be read, so nothing was changed. Here is where things stand.',
        status: 400,
      });
    }
    const { slot: slotId, seenStatus, seenSlot } = parsed.data;
    try {
      const result = await bookSlot(request.ctx, {
        actor,
        ticketId,
        slotId,
        seen: { status: seenStatus, slotId: seenSlot },
      });
      if (result.booked) return { kind: 'redirect', to: `?done=${result.moved ? 'moved' : 'booked'}` };
      // Taken meanwhile, or now too soon: the next free times, as the modal answers. The ticket
      // is as the form saw it (the verb checked), so the page is made from the verb's answer.
      const { choices } = result;
      const view: BookingPageView = {
        ticketId,
        computer: choices.computer,
        onBehalfOf: choices.onBehalfOf,
        unitLocation: choices.unitLocation,
        location: choices.location,
        timeZone: choices.timeZone,
        status: seenStatus as RefreshStatus,
        statusBeforeHold: null,
        choices,
        seen: { status: seenStatus as RefreshStatus, slotId: seenSlot },
      };
      return render(request, view, { change: true, gone: result.gone, tooSoon: result.tooSoon, status: 409 });
    } catch (error) {
      if (!(error instanceof ServiceError)) throw error;
      if (error.kind === 'not_allowed' || error.kind === 'not_found') return refusal(error);
      const view = await load(request);
      if (!isView(view)) return view;
      if (error.kind === 'invalid' && view.choices) {
        return render(request, view, {
          change: true,
          errors: { [slotField]: error.message },
          picked: String(slotId),
          status: 422,
        });
      }
      return render(request, view, { note: error.message, status: 409 });
    }
  },

  async file(request, name) {
    if (name !== 'appointment.ics') return undefined;
    const actor = actorOf(request);
    if (!actor || request.claims.subject.kind !== 'ticket') return notYours();
    try {
      const file = await getAppointmentFile(request.ctx, { actor, ticketId: request.claims.subject.id });
      return file && { kind: 'file', contentType: 'text/calendar; charset=utf-8', ...file };
    } catch (error) {
      return refusal(error);
    }
  },
};
