import { z } from 'zod';
import { type PageValues, wizardPageIds } from '../../domain/refresh/wizard/index.js';
import { ServiceError } from '../../services/errors.js';
import { openWizard } from '../../services/refresh/wizard/open-wizard.js';
import { saveWizardPage } from '../../services/refresh/wizard/save-wizard-page.js';
import { submitWizard } from '../../services/refresh/wizard/submit-wizard.js';
import { wizardStanding } from '../../services/refresh/wizard/wizard-standing.js';
import type { WebAnswer, WebForm, WebPage, WebRequest } from '../page.js';
import {
  wizardMoves,
  wizardOverviewAnswer,
  wizardPageAnswer,
  wizardRefusalAnswer,
  wizardStandingAnswer,
} from './wizard/render.js';

// The `wizard` link's page: the refresh wizard for a customer (or their delegate) who answers
// from Otto's e-mail instead of Slack. The same verbs as the Slack modal: openWizard shows a page,
// saveWizardPage keeps it and moves (Next checked, Back as typed), submitWizard submits.

const Step = z.enum(wizardPageIds);

/** The fields each page's form holds; anything else posted is not read. */
const pageFields: Record<z.infer<typeof Step>, { texts: readonly string[]; lists: readonly string[] }> = {
  location: {
    texts: ['recipient', 'line1', 'line2', 'city', 'region', 'postalCode', 'country', 'building', 'room'],
    lists: [],
  },
  device: { texts: ['model', 'fits', 'reason'], lists: [] },
  peripherals: { texts: [], lists: ['items'] },
  software: { texts: [], lists: ['items'] },
  review: { texts: [], lists: [] },
};

function valuesOf(step: z.infer<typeof Step>, form: WebForm): PageValues {
  const values: PageValues = {};
  for (const name of pageFields[step].texts) {
    const value = form.get(name);
    if (value !== undefined) values[name] = value;
  }
  for (const name of pageFields[step].lists) values[name] = form.getAll(name);
  return values;
}

/** Who reads the page, as the wizard's verbs take them; an address Otto has no person for walks nothing. */
function walkerOf(request: WebRequest): { personId: number } | undefined {
  return request.reader.personId === null ? undefined : { personId: request.reader.personId };
}

function ticketIdOf(request: WebRequest): number | undefined {
  return request.claims.subject.kind === 'ticket' ? request.claims.subject.id : undefined;
}

const notYours = wizardRefusalAnswer(
  403,
  'This refresh is not yours to answer',
  'Only the customer of a refresh (or their delegate) can answer its questions. Nothing was changed.',
);

/** A refusal from the wizard's verbs as a page: not yours, gone, or closed (with where it stands). */
async function refusal(request: WebRequest, error: unknown, ticketId: number, walker: { personId: number }) {
  if (!(error instanceof ServiceError)) throw error;
  if (error.kind === 'not_allowed')
    return wizardRefusalAnswer(403, 'This refresh is not yours to answer', error.message);
  if (error.kind === 'not_found') return wizardRefusalAnswer(404, 'This refresh is not there', error.message);
  if (error.kind === 'invalid') return wizardRefusalAnswer(400, 'Otto could not read that', error.message);
  // The ticket moved on: where it stands now, with what happened to the page if it was posted.
  const standing = await wizardStanding(request.ctx, { personId: walker.personId, ticketId });
  return standing.status === 'pending_customer' ? undefined : standing;
}

async function show(request: WebRequest, note?: string): Promise<WebAnswer> {
  const ticketId = ticketIdOf(request);
  if (ticketId === undefined) {
    return wizardRefusalAnswer(404, 'This link does not work', 'This page is not available.');
  }
  const walker = walkerOf(request);
  if (!walker) return notYours;
  const step = Step.safeParse(request.query.get('step'));
  try {
    const view = await openWizard(request.ctx, {
      ...walker,
      ticketId,
      ...(step.success ? { page: step.data } : {}),
    });
    if (!request.mayAct) return wizardOverviewAnswer(view);
    return wizardPageAnswer(view, { formToken: request.formToken, note, ...(note ? { status: 409 } : {}) });
  } catch (error) {
    const answer = await refusal(request, error, ticketId, walker);
    if (answer === undefined) throw error;
    return 'kind' in answer ? answer : wizardStandingAnswer(answer, note);
  }
}

async function act(request: WebRequest, form: WebForm): Promise<WebAnswer> {
  const ticketId = ticketIdOf(request);
  const walker = walkerOf(request);
  if (ticketId === undefined || !walker) return show(request);
  const step = Step.safeParse(form.get('step'));
  const move = z.enum(wizardMoves).safeParse(form.get('move'));
  const seenStatus = form.get('status') ?? '';
  // Only the review page submits, as in Slack.
  if (!step.success || !move.success || (move.data === 'submit' && step.data !== 'review')) {
    return show(
      request,
      'Otto could not read that form, so nothing was saved. Here is the page as it is now.',
    );
  }
  const { ctx } = request;
  try {
    if (move.data === 'submit') {
      const result = await submitWizard(ctx, { ...walker, ticketId, seenStatus });
      if (result.kind === 'page') return wizardPageAnswer(result.view, { formToken: request.formToken });
      // The Home in Slack shows the new state, as after a submission in Slack.
      if (request.reader.slackUserId) ctx.surfaces?.homeChanged(request.reader.slackUserId);
      return { kind: 'redirect', to: '' };
    }
    const result = await saveWizardPage(ctx, {
      ...walker,
      ticketId,
      page: step.data,
      seenStatus,
      values: valuesOf(step.data, form),
      move: move.data === 'back' ? 'back' : 'next',
    });
    if (result.kind === 'page') return { kind: 'redirect', to: `?step=${result.view.page}` };
    // What was typed is kept (saveWizardPage saved it): the page again, each error by its field.
    const view = await openWizard(ctx, { ...walker, ticketId, page: step.data });
    return wizardPageAnswer(view, { formToken: request.formToken, errors: result.errors, status: 422 });
  } catch (error) {
    if (error instanceof ServiceError && error.kind === 'conflict') return show(request, error.message);
    const answer = await refusal(request, error, ticketId, walker);
    if (answer === undefined) throw error;
    return 'kind' in answer ? answer : wizardStandingAnswer(answer);
  }
}

export const wizardPage: WebPage = { show: (request) => show(request), act };
