export {
  type ApproverDigest,
  buildApproverDigests,
  type DigestGroup,
  type DigestTicket,
  digestStatusOrder,
  digestTicketsPerStatus,
} from './build-approver-digests.js';
export { type DigestRun, isoWeekOf, sendFridayDigest } from './send-friday-digest.js';
