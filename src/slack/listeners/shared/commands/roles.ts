import { z } from 'zod';
import { renderRoleHolders, roleChanged, roleUsage } from '../../../../../blocks/shared/roles.js';
import { messageText } from '../../../../../blocks/shared/text.js';
import { roleNames } from '../../../../domain/enums.js';
import { SlackUserId } from '../../../../domain/slack-ids.js';
import type { ServiceContext } from '../../../../services/context.js';
import { invalid } from '../../../../services/errors.js';
import { grantRole } from '../../../../services/people/grant-role.js';
import { listRoleHolders } from '../../../../services/people/list-role-holders.js';
import { revokeRole } from '../../../../services/people/revoke-role.js';
import type { SubcommandReply } from '../../../plumbing/subcommands.js';

// `<@U123|name>` is how Slack escapes a mention in slash command text; a bare id works too.
const mention = /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$|^([UW][A-Z0-9]{2,})$/;

const RoleChange = z.object({
  verb: z.enum(['grant', 'revoke']),
  userId: SlackUserId,
  role: z.enum(roleNames, { error: `is not a role; roles are ${roleNames.join(', ')}` }),
  scope: z.string(),
});

function parseRoleChange(words: string[]) {
  const [verb, who = '', role = '', ...scope] = words;
  const match = mention.exec(who);
  const parsed = RoleChange.safeParse({
    verb,
    userId: match?.[1] ?? match?.[2] ?? who,
    role: role.toLowerCase(),
    scope: scope.join(' '),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = String(issue.path[0]);
    const detail =
      field === 'userId'
        ? `“${who || '(nobody)'}” is not a person: mention them with @.`
        : field === 'role'
          ? `“${role || '(none)'}” is not a role.`
          : 'That is not something `/otto roles` can do.';
    throw invalid(`${detail} ${roleUsage}`);
  }
  return parsed.data;
}

/** `/otto roles [grant|revoke @person role [team]]` — admins only; everyone else is refused by the service. */
export async function rolesSubcommand(
  ctx: ServiceContext,
  userId: string,
  words: string[],
): Promise<SubcommandReply> {
  if (words.length === 0) return renderRoleHolders(await listRoleHolders(ctx, userId));
  const change = parseRoleChange(words);
  const input = { actor: userId, userId: change.userId, role: change.role, scope: change.scope };
  const done = change.verb === 'grant' ? await grantRole(ctx, input) : await revokeRole(ctx, input);
  return {
    text: messageText(
      roleChanged(change.verb === 'grant' ? 'granted' : 'revoked', change.userId, change.role, done.scope),
    ),
  };
}
