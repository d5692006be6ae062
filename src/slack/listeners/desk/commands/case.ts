import type { SubcommandInteraction, SubcommandReply } from '../../../plumbing/subcommands.js';
import { openCaseForm } from '../shortcuts/open-case.js';
import { showCaseCommand } from './show-case.js';

/** `/otto case` opens the form for a new case; `/otto case <number>` shows one. */
export async function caseSubcommand(
  interaction: SubcommandInteraction,
): Promise<SubcommandReply | undefined> {
  if (interaction.words.length > 0) return await showCaseCommand(interaction);
  await openCaseForm(interaction.ctx, interaction.client, {
    userId: interaction.userId,
    triggerId: interaction.triggerId,
  });
  return undefined;
}
