import { manifestTicketsShown } from '../../domain/refresh/manifest.js';
import type { ManifestLine } from '../../domain/refresh/notices.js';
import {
  decideOrderGroupOnWeb,
  getOrderGroupApprovalForReader,
  type OrderGroupApprovalPage,
} from '../../services/web/approvals.js';
import { facts, notice } from '../forms.js';
import { html, type SafeHtml } from '../html.js';
import type { WebAnswer, WebRequest } from '../page.js';
import {
  type DecisionExtra,
  decisionForms,
  decisionNotice,
  decisionPage,
  refusalTop,
} from './approval-parts.js';

// An order group's final approval, from the `order_group_approval_requested` e-mail: the manifest
// as the approvers' Slack DM shows it, Approve, and Deny with a reason for the admins.

const cannot = 'You cannot decide on this order group';

const counted = (items: readonly ManifestLine[]) =>
  items.length === 0
    ? 'none'
    : items.map((item) => `${item.count.toLocaleString('en-US')} × ${item.name}`).join(', ');

const plural = (count: number, word: string) =>
  `${count.toLocaleString('en-US')} ${word}${count === 1 ? '' : 's'}`;

function manifestPart(page: OrderGroupApprovalPage): SafeHtml {
  const { manifest, differences } = page;
  const shown = differences.slice(0, manifestTicketsShown);
  return html`${facts([
    { label: 'Tickets', value: plural(manifest.ticketCount, 'refresh ticket') },
    ...(manifest.unitName ? [{ label: 'Unit', value: manifest.unitName }] : []),
    { label: 'Models', value: counted(manifest.models) },
    { label: 'Peripherals', value: counted(manifest.peripherals) },
    { label: 'Software', value: counted(manifest.software) },
  ])}${
    shown.length > 0
      ? html`<h2>What differs from the config</h2><ul>${shown.map(
          (t) => html`<li>#${t.ticketId} ${t.label}: ${t.what.join('; ')}</li>`,
        )}${
          differences.length > shown.length
            ? html`<li>…and ${plural(differences.length - shown.length, 'more ticket')} (the admins’ CSV file lists them all)</li>`
            : ''
        }</ul>`
      : ''
  }`;
}

/** What the page says after the reader's own decision. */
function doneText(page: OrderGroupApprovalPage): string | undefined {
  const { group } = page.manifest;
  if (!page.decision) return undefined;
  return page.decision.approved
    ? `You approved order group ${group.name}. The admins have been told and can order it.`
    : `You denied order group ${group.name}. It is back with the admins, who have been told why.`;
}

function render(request: WebRequest, page: OrderGroupApprovalPage, extra: DecisionExtra = {}): WebAnswer {
  const { group } = page.manifest;
  const title = page.awaiting
    ? `Order group ${group.name} needs your final approval`
    : page.decision
      ? `Order group ${group.name} was ${page.decision.approved ? 'approved' : 'denied'}`
      : `Order group ${group.name}`;
  let state: SafeHtml | string = '';
  if (page.decision) state = decisionNotice(page.decision, `Order group ${group.name}`);
  else if (!page.awaiting)
    state = notice(`Order group ${group.name} is ${page.state}; it awaits no decision.`);
  const done = extra.done ? notice(extra.done) : '';
  return {
    kind: 'page',
    status: extra.refusal?.status ?? 200,
    title,
    lead: `${page.requestedBy} asks you to approve the order for ${group.name}: ${plural(page.manifest.ticketCount, 'refresh ticket')}.`,
    body: html`${done}${refusalTop(extra.refusal)}${state}${manifestPart(page)}${
      page.awaiting && request.mayAct
        ? decisionForms({
            formToken: request.formToken,
            status: group.status,
            reasonName: 'reason',
            reasonLabel: 'Why do you deny it?',
            reasonHint: 'Needed to deny. The admins see it, change the group and send it again.',
            reasonValue: extra.reason,
            reasonError: extra.refusal?.fieldErrors.reason,
            approveLabel: 'Approve',
            denyLabel: 'Deny',
          })
        : ''
    }`,
  };
}

const groupOf = (request: WebRequest) => request.claims.subject.id;

export const orderGroupApprovalPage = decisionPage<OrderGroupApprovalPage>({
  cannot,
  load: (request) => getOrderGroupApprovalForReader(request.ctx, request.reader, groupOf(request)),
  decide: (request, decision) =>
    decideOrderGroupOnWeb(request.ctx, request.reader, { orderGroupId: groupOf(request), ...decision }),
  done: async (_request, page) => doneText(page),
  render,
});
