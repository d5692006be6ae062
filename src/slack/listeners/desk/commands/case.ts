import { invalid } from '../../../../services/errors.js';
import type { SubcommandInteraction, SubcommandReply } from '../../../plumbing/subcommands.js';
import { openCaseForm } from '../shortcuts/open-case.js';

export const caseUsage = '`/otto case` opens the form for a new case';

/** `/otto case` opens the case form. */
export async function caseSubcommand({
  ctx,
  userId,
  words,
  triggerId,
  client,
}: SubcommandInteraction): Promise<SubcommandReply | undefined> {
  const [word] = words;
  if (word !== undefined) throw invalid(`${caseUsage}; Otto does not know “${word.slice(0, 40)}” there.`);
  await openCaseForm(ctx, client, { userId, triggerId });
  return undefined;
}
