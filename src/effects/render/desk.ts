import { renderCaseCard } from '../../../blocks/desk/case-card.js';
import {
  renderCaseFile,
  renderCaseMessage,
  renderCaseMessageRemoved,
} from '../../../blocks/desk/case-messages.js';
import {
  caseOpenedSentence,
  renderCaseAssigned,
  renderCaseOpened,
} from '../../../blocks/desk/case-notices.js';
import { renderCaseEscalated, renderCaseMoved } from '../../../blocks/desk/triage.js';
import type { deskNotices } from '../../domain/desk/notices.js';
import { email, type NoticeRenderers, openOtto } from './renderer.js';

/** How each desk notice reads in Slack (blocks/desk) and in e-mail (templates/desk). */
export const deskRenderers: NoticeRenderers<keyof typeof deskNotices> = {
  case_card: {
    slack: (view) => ({
      ...renderCaseCard(view),
      ...(view.postedAs !== undefined && { replaces: view.postedAs }),
    }),
  },
  case_opened: {
    slack: renderCaseOpened,
    email: (view) =>
      email('case-opened', `[Case #${view.caseId}] ${view.subject}`, {
        recipientName: view.recipientName ?? undefined,
        caseId: view.caseId,
        caseSubject: view.subject,
        intro: caseOpenedSentence(view),
        description: view.description,
        group: view.group ?? undefined,
        outsideSlack: view.outsideSlack,
        action: openOtto(view),
      }),
  },
  case_assigned: { slack: renderCaseAssigned },
  case_moved: { slack: (view) => ({ ...renderCaseMoved(view), inThreadOf: view.threadOf }) },
  case_escalated: { slack: renderCaseEscalated },
  case_message: {
    slack: renderCaseMessage,
    email: (view) =>
      email('case-message', `[Case #${view.caseId}] ${view.subject}`, {
        recipientName: view.recipientName ?? undefined,
        caseId: view.caseId,
        caseSubject: view.subject,
        authorName: view.authorName,
        text: view.text,
        files: view.files,
        outsideSlack: view.outsideSlack,
        preview: `${view.authorName}: ${view.text}`.slice(0, 200),
        action: view.openApp
          ? openOtto({ openApp: view.openApp, outsideSlack: view.outsideSlack })
          : undefined,
      }),
  },
  case_message_removed: { slack: renderCaseMessageRemoved },
  case_file: { slack: renderCaseFile },
};
