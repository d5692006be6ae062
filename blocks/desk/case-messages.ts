import type { CaseFileView, CaseMessageRemovedView, CaseMessageView } from '../../src/domain/desk/notices.js';
import type { RenderedSlackNotice } from '../../src/effects/render/renderer.js';
import { md, messageText, relayedMd } from '../shared/text.js';

// The conversation's relayed copies: a message reads as its author wrote it, posted under their
// name (`as`), in the other side's thread; no blocks, so it looks like any message in a thread.

/** A message passed on to the other side of a case, or the rewrite of a copy after an edit. */
export function renderCaseMessage(view: CaseMessageView): RenderedSlackNotice {
  const said = view.text.trim().length > 0 ? relayedMd(view.text) : md`(no text)`;
  const named = view.as ? said : md`*${view.authorName}:* ${said}`;
  return {
    text: messageText(named, 4000),
    ...(view.inThreadOf !== undefined && { inThreadOf: view.inThreadOf }),
    ...(view.as && { as: view.as }),
    ...(view.replaces !== undefined && { replaces: view.replaces }),
  };
}

/** A file of the conversation, uploaded into the other side's thread with who sent it. */
export function renderCaseFile(view: CaseFileView): RenderedSlackNotice {
  const line = md`${view.authorName} sent ${view.name}`;
  return {
    text: messageText(line),
    inThreadOf: view.inThreadOf,
    upload: {
      caseFileId: view.fileId,
      filename: view.name,
      comment: messageText(md`From ${view.authorName}`),
    },
  };
}

/** A copy taken back after its original was deleted. */
export function renderCaseMessageRemoved(view: CaseMessageRemovedView): RenderedSlackNotice {
  return { text: messageText(md`A message of case #${view.caseId} was deleted.`), removes: view.removes };
}
