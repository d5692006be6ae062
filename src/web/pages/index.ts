import type { WebPages } from '../page.js';
import { approvalPage } from './approval.js';
import { approvalsPage } from './approvals.js';
import { orderGroupApprovalPage } from './order-group-approval.js';

/** Each link action's page. */
export const webPages: WebPages = {
  approval: approvalPage,
  approvals: approvalsPage,
  order_group_approval: orderGroupApprovalPage,
};
