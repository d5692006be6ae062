import {
  type ApprovalPage,
  decideOnWeb,
  decisionDone,
  getApprovalForReader,
} from '../../services/web/approvals.js';
import { notice } from '../forms.js';
import { html } from '../html.js';
import type { WebAnswer, WebRequest } from '../page.js';
import {
  type DecisionExtra,
  decisionForms,
  decisionNotice,
  decisionPage,
  refusalTop,
  summaryFacts,
  walkedBy,
} from './approval-parts.js';

// One ticket's approval, from the `approval_requested` e-mail: the summary as the approver's Slack
// DM shows it, Approve, and Deny with a reason; once decided (here or in Slack), who decided what
// and when.

const cannot = 'You cannot decide on this refresh';

function titleOf(page: ApprovalPage): string {
  const id = page.summary.ticketId;
  if (page.awaiting) return `Refresh #${id} needs your approval`;
  if (page.decision) return `Refresh #${id} was ${page.decision.approved ? 'approved' : 'denied'}`;
  return `Refresh #${id}`;
}

function render(request: WebRequest, page: ApprovalPage, extra: DecisionExtra = {}): WebAnswer {
  const { summary } = page;
  const reasonError = extra.refusal?.fieldErrors.reason;
  const state = page.decision
    ? decisionNotice(page.decision, `Refresh #${summary.ticketId}`)
    : page.awaiting
      ? ''
      : notice(`Refresh #${summary.ticketId} is now ${page.state}; it awaits no decision.`);
  return {
    kind: 'page',
    status: extra.refusal?.status ?? 200,
    title: titleOf(page),
    lead: `${walkedBy(summary)}.`,
    body: html`${extra.done ? notice(extra.done) : ''}${refusalTop(extra.refusal)}${state}${summaryFacts(summary)}${
      page.awaiting && request.mayAct
        ? decisionForms({
            formToken: request.formToken,
            status: summary.status,
            reasonName: 'reason',
            reasonLabel: 'Why do you deny it?',
            reasonHint: 'Needed to deny. The customer sees it and can change their choices.',
            reasonValue: extra.reason,
            reasonError,
            approveLabel: 'Approve',
            denyLabel: 'Deny',
          })
        : ''
    }`,
  };
}

const ticketOf = (request: WebRequest) => request.claims.subject.id;

export const approvalPage = decisionPage<ApprovalPage>({
  cannot,
  load: (request) => getApprovalForReader(request.ctx, request.reader, ticketOf(request)),
  decide: (request, decision) =>
    decideOnWeb(request.ctx, request.reader, { ticketId: ticketOf(request), ...decision }),
  done: (request) => decisionDone(request.ctx, request.reader, ticketOf(request)),
  render,
});
