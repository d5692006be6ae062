import type { WebClient } from '@slack/web-api';
import { renderApprovalDecided } from '../../blocks/refresh/messages/approval-request.js';
import type { Logger } from '../logger.js';
import type { ServiceContext } from '../services/context.js';
import type { SlackSurfaces } from '../services/surfaces.js';
import { showOrderGroupEverywhere } from './listeners/refresh/actions/order-group.js';
import { settleApprovalRequests } from './listeners/refresh/actions/ticket-surface.js';
import { republishHomeSoon } from './plumbing/publish-home.js';

/**
 * Slack follows a change made on Otto's web pages the way it follows a click: the approval DMs
 * and digest rows show the decision (their buttons gone, so a later click answers with the state),
 * order group messages show the outcome, and the Home is published again. `ctxOf` reads the
 * app's context when called, since the context holds these surfaces itself.
 */
export function slackSurfaces(ctxOf: () => ServiceContext, client: WebClient, logger: Logger): SlackSurfaces {
  const log = (...args: unknown[]) =>
    logger.warn(...args.map((arg) => (arg instanceof Error ? arg.message : arg)));
  return {
    async approvalDecided({ ticket, summary }) {
      if (!ticket.decidedBy) return;
      const decided = renderApprovalDecided(summary, {
        approved: ticket.denialReason === null,
        by: ticket.decidedBy,
        reason: ticket.denialReason,
      });
      try {
        await settleApprovalRequests(
          { ctx: ctxOf(), client, userId: ticket.decidedBy, log },
          ticket.id,
          decided,
        );
      } catch (error) {
        log('could not show a decision made on the web in Slack', error);
      }
    },
    async orderGroupDecided(manifest) {
      try {
        await showOrderGroupEverywhere({ ctx: ctxOf(), client, log }, manifest);
      } catch (error) {
        log('could not show an order group decided on the web in Slack', error);
      }
    },
    homeChanged(slackUserId) {
      republishHomeSoon(ctxOf(), client, slackUserId, log);
    },
  };
}
