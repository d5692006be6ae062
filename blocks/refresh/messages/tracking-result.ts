import type { KnownBlock } from '@slack/types';
import type { EnterTrackingResult } from '../../../src/services/refresh/delivery/enter-tracking.js';
import { escapeMrkdwn, mrkdwn, truncate } from '../../shared/text.js';
import { describeLineProblems } from './assign-progress.js';
import { plural } from './batch.js';

const section = (text: string): KnownBlock => ({ type: 'section', text: mrkdwn(truncate(text, 3000)) });

/** The answer to a tracking entry: what was saved, or every bad line and that nothing was. */
export function renderTrackingResult(result: EnterTrackingResult): { text: string; blocks: KnownBlock[] } {
  if (result.problems.length > 0) {
    const text = `Nothing was saved: ${plural(result.problems.length, 'line')} of ${result.total.toLocaleString('en-US')} ${result.problems.length === 1 ? 'needs' : 'need'} fixing.\n${describeLineProblems(result.problems)}`;
    return { text: truncate(text, 3000), blocks: [section(escapeMrkdwn(text))] };
  }
  const [only] = result.entered;
  const text =
    result.entered.length === 1 && only
      ? `Saved tracking number ${only.trackingNumber} on ticket #${only.ticketId}; the customer is told.`
      : `Saved ${plural(result.entered.length, 'tracking number')}; each customer is told.`;
  return { text, blocks: [section(`:package: ${escapeMrkdwn(text)}`)] };
}
