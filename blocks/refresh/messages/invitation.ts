import type { KnownBlock } from '@slack/types';
import type { InvitationView } from '../../../src/domain/refresh/notices.js';
import { ids } from '../../../src/slack/ids.js';
import { ticketValue } from '../../../src/slack/values/refresh.js';
import { type Mrkdwn, md, messageText, mrkdwn, plain, type SlackMessage } from '../../shared/text.js';

const HEADER_LIMIT = 150;

/** "Your computer X" (or "your…" inside a sentence) or "Casey's computer X". */
export function whoseComputer(view: Pick<InvitationView, 'computer' | 'onBehalfOf'>, opening = true): Mrkdwn {
  if (view.onBehalfOf) return md`${view.onBehalfOf}’s computer ${view.computer}`;
  return opening ? md`Your computer ${view.computer}` : md`your computer ${view.computer}`;
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
    elements: [mrkdwn(md`Refresh #${view.ticketId} · please finish by ${view.deadline}`)],
  };
}

/** The first invitation to walk the wizard (SPEC §2.2): a DM with a Start button. Every string is plain text, escaped here. */
export function renderInvitation(view: InvitationView): SlackMessage {
  const whose = whoseComputer(view);
  const delegateNote = view.onBehalfOf
    ? md`\nYou receive Otto’s messages about it as ${view.onBehalfOf}’s delegate.`
    : '';
  return {
    text: messageText(md`${whose} is due for a refresh. Press Start to tell Otto what you need.`),
    blocks: [
      {
        type: 'header',
        text: plain(
          view.onBehalfOf ? `Time to refresh ${view.onBehalfOf}’s computer` : 'Time to refresh your computer',
          HEADER_LIMIT,
        ),
      },
      {
        type: 'section',
        text: mrkdwn(
          md`${whose} is due for a refresh, and Otto needs a few answers to order the replacement.${delegateNote}\n\n${view.asks} It takes about five minutes.`,
        ),
      },
      { type: 'actions', block_id: 'wizard', elements: [wizardButton(view, 'Start')] },
      deadlineContext(view),
    ],
  };
}
