import type { KnownBlock } from '@slack/types';
import type { EnterTrackingResult } from '../../../src/services/refresh/delivery/enter-tracking.js';
import { type Mrkdwn, md, messageText, mrkdwn, type SlackMessage } from '../../shared/text.js';
import { describeLineProblems } from './assign-progress.js';
import { plural } from './batch.js';

const section = (text: Mrkdwn): KnownBlock => ({ type: 'section', text: mrkdwn(text) });

/** The answer to a tracking entry: what was saved, or every bad line and that nothing was. */
export function renderTrackingResult(result: EnterTrackingResult): SlackMessage {
  if (result.problems.length > 0) {
    const text = md`Nothing was saved: ${plural(result.problems.length, 'line')} of ${result.total.toLocaleString('en-US')} ${result.problems.length === 1 ? 'needs' : 'need'} fixing.\n${describeLineProblems(result.problems)}`;
    return { text: messageText(text), blocks: [section(text)] };
  }
  const [only] = result.entered;
  const text =
    result.entered.length === 1 && only
      ? md`Saved tracking number ${only.trackingNumber} on ticket #${only.ticketId}; the customer is told.`
      : md`Saved ${plural(result.entered.length, 'tracking number')}; each customer is told.`;
  return { text: messageText(text), blocks: [section(md`:package: ${text}`)] };
}
