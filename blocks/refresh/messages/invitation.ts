import type { KnownBlock } from '@slack/types';
import type { InvitationView } from '../../../src/domain/refresh/notices.js';
import { ids } from '../../../src/slack/ids.js';
import { ticketValue } from '../../../src/slack/values/refresh.js';
import { escapeMrkdwn, mrkdwn, plain, truncate } from '../../shared/text.js';

const SECTION_TEXT_LIMIT = 3000;
const HEADER_LIMIT = 150;

/** "Your computer X" or "Casey's computer X", for the opening sentence. */
export function whoseComputer(view: Pick<InvitationView, 'computer' | 'onBehalfOf'>): string {
  return view.onBehalfOf
    ? `${view.onBehalfOf}’s computer ${view.computer}`
    : `your computer ${view.computer}`;
}

/** The wizard's Start (or Continue) button: the wizard registers `ids.wizardStart`. */
export function wizardButton(view: Pick<InvitationView, 'ticketId' | 'status'>, label: 'Start' | 'Continue') {
  return {
    type: 'button' as const,
    action_id: ids.wizardStart,
    text: plain(label),
    style: 'primary' as const,
    value: ticketValue.encode({ ticketId: view.ticketId, status: view.status }),
  };
}

export function deadlineContext(view: Pick<InvitationView, 'ticketId' | 'deadline'>): KnownBlock {
  return {
    type: 'context',
    elements: [mrkdwn(`Refresh #${view.ticketId} · please finish by ${escapeMrkdwn(view.deadline)}`)],
  };
}

/** The first invitation to walk the wizard (SPEC §2.2): a DM with a Start button. Every string is plain text, escaped here. */
export function renderInvitation(view: InvitationView): { text: string; blocks: KnownBlock[] } {
  const whose = whoseComputer(view);
  const delegateNote = view.onBehalfOf
    ? `\nYou receive Otto’s messages about it as ${escapeMrkdwn(view.onBehalfOf)}’s delegate.`
    : '';
  const body =
    `${escapeMrkdwn(capitalise(whose))} is due for a refresh, and Otto needs a few answers to order the replacement.${delegateNote}\n\n` +
    `${escapeMrkdwn(view.asks)} It takes about five minutes.`;
  return {
    text: truncate(
      `${capitalise(whose)} is due for a refresh. Press Start to tell Otto what you need.`,
      4000,
    ),
    blocks: [
      { type: 'header', text: plain(truncate('Time to refresh your computer', HEADER_LIMIT)) },
      { type: 'section', text: mrkdwn(truncate(body, SECTION_TEXT_LIMIT)) },
      { type: 'actions', block_id: 'wizard', elements: [wizardButton(view, 'Start')] },
      deadlineContext(view),
    ],
  };
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
