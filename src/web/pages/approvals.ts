import { z } from 'zod';
import { statusLabel } from '../../domain/naming.js';
import type { ApprovalSummary } from '../../domain/refresh/notices.js';
import { ServiceError } from '../../services/errors.js';
import {
  type ApprovalsPage,
  decideOnWeb,
  decisionDone,
  getApprovalsForReader,
} from '../../services/web/approvals.js';
import { notice } from '../forms.js';
import { html, type SafeHtml } from '../html.js';
import type { WebAnswer, WebPage, WebRequest } from '../page.js';
import {
  decisionForms,
  notYours,
  type Refusal,
  readDecision,
  refusalOf,
  refusalTop,
  summaryFacts,
  unreadableForm,
  walkedBy,
} from './approval-parts.js';

// Every ticket awaiting an approver, from the Friday digest e-mail: each with Approve and Deny
// (with a reason); a decision returns to the list with a line saying what was done. Below, where
// the other open tickets of the approver's configs stand, as the digest lists them.

const cannot = 'You approve no refresh tickets';

/** The reason field of one ticket's deny form: several on one page, so each has its own name. */
const reasonOf = (ticketId: number) => `reason-${ticketId}`;

interface Answered {
  ticketId: number;
  refusal: Refusal;
  reason: string;
}

function ticketSection(
  request: WebRequest,
  summary: ApprovalSummary,
  answered: Answered | undefined,
): SafeHtml {
  const mine = answered?.ticketId === summary.ticketId ? answered : undefined;
  return html`<section class="ticket" aria-labelledby="ticket-${summary.ticketId}"><h2 id="ticket-${summary.ticketId}">Refresh #${summary.ticketId}: ${summary.computer}</h2><p>${walkedBy(summary)}.</p>${summaryFacts(summary)}${
    request.mayAct
      ? decisionForms({
          formToken: request.formToken,
          status: summary.status,
          hidden: { ticket: String(summary.ticketId) },
          reasonName: reasonOf(summary.ticketId),
          reasonLabel: `Why do you deny refresh #${summary.ticketId}?`,
          reasonHint: 'Needed to deny. The customer sees it and can change their choices.',
          reasonValue: mine?.reason,
          reasonError: mine?.refusal.fieldErrors[reasonOf(summary.ticketId)],
          approveLabel: `Approve refresh #${summary.ticketId}`,
          denyLabel: `Deny refresh #${summary.ticketId}`,
        })
      : ''
  }</section>`;
}

function othersSection(page: ApprovalsPage): SafeHtml {
  const closed = [
    page.closed.complete > 0 ? `${page.closed.complete} complete` : '',
    page.closed.canceled > 0 ? `${page.closed.canceled} canceled` : '',
  ].filter(Boolean);
  return html`<h2>Where the other tickets stand</h2>${
    page.others.length === 0
      ? html`<p>None of the other tickets of your configs is open.</p>`
      : page.others.map(
          (group) =>
            html`<h3>${statusLabel(group.status).replace(/^./, (c) => c.toUpperCase())} (${group.count})</h3><ul class="tickets">${group.tickets.map(
              (ticket) =>
                html`<li>#${ticket.id} ${ticket.computer} — ${ticket.customer} · ${ticket.config}</li>`,
            )}${group.more > 0 ? html`<li>…and ${group.more} more</li>` : ''}</ul>`,
        )
  }${closed.length > 0 ? html`<p>Closed: ${closed.join(', ')}.</p>` : ''}`;
}

function render(
  request: WebRequest,
  page: ApprovalsPage,
  extra: { done?: string | undefined; answered?: Answered; refusal?: Refusal } = {},
): WebAnswer {
  const refusal = extra.answered?.refusal ?? extra.refusal;
  const count = page.awaiting.length;
  return {
    kind: 'page',
    status: refusal?.status ?? 200,
    title: 'Refresh tickets awaiting your approval',
    lead:
      count > 0
        ? `${count} ${count === 1 ? 'ticket awaits' : 'tickets await'} your decision; ${page.open} open in all.`
        : `Nothing awaits your decision; ${page.open} open in all.`,
    body: html`${extra.done ? notice(extra.done) : ''}${refusalTop(refusal)}${page.awaiting.map((summary) =>
      ticketSection(request, summary, extra.answered),
    )}${othersSection(page)}`,
  };
}

const personOf = (request: WebRequest) => request.claims.subject.id;

const TicketPost = z.coerce.number().int().positive();

export const approvalsPage: WebPage = {
  async show(request) {
    let page: ApprovalsPage;
    try {
      page = await getApprovalsForReader(request.ctx, request.reader, personOf(request));
    } catch (error) {
      return notYours(error, cannot);
    }
    const done = TicketPost.safeParse(request.query.get('done'));
    return render(request, page, {
      done: done.success ? await decisionDone(request.ctx, request.reader, done.data) : undefined,
    });
  },

  async act(request, posted) {
    const decision = readDecision(posted);
    const ticket = TicketPost.safeParse(posted.get('ticket'));
    if (!decision || !ticket.success) return unreadableForm();
    const ticketId = ticket.data;
    const reason = posted.get(reasonOf(ticketId)) ?? '';
    try {
      // Only the approver the digest was sent to decides here.
      await getApprovalsForReader(request.ctx, request.reader, personOf(request));
      await decideOnWeb(request.ctx, request.reader, {
        ticketId,
        seenStatus: decision.status,
        decision: decision.decision,
        reason,
      });
      return { kind: 'redirect', to: `?done=${ticketId}` };
    } catch (error) {
      if (error instanceof ServiceError && error.kind === 'not_allowed') {
        let page: ApprovalsPage;
        try {
          page = await getApprovalsForReader(request.ctx, request.reader, personOf(request));
        } catch (shown) {
          return notYours(shown, cannot);
        }
        return render(request, page, { refusal: refusalOf(error, reasonOf(ticketId)) });
      }
      const refusal = refusalOf(error, reasonOf(ticketId));
      const page = await getApprovalsForReader(request.ctx, request.reader, personOf(request));
      return render(request, page, { answered: { ticketId, refusal, reason } });
    }
  },
};
