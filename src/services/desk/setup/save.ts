import { z } from 'zod';
import { DeskName, RulePattern, WordList } from '../../../domain/desk/setup.js';
import { SlackChannelId, SlackUserId } from '../../../domain/slack-ids.js';
import type { ServiceContext } from '../../context.js';
import { invalid } from '../../errors.js';
import { requireDeskAdmin } from './access.js';
import {
  type SaveOutcome,
  type SetupField,
  SetupProblem,
  type SetupRun,
  saveAccount,
  saveCategory,
  saveGroup,
  saveRule,
} from './store.js';

// The verbs behind the set-up modals: one thing saved per call, or refused on the field that is wrong.

const Id = z.number().int().positive();
const Actor = SlackUserId;

/** Reads a field through its schema; a problem is refused on that field, with its label first. */
function field<S extends z.ZodType>(schema: S, value: unknown, name: SetupField, label: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const message = parsed.error.issues[0]?.message ?? 'is not valid';
  throw invalid(/^[A-Z]/.test(message) ? message : `${label} ${message}.`, name);
}

async function inTransaction(
  ctx: ServiceContext,
  actor: string,
  doing: string,
  write: (run: SetupRun) => Promise<SaveOutcome>,
): Promise<SaveOutcome> {
  await requireDeskAdmin(ctx, actor, doing);
  const now = ctx.clock.now();
  try {
    return await ctx.db.transaction(async (tx) => await write({ tx, actor, now }));
  } catch (error) {
    if (error instanceof SetupProblem) throw invalid(error.message, error.field);
    throw error;
  }
}

export const SaveGroupInput = z.object({
  actor: Actor,
  id: Id.optional(),
  name: z.string(),
  slackChannelId: SlackChannelId.nullable(),
  mainSlackUserId: SlackUserId.nullable(),
  members: z.array(SlackUserId).max(500),
  isTriage: z.boolean(),
});
export type SaveGroupInput = z.input<typeof SaveGroupInput>;

export async function saveDeskGroup(ctx: ServiceContext, raw: SaveGroupInput): Promise<SaveOutcome> {
  const input = SaveGroupInput.parse(raw);
  const name = field(DeskName, input.name, 'name', 'The name');
  if (input.slackChannelId?.startsWith('D'))
    throw invalid('Choose a channel, not a direct message.', 'channel');
  return await inTransaction(ctx, input.actor, 'set up support groups', (run) =>
    saveGroup(run, { ...input, name, isNew: input.id === undefined }),
  );
}

export const SaveCategoryInput = z.object({
  actor: Actor,
  id: Id.optional(),
  name: z.string(),
  defaultGroupId: Id.nullable(),
  statuses: z.array(z.string()).max(30),
});
export type SaveCategoryInput = z.input<typeof SaveCategoryInput>;

export async function saveDeskCategory(ctx: ServiceContext, raw: SaveCategoryInput): Promise<SaveOutcome> {
  const input = SaveCategoryInput.parse(raw);
  const name = field(DeskName, input.name, 'name', 'The name');
  return await inTransaction(ctx, input.actor, 'set up categories', (run) =>
    saveCategory(run, {
      id: input.id,
      isNew: input.id === undefined,
      name,
      defaultGroup: input.defaultGroupId === null ? null : { id: input.defaultGroupId },
      statuses: input.statuses,
    }),
  );
}

export const SaveAccountInput = z.object({
  actor: Actor,
  id: Id.optional(),
  name: z.string(),
  /** One environment a line, as typed. */
  environments: z.string().max(5000),
  members: z.array(SlackUserId).max(1000),
});
export type SaveAccountInput = z.input<typeof SaveAccountInput>;

export async function saveDeskAccount(ctx: ServiceContext, raw: SaveAccountInput): Promise<SaveOutcome> {
  const input = SaveAccountInput.parse(raw);
  const name = field(DeskName, input.name, 'name', 'The name');
  const environments = input.environments
    .split('\n')
    .map((line) => line.trim().replace(/\s+/g, ' '))
    .filter((line) => line !== '');
  return await inTransaction(ctx, input.actor, 'set up accounts', (run) =>
    saveAccount(run, {
      id: input.id,
      isNew: input.id === undefined,
      name,
      environments,
      members: input.members,
    }),
  );
}

export const SaveRuleInput = z.object({
  actor: Actor,
  id: Id.optional(),
  name: z.string(),
  position: z.number().int().nullable(),
  categoryId: Id.nullable(),
  subjectWords: z.string(),
  descriptionWords: z.string(),
  pattern: z.string(),
  groupId: Id.nullable(),
  person: SlackUserId.nullable(),
});
export type SaveRuleInput = z.input<typeof SaveRuleInput>;

export async function saveDeskRule(ctx: ServiceContext, raw: SaveRuleInput): Promise<SaveOutcome> {
  const input = SaveRuleInput.parse(raw);
  const name = field(DeskName, input.name, 'name', 'The name');
  const subjectWords = field(WordList, input.subjectWords, 'subjectWords', 'The subject words');
  const descriptionWords = field(
    WordList,
    input.descriptionWords,
    'descriptionWords',
    'The description words',
  );
  const pattern = field(RulePattern, input.pattern, 'pattern', 'The pattern');
  if (input.groupId === null) throw invalid('Choose the group the rule routes to.', 'group');
  if (input.position !== null && input.position < 1)
    throw invalid('The place is a whole number from 1 (tried first).', 'position');
  return await inTransaction(ctx, input.actor, 'set up dispatcher rules', (run) =>
    saveRule(run, {
      id: input.id,
      isNew: input.id === undefined,
      name,
      position: input.position ?? undefined,
      category: input.categoryId === null ? null : { id: input.categoryId },
      subjectWords,
      descriptionWords,
      pattern,
      group: { id: input.groupId! },
      person: input.person,
    }),
  );
}
