import { renderCaseStory } from '../../../../../blocks/desk/case-view.js';
import { plainMessageText } from '../../../../../blocks/shared/text.js';
import { showCase } from '../../../../services/desk/cases/case-story.js';
import { readerZone } from '../../../plumbing/reader-zone.js';
import type { SubcommandInteraction, SubcommandReply } from '../../../plumbing/subcommands.js';

export const showCaseUsage = 'Usage: `/otto case <number>`, e.g. `/otto case 12` or `/otto case #12`.';

/** "12", "#12": a case number as people type it; anything else is not one. */
export function caseNumberOf(text: string): number | undefined {
  const match = /^#?(\d{1,9})$/.exec(text.trim());
  const id = match ? Number(match[1]) : Number.NaN;
  return Number.isSafeInteger(id) && id > 0 ? id : undefined;
}

/**
 * `/otto case <number>`: the case for those who may see it (staff: the card with its history and
 * conversation; a requester: their case and the messages they may read), sent through the
 * response_url so its page buttons can turn its pages in place. Times read in the reader's zone.
 */
export async function showCaseCommand({
  ctx,
  userId,
  rest,
  client,
}: SubcommandInteraction): Promise<SubcommandReply> {
  const caseId = caseNumberOf(rest);
  if (caseId === undefined)
    return { text: plainMessageText(`“${rest.trim().slice(0, 40)}” is not a case number. ${showCaseUsage}`) };
  const timeZone = await readerZone(client, userId);
  return renderCaseStory(await showCase(ctx, { actor: userId, caseId, timeZone }));
}
