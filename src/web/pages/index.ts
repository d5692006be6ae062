import type { WebPages } from '../page.js';
import { approvalPage } from './approval.js';
import { approvalsPage } from './approvals.js';
import { bookingPage } from './booking.js';
import { orderGroupApprovalPage } from './order-group-approval.js';
import { wizardPage } from './wizard.js';

/** Each link action's page. */
export const webPages: WebPages = {
  approval: approvalPage,
  approvals: approvalsPage,
  booking: bookingPage,
  order_group_approval: orderGroupApprovalPage,
  wizard: wizardPage,
};
