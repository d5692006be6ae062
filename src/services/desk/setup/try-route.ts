import { z } from 'zod';
import { compileRules, describeReason, dispatch } from '../../../domain/desk/dispatcher.js';
import { SlackUserId } from '../../../domain/slack-ids.js';
import type { ServiceContext } from '../../context.js';
import { invalid } from '../../errors.js';
import { requireDeskAdmin } from './access.js';
import { readDeskSetup } from './get-setup.js';

export const TryRouteInput = z.object({
  actor: SlackUserId,
  categoryId: z.number().int().positive().nullable(),
  subject: z.string().max(3000),
  description: z.string().max(40_000),
});
export type TryRouteInput = z.input<typeof TryRouteInput>;

/** Where a case would go, told as people read it; nothing is opened or recorded. */
export type TriedRoute =
  | {
      routed: true;
      rule: { name: string; position: number };
      why: string;
      group: string;
      assignee: string | null;
      /** The assignee is the group's main person (the rule names nobody). */
      assigneeIsMain: boolean;
    }
  | { routed: false; group: string | null; assignee: string | null };

/** `/otto desk route` and "Try the rules": which rule would route this text, and why. */
export async function tryRoute(ctx: ServiceContext, raw: TryRouteInput): Promise<TriedRoute> {
  const input = TryRouteInput.parse(raw);
  await requireDeskAdmin(ctx, input.actor, 'try the dispatcher rules');
  if (input.subject.trim() === '' && input.description.trim() === '' && input.categoryId === null)
    throw invalid('Give a subject, a description or a category to try the rules on.', 'subject');
  const setup = await readDeskSetup(ctx);
  const triage = setup.groups.find((g) => g.isTriage);
  const compiled = compileRules(setup.rules, setup.groups, triage?.id ?? null);
  const route = dispatch(compiled, input);
  const groupName = (id: number | null) => setup.groups.find((g) => g.id === id)?.name ?? null;
  if (!route.routed)
    return { routed: false, group: groupName(route.groupId), assignee: route.assigneeSlackUserId };
  const category = setup.categories.find((c) => c.id === input.categoryId)?.name;
  const rule = setup.rules.find((r) => r.id === route.ruleId);
  return {
    routed: true,
    rule: { name: route.ruleName, position: route.position },
    why: describeReason(route.reason, category),
    group: groupName(route.groupId) ?? 'a group that no longer exists',
    assignee: route.assigneeSlackUserId,
    assigneeIsMain: rule?.assigneeSlackUserId === null,
  };
}
