import { renderProblems } from '../../../../blocks/messages/problems.js';
import { listProblems } from '../../../services/tickets/list-problems.js';
import type { SubcommandInteraction, SubcommandReply } from './subcommands.js';

/** `/otto problems`: sent through the response_url so its View buttons work. */
export async function problemsSubcommand({ ctx, userId }: SubcommandInteraction): Promise<SubcommandReply> {
  return renderProblems(listProblems(ctx, userId));
}
