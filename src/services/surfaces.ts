import type { DecisionResult } from './refresh/approvals/approve.js';
import type { OrderGroupManifest } from './refresh/ordering/order-group-store.js';

/**
 * What Slack shows of a change made outside Slack (on Otto's web pages): the messages that offer
 * buttons for it and the person's Home follow, as after a click in Slack. The Slack layer provides
 * it (src/slack/surfaces.ts); where Slack is not running (service tests, the CLI) it is left out.
 * Best effort: a message that cannot be updated is logged, and the change stands.
 */
export interface SlackSurfaces {
  /** A ticket's approval was decided: every approver's request DM and digest row shows the outcome. */
  approvalDecided(decided: DecisionResult): Promise<void>;
  /** An order group was decided: its manifests and its approvers' DMs show the outcome. */
  orderGroupDecided(manifest: OrderGroupManifest): Promise<void>;
  /** The person's Home tab is published again soon, as it is then (the caller does not wait for Slack). */
  homeChanged(slackUserId: string): void;
}
