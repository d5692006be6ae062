import { renderProblems } from '../../../../../blocks/refresh/messages/problems.js';
import { listProblems } from '../../../../services/refresh/tickets/list-problems.js';
import type { SubcommandInteraction, SubcommandReply } from '../../../plumbing/subcommands.js';

/** `/otto problems`: sent through the response_url so its View buttons work. */
export async function problemsSubcommand({ ctx, userId }: SubcommandInteraction): Promise<SubcommandReply> {
  return renderProblems(await listProblems(ctx, userId));
}
