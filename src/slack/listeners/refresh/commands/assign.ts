import { renderAssignProblems } from '../../../../../blocks/refresh/messages/assign-progress.js';
import { renderAssignModal } from '../../../../../blocks/refresh/modals/assign.js';
import { requireAdmin } from '../../../../services/people/access.js';
import { checkAssignment } from '../../../../services/refresh/ordering/assign-replacements.js';
import type { SubcommandInteraction, SubcommandReply } from '../../../plumbing/subcommands.js';
import { runAssignment } from '../actions/assign-run.js';

/**
 * `/otto assign` opens the paste form; with `existing replacement` lines after it (more than a
 * modal's 3,000 characters fit there) it checks them all and, when every line is good, applies
 * them with one progress message; otherwise it answers the bad lines and changes nothing.
 */
export async function assignSubcommand(i: SubcommandInteraction): Promise<SubcommandReply | undefined> {
  const { ctx, userId, rest, client } = i;
  await requireAdmin(ctx, userId, 'assign replacements');
  if (rest.trim() === '') {
    await client.views.open({ trigger_id: i.triggerId, view: renderAssignModal({ channelId: i.channelId }) });
    return undefined;
  }
  const check = await checkAssignment(ctx, { actor: userId, lines: rest });
  if (check.problems.length > 0) return renderAssignProblems(check.problems, check.total);
  await runAssignment(ctx, client, { userId, channelId: i.channelId, lines: rest }, check.valid, i.log);
  return undefined;
}
