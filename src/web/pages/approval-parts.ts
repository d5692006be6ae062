import { z } from 'zod';
import { denialReasonLimit } from '../../domain/refresh/forms.js';
import type { ApprovalSummary } from '../../domain/refresh/notices.js';
import { ServiceError } from '../../services/errors.js';
import type { ShownDecision } from '../../services/web/approvals.js';
import { button, buttons, errorSummary, type FieldErrors, facts, form, notice, textArea } from '../forms.js';
import { html, type SafeHtml } from '../html.js';
import type { WebAnswer, WebForm, WebPage, WebRequest } from '../page.js';

// What the approval pages share: the summary as the approver's Slack DM shows it, the Approve and
// Deny forms, the decision once made, and how a refusal of a service verb reads on a page.

/** Who answered the wizard, as the DM says it: the delegate of a VIP answers for them. */
export function walkedBy(summary: ApprovalSummary): string {
  return summary.delegate
    ? `${summary.delegate} finished the wizard for ${summary.customer}’s computer ${summary.computer}, as their delegate`
    : `${summary.customer} finished the wizard for ${summary.computer}`;
}

/** The facts an approver decides on, and why the ticket needs them. */
export function summaryFacts(summary: ApprovalSummary): SafeHtml {
  return html`${facts([{ label: 'Config', value: summary.config }, ...summary.lines])}${
    summary.reasons.length > 0 ? html`<p>Needs approval because ${summary.reasons.join('; ')}.</p>` : ''
  }`;
}

/** "Approved by Pat Approver on Mon 16 Nov, 15:00", and the reason of a denial. */
export function decisionNotice(decision: ShownDecision, what: string): SafeHtml {
  const when = decision.at ? ` on ${decision.at}` : '';
  return notice(
    html`<p><strong>${what} was ${decision.approved ? 'approved' : 'denied'} by ${decision.by}${when}.</strong></p>${
      decision.reason ? html`<blockquote>${decision.reason}</blockquote>` : ''
    }`,
  );
}

export interface DecisionForms {
  formToken: string;
  /** The status the page shows, posted back so a stale page changes nothing. */
  status: string;
  /** Hidden fields naming what is decided (the list page's ticket). */
  hidden?: Record<string, string>;
  /** The reason field's name: unique on a page listing several. */
  reasonName: string;
  reasonLabel: string;
  reasonHint: string;
  reasonValue?: string | undefined;
  reasonError?: string | undefined;
  /** Words for the buttons, e.g. "Approve refresh #12" on a list. */
  approveLabel: string;
  denyLabel: string;
}

/** Approve (one press) and Deny with its reason, each its own form posted to the page itself. */
export function decisionForms(options: DecisionForms): SafeHtml {
  const hidden = html`<input type="hidden" name="status" value="${options.status}">${Object.entries(
    options.hidden ?? {},
  ).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}`;
  return html`<div class="decision">${form(
    options.formToken,
    html`${hidden}${buttons(button(options.approveLabel, { name: 'decision', value: 'approve' }))}`,
  )}${form(
    options.formToken,
    html`${hidden}${textArea({
      name: options.reasonName,
      label: options.reasonLabel,
      hint: options.reasonHint,
      value: options.reasonValue,
      error: options.reasonError,
      required: true,
      maxLength: denialReasonLimit,
    })}${buttons(button(options.denyLabel, { name: 'decision', value: 'deny', kind: 'danger' }))}`,
  )}</div>`;
}

/** What a decision form posts; anything else is not Otto's form. */
export const DecisionPost = z.object({
  decision: z.enum(['approve', 'deny']),
  status: z.string().min(1).max(60).optional(),
});

export function readDecision(posted: WebForm): z.infer<typeof DecisionPost> | undefined {
  const parsed = DecisionPost.safeParse({ decision: posted.get('decision'), status: posted.get('status') });
  return parsed.success ? parsed.data : undefined;
}

/** A post that is not one of the page's forms: nothing is changed. */
export function unreadableForm(): WebAnswer {
  return {
    kind: 'page',
    status: 400,
    title: 'This form could not be read',
    body: html`<p>Nothing was changed. Please go back, reload the page and answer there.</p>`,
  };
}

/** How a refused verb is shown: on its field (and in the summary), or as the page's notice. */
export interface Refusal {
  status: number;
  fieldErrors: FieldErrors;
  message: string | undefined;
}

export function refusalOf(error: unknown, fieldName: string): Refusal {
  if (!(error instanceof ServiceError)) throw error;
  if (error.field === 'reason')
    return { status: 400, fieldErrors: { [fieldName]: error.message }, message: undefined };
  const status = { not_allowed: 403, not_found: 404, conflict: 409, invalid: 400 }[error.kind];
  return { status, fieldErrors: {}, message: error.message };
}

/** The top of a page answering a post: the refusal, or the errors linked to their fields. */
export function refusalTop(refusal: Refusal | undefined): SafeHtml {
  if (!refusal) return html``;
  return html`${errorSummary(refusal.fieldErrors)}${refusal.message ? notice(refusal.message) : ''}`;
}

/** A page saying who may act here, when the reader may not. */
export function notYours(error: unknown, title: string): WebAnswer {
  if (!(error instanceof ServiceError)) throw error;
  if (error.kind === 'not_found') {
    return {
      kind: 'page',
      status: 404,
      title: 'There is nothing to decide here',
      body: html`<p>${error.message}</p>`,
    };
  }
  return {
    kind: 'page',
    status: 403,
    title,
    body: html`<p>${error.message}</p><p>Nothing was changed. If you think you should decide this, please ask your IT support team.</p>`,
  };
}

/** What a decision page shows besides its subject: the reader's own decision, or a refused post. */
export interface DecisionExtra {
  done?: string | undefined;
  refusal?: Refusal;
  reason?: string;
}

/** One subject's decision page (a ticket's, an order group's): how it loads, decides and reads. */
export interface DecisionPageSpec<P> {
  /** The title of the page that refuses a reader who may not decide. */
  cannot: string;
  load(request: WebRequest): Promise<P>;
  decide(
    request: WebRequest,
    decision: { seenStatus: string | undefined; decision: 'approve' | 'deny'; reason: string },
  ): Promise<unknown>;
  /** What the page says after the reader's own decision (`?done`). */
  done(request: WebRequest, page: P): Promise<string | undefined>;
  render(request: WebRequest, page: P, extra: DecisionExtra): WebAnswer;
}

/**
 * GET shows the subject (or who may decide it); POST decides and redirects to `?done`, or shows
 * the page again, as it is now, with the refusal on its field or as its notice.
 */
export function decisionPage<P>(spec: DecisionPageSpec<P>): WebPage {
  return {
    async show(request) {
      let page: P;
      try {
        page = await spec.load(request);
      } catch (error) {
        return notYours(error, spec.cannot);
      }
      const done = request.query.has('done') ? await spec.done(request, page) : undefined;
      return spec.render(request, page, { done });
    },

    async act(request, posted) {
      const decision = readDecision(posted);
      if (!decision) return unreadableForm();
      const reason = posted.get('reason') ?? '';
      try {
        await spec.decide(request, { seenStatus: decision.status, decision: decision.decision, reason });
        return { kind: 'redirect', to: '?done' };
      } catch (error) {
        if (error instanceof ServiceError && error.kind === 'not_allowed')
          return notYours(error, spec.cannot);
        const refusal = refusalOf(error, 'reason');
        let page: P;
        try {
          page = await spec.load(request);
        } catch (shown) {
          return notYours(shown, spec.cannot);
        }
        return spec.render(request, page, { refusal, reason });
      }
    },
  };
}
