import type { KnownBlock } from '@slack/types';
import type { CaseAssignedView, CaseOpenedView } from '../../src/domain/desk/notices.js';
import { ids } from '../../src/slack/ids.js';
import { caseValue } from '../../src/slack/values/desk.js';
import { md, messageText, mrkdwn, plain, type SlackMessage, userMention } from '../shared/text.js';
import { caseFactsBlocks, caseTitle, personMd } from './case-card.js';

/** The sentence that opens the requester's acknowledgement. */
export function caseOpenedSentence(view: CaseOpenedView): string {
  const whose = view.openedBy
    ? `${view.openedBy.name ?? view.openedBy.email ?? 'A colleague'} opened case #${view.caseId} for you`
    : view.openedFor
      ? `We have your case #${view.caseId}, opened for ${view.openedFor.name ?? view.openedFor.email ?? 'a colleague'}`
      : `We have your case #${view.caseId}`;
  return `${whose}: “${view.subject}”. ${view.group ?? 'The service desk'} will look at it.`;
}

/**
 * The requester's DM on a new case. Its thread is their side of the conversation: replies there
 * reach the staff working the case, and the staff's answers arrive there.
 */
export function renderCaseOpened(view: CaseOpenedView): SlackMessage {
  const who = view.openedBy
    ? md`${personMd(view.openedBy)} opened case #${view.caseId} for you`
    : view.openedFor
      ? md`We have case #${view.caseId}, which you opened for ${personMd(view.openedFor)}`
      : md`We have your case #${view.caseId}`;
  const blocks: KnownBlock[] = [
    { type: 'section', text: mrkdwn(md`${who}: *${view.subject}*`) },
    {
      type: 'context',
      elements: [
        mrkdwn(
          md`${view.group ?? 'The service desk'} will answer in this thread. Reply here to add anything; files are welcome.`,
        ),
      ],
    },
  ];
  return { text: messageText(md`${who}: ${view.subject}`), blocks };
}

const reasons: Record<CaseAssignedView['why'], string> = {
  routed: 'is yours',
  reassigned: 'was reassigned to you',
  escalated: 'was escalated to triage',
  taken: 'is yours',
};

/** The assignee's DM: the case, why it is theirs, and a button to it. */
export function renderCaseAssigned(view: CaseAssignedView): SlackMessage {
  const by = view.by ? md` by ${userMention(view.by)}` : md``;
  const line = md`${caseTitle(view)} ${reasons[view.why]}${by}.`;
  return {
    text: messageText(line),
    blocks: [
      { type: 'section', text: mrkdwn(line) },
      ...caseFactsBlocks(view),
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            action_id: ids.caseView,
            text: plain('Open case', 75),
            style: 'primary',
            value: caseValue.encode({ caseId: view.caseId, version: view.version }),
          },
        ],
      },
    ],
  };
}
