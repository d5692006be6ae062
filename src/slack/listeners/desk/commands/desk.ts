import { describeTriedRoute, renderDeskSetup } from '../../../../../blocks/desk/setup.js';
import { md, messageText } from '../../../../../blocks/shared/text.js';
import { getDeskSetup } from '../../../../services/desk/setup/get-setup.js';
import { tryRoute } from '../../../../services/desk/setup/try-route.js';
import { invalid } from '../../../../services/errors.js';
import type { SubcommandInteraction, SubcommandReply } from '../../../plumbing/subcommands.js';

export const deskRouteUsage = '`/otto desk route <subject> | <description>`';

/**
 * `/otto desk` opens the set-up; `/otto desk route <subject> | <description>` says which rule
 * would route that text, and why. Without `|` the text is tried as both subject and description.
 */
export async function deskSubcommand({
  ctx,
  userId,
  words,
  rest,
  triggerId,
  client,
}: SubcommandInteraction): Promise<SubcommandReply | undefined> {
  const [verb] = words;
  if (verb === undefined) {
    const setup = await getDeskSetup(ctx, userId);
    await client.views.open({ trigger_id: triggerId, view: renderDeskSetup(setup) });
    return undefined;
  }
  if (verb.toLowerCase() !== 'route')
    throw invalid(
      `\`/otto desk\` opens the set-up; ${deskRouteUsage} tries the rules. Not “${verb.slice(0, 40)}”.`,
    );
  const text = rest.slice(verb.length).trim();
  if (text === '') throw invalid(`Say what to route: ${deskRouteUsage}.`);
  const split = text.indexOf('|');
  const subject = split < 0 ? text : text.slice(0, split).trim();
  const description = split < 0 ? text : text.slice(split + 1).trim();
  const route = await tryRoute(ctx, { actor: userId, categoryId: null, subject, description });
  const tried =
    split < 0 ? md`_Tried as both subject and description; nothing was opened._` : md`_Nothing was opened._`;
  return { text: messageText(md`${describeTriedRoute(route)}\n${tried}`) };
}
