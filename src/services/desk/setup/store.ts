import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Tx } from '../../../../db/client.js';
import {
  deskAccountMembers,
  deskAccounts,
  deskCategories,
  deskEnvironments,
  deskGroupMembers,
  deskGroups,
  deskRules,
  people,
  roles,
} from '../../../../db/schema/index.js';
import type { CaseStatus } from '../../../domain/desk/enums.js';
import { categoryStatuses, ruleConditionProblem } from '../../../domain/desk/setup.js';
import { didYouMean, naturalKey } from '../../../domain/refresh/inventory/index.js';
import { recordAudit } from '../../audit.js';

// Writing the desk's set-up, shared by the modals (one thing at a time) and the CSV imports
// (many in one transaction). Each function checks its values against the database before it
// writes, and refuses with a `SetupProblem` naming the field, so nothing half-written remains.

export interface SetupRun {
  tx: Tx;
  actor: string;
  now: Date;
}

export type SetupField =
  | 'name'
  | 'channel'
  | 'main'
  | 'members'
  | 'triage'
  | 'defaultGroup'
  | 'statuses'
  | 'environments'
  | 'position'
  | 'category'
  | 'words'
  | 'subjectWords'
  | 'descriptionWords'
  | 'pattern'
  | 'group'
  | 'person';

/** A value the set-up refuses, on the field it is about. */
export class SetupProblem extends Error {
  constructor(
    readonly field: SetupField,
    message: string,
  ) {
    super(message);
    this.name = 'SetupProblem';
  }
}

export type SaveOutcome = { id: number; outcome: 'created' | 'updated' | 'unchanged' };

/** A thing the values name: by its id (a modal's select) or by its name (a CSV cell). */
export type Ref = { id: number } | { name: string };

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');

async function audit(
  run: SetupRun,
  entity: string,
  id: number,
  action: string,
  changes: Record<string, { from: unknown; to: unknown }>,
) {
  await recordAudit(run.tx, { entity, entityId: id, action, actor: run.actor, changes }, run.now);
}

/** Finds the row that the values are about: the id being edited, or (new or from a file) the one of that name. */
function findTarget<T extends { id: number; name: string }>(
  rows: readonly T[],
  id: number | undefined,
  name: string,
  what: string,
  isNew: boolean | undefined,
): T | undefined {
  const sameName = rows.find((row) => naturalKey(row.name) === naturalKey(name));
  if (isNew && sameName) throw new SetupProblem('name', `Another ${what} is called “${sameName.name}”.`);
  if (id === undefined) return sameName;
  const target = rows.find((row) => row.id === id);
  if (!target) throw new SetupProblem('name', `That ${what} no longer exists; open the set-up again.`);
  if (sameName && sameName.id !== id)
    throw new SetupProblem('name', `Another ${what} is called “${sameName.name}”.`);
  return target;
}

async function resolveGroup(tx: Tx, ref: Ref, field: SetupField): Promise<{ id: number; name: string }> {
  const groups = await tx.select({ id: deskGroups.id, name: deskGroups.name }).from(deskGroups);
  const found =
    'id' in ref
      ? groups.find((g) => g.id === ref.id)
      : groups.find((g) => naturalKey(g.name) === naturalKey(ref.name));
  if (found) return found;
  throw new SetupProblem(
    field,
    'id' in ref
      ? 'That group no longer exists; choose another.'
      : `“${ref.name}” is not a support group${didYouMean(
          ref.name,
          groups.map((g) => g.name),
        )}`,
  );
}

async function resolveCategory(tx: Tx, ref: Ref): Promise<{ id: number; name: string }> {
  const rows = await tx.select({ id: deskCategories.id, name: deskCategories.name }).from(deskCategories);
  const found =
    'id' in ref
      ? rows.find((c) => c.id === ref.id)
      : rows.find((c) => naturalKey(c.name) === naturalKey(ref.name));
  if (found) return found;
  throw new SetupProblem(
    'category',
    'id' in ref
      ? 'That category no longer exists; choose another.'
      : `“${ref.name}” is not a category${didYouMean(
          ref.name,
          rows.map((c) => c.name),
        )}`,
  );
}

const slackUserIdPattern = /^[UW][A-Z0-9]{2,}$/;

/**
 * People as a file writes them: Slack ids (U…), or e-mail addresses of people Otto has matched to
 * Slack (by an inventory import). Modals give ids, which pass through.
 */
export async function resolvePeople(
  tx: Tx,
  written: readonly string[],
  field: SetupField,
): Promise<string[]> {
  const emails = written.filter((w) => w.includes('@')).map((w) => w.toLowerCase());
  const known = emails.length
    ? await tx
        .select({ email: people.email, slackUserId: people.slackUserId })
        .from(people)
        .where(inArray(people.email, emails))
    : [];
  const out: string[] = [];
  for (const who of written) {
    if (slackUserIdPattern.test(who)) {
      out.push(who);
      continue;
    }
    const person = known.find((p) => p.email === who.toLowerCase());
    if (!person?.slackUserId)
      throw new SetupProblem(
        field,
        who.includes('@')
          ? `${who} is not someone Otto knows in Slack: write their Slack member id (U…) instead`
          : `“${who.slice(0, 40)}” is neither a Slack member id (U…) nor an e-mail address`,
      );
    if (!out.includes(person.slackUserId)) out.push(person.slackUserId);
  }
  return [...new Set(out)];
}

export interface GroupValues {
  id?: number | undefined;
  /** Made by an Add form: a thing of the same name is a mistake, not the one to update (as a file row would). */
  isNew?: boolean | undefined;
  name: string;
  /** undefined: leave as it is (a CSV without the column). */
  slackChannelId?: string | null | undefined;
  mainSlackUserId?: string | null | undefined;
  members?: string[] | undefined;
  isTriage?: boolean | undefined;
}

/**
 * Creates or updates a support group. Its main person is one of its members; exactly one group is
 * triage: the first group is, making another triage takes it from the one that was, and the
 * triage group cannot stop being it except by another taking its place. Members are the group's
 * agents, so the `agent` roles of the group follow them.
 */
export async function saveGroup(run: SetupRun, values: GroupValues): Promise<SaveOutcome> {
  const { tx } = run;
  const groups = await tx.select().from(deskGroups).orderBy(asc(deskGroups.id));
  const current = findTarget(groups, values.id, values.name, 'group', values.isNew);
  const triage = groups.find((g) => g.isTriage);
  const currentMembers = current
    ? (await tx.select().from(deskGroupMembers).where(eq(deskGroupMembers.groupId, current.id))).map(
        (m) => m.slackUserId,
      )
    : [];
  const main =
    values.mainSlackUserId === undefined ? (current?.mainSlackUserId ?? null) : values.mainSlackUserId;
  let members = values.members ?? currentMembers;
  if (main && !members.includes(main)) members = [...members, main];
  if (members.length > 200) throw new SetupProblem('members', 'A group has at most 200 members.');
  let isTriage = values.isTriage ?? current?.isTriage ?? false;
  if (!triage || triage.id === current?.id) {
    if (triage && values.isTriage === false)
      throw new SetupProblem('triage', 'Every desk needs a triage group: make another group triage instead.');
    isTriage = true;
  }
  const next = {
    name: values.name,
    slackChannelId:
      values.slackChannelId === undefined ? (current?.slackChannelId ?? null) : values.slackChannelId,
    mainSlackUserId: main,
    isTriage,
  };
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of Object.keys(next) as (keyof typeof next)[]) {
    const from = current ? current[key] : null;
    if (from !== next[key]) changes[key] = { from, to: next[key] };
  }
  if (!sameSet(currentMembers, members)) changes.members = { from: currentMembers, to: members };
  if (current && Object.keys(changes).length === 0) return { id: current.id, outcome: 'unchanged' };

  if (isTriage && triage && triage.id !== current?.id) {
    await tx
      .update(deskGroups)
      .set({ isTriage: false, updatedAt: run.now })
      .where(eq(deskGroups.id, triage.id));
  }
  let id: number;
  if (current) {
    id = current.id;
    await tx
      .update(deskGroups)
      .set({ ...next, updatedAt: run.now })
      .where(eq(deskGroups.id, id));
  } else {
    const [created] = await tx
      .insert(deskGroups)
      .values({ ...next, createdAt: run.now, updatedAt: run.now })
      .returning({ id: deskGroups.id });
    id = created!.id;
  }
  if (changes.members || changes.name) {
    await tx.delete(deskGroupMembers).where(eq(deskGroupMembers.groupId, id));
    if (members.length > 0)
      await tx.insert(deskGroupMembers).values(members.map((slackUserId) => ({ groupId: id, slackUserId })));
    // Agents hold their role per group (roles.scope is the group's name).
    await tx.delete(roles).where(and(eq(roles.role, 'agent'), eq(roles.scope, current?.name ?? next.name)));
    if (members.length > 0)
      await tx
        .insert(roles)
        .values(
          members.map((slackUserId) => ({
            slackUserId,
            role: 'agent' as const,
            scope: next.name,
            grantedBy: run.actor,
            grantedAt: run.now,
          })),
        )
        .onConflictDoNothing();
  }
  await audit(run, 'desk_group', id, current ? 'updated' : 'created', changes);
  return { id, outcome: current ? 'updated' : 'created' };
}

export interface CategoryValues {
  id?: number | undefined;
  /** Made by an Add form: a thing of the same name is a mistake, not the one to update (as a file row would). */
  isNew?: boolean | undefined;
  name: string;
  defaultGroup?: Ref | null | undefined;
  /** Statuses beyond the ones every category has; undefined: leave as they are. */
  statuses?: string[] | undefined;
}

export async function saveCategory(run: SetupRun, values: CategoryValues): Promise<SaveOutcome> {
  const { tx } = run;
  const rows = await tx.select().from(deskCategories);
  const current = findTarget(rows, values.id, values.name, 'category', values.isNew);
  const defaultGroupId =
    values.defaultGroup === undefined
      ? (current?.defaultGroupId ?? null)
      : values.defaultGroup === null
        ? null
        : (await resolveGroup(tx, values.defaultGroup, 'defaultGroup')).id;
  let statuses: CaseStatus[] = current?.statuses ?? [];
  if (values.statuses !== undefined || !current) {
    const read = categoryStatuses(values.statuses ?? []);
    if (!read.ok) throw new SetupProblem('statuses', read.message);
    statuses = read.statuses;
  }
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  if (current?.name !== values.name) changes.name = { from: current?.name ?? null, to: values.name };
  if ((current?.defaultGroupId ?? null) !== defaultGroupId)
    changes.defaultGroupId = { from: current?.defaultGroupId ?? null, to: defaultGroupId };
  if (!current || !sameSet(current.statuses, statuses))
    changes.statuses = { from: current?.statuses ?? null, to: statuses };
  if (current && Object.keys(changes).length === 0) return { id: current.id, outcome: 'unchanged' };
  const next = { name: values.name, defaultGroupId, statuses, updatedAt: run.now };
  let id: number;
  if (current) {
    id = current.id;
    await tx.update(deskCategories).set(next).where(eq(deskCategories.id, id));
  } else {
    const [created] = await tx
      .insert(deskCategories)
      .values({ ...next, createdAt: run.now })
      .returning({ id: deskCategories.id });
    id = created!.id;
  }
  await audit(run, 'desk_category', id, current ? 'updated' : 'created', changes);
  return { id, outcome: current ? 'updated' : 'created' };
}

export interface AccountValues {
  id?: number | undefined;
  /** Made by an Add form: a thing of the same name is a mistake, not the one to update (as a file row would). */
  isNew?: boolean | undefined;
  name: string;
  environments?: string[] | undefined;
  members?: string[] | undefined;
}

/** An account with its environments (kept, added or removed by name) and its people. */
export async function saveAccount(run: SetupRun, values: AccountValues): Promise<SaveOutcome> {
  const { tx } = run;
  const rows = await tx.select().from(deskAccounts);
  const current = findTarget(rows, values.id, values.name, 'account', values.isNew);
  const envs = current
    ? await tx.select().from(deskEnvironments).where(eq(deskEnvironments.accountId, current.id))
    : [];
  const members = current
    ? (await tx.select().from(deskAccountMembers).where(eq(deskAccountMembers.accountId, current.id))).map(
        (m) => m.slackUserId,
      )
    : [];
  const seen = new Set<string>();
  for (const env of values.environments ?? []) {
    if (seen.has(naturalKey(env))) throw new SetupProblem('environments', `lists “${env}” twice`);
    if (env.length > 80)
      throw new SetupProblem('environments', `“${env.slice(0, 40)}…” is longer than 80 characters`);
    seen.add(naturalKey(env));
  }
  if ((values.environments?.length ?? 0) > 100)
    throw new SetupProblem('environments', 'An account has at most 100 environments.');
  const nextEnvs = values.environments ?? envs.map((e) => e.name);
  const nextMembers = values.members ?? members;
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  if (current?.name !== values.name) changes.name = { from: current?.name ?? null, to: values.name };
  if (
    !sameSet(
      envs.map((e) => e.name),
      nextEnvs,
    )
  )
    changes.environments = { from: envs.map((e) => e.name), to: nextEnvs };
  if (!sameSet(members, nextMembers)) changes.members = { from: members, to: nextMembers };
  if (current && Object.keys(changes).length === 0) return { id: current.id, outcome: 'unchanged' };
  let id: number;
  if (current) {
    id = current.id;
    await tx
      .update(deskAccounts)
      .set({ name: values.name, updatedAt: run.now })
      .where(eq(deskAccounts.id, id));
  } else {
    const [created] = await tx
      .insert(deskAccounts)
      .values({ name: values.name, createdAt: run.now, updatedAt: run.now })
      .returning({ id: deskAccounts.id });
    id = created!.id;
  }
  if (changes.environments) {
    // Environments keep their ids (cases will point at them); only the ones no longer listed go.
    const keep = new Set(nextEnvs.map(naturalKey));
    const gone = envs.filter((e) => !keep.has(naturalKey(e.name))).map((e) => e.id);
    if (gone.length > 0) await tx.delete(deskEnvironments).where(inArray(deskEnvironments.id, gone));
    const have = new Map(envs.map((e) => [naturalKey(e.name), e]));
    const added = nextEnvs.filter((name) => !have.has(naturalKey(name)));
    if (added.length > 0)
      await tx.insert(deskEnvironments).values(added.map((name) => ({ accountId: id, name })));
    for (const name of nextEnvs) {
      const old = have.get(naturalKey(name));
      if (old && old.name !== name)
        await tx.update(deskEnvironments).set({ name }).where(eq(deskEnvironments.id, old.id));
    }
  }
  if (changes.members) {
    await tx.delete(deskAccountMembers).where(eq(deskAccountMembers.accountId, id));
    if (nextMembers.length > 0)
      await tx
        .insert(deskAccountMembers)
        .values(nextMembers.map((slackUserId) => ({ accountId: id, slackUserId })));
  }
  await audit(run, 'desk_account', id, current ? 'updated' : 'created', changes);
  return { id, outcome: current ? 'updated' : 'created' };
}

export interface RuleValues {
  id?: number | undefined;
  /** Made by an Add form: a thing of the same name is a mistake, not the one to update (as a file row would). */
  isNew?: boolean | undefined;
  name: string;
  /** 1-based place in the order; undefined: where it is (a new rule: last). */
  position?: number | undefined;
  category: Ref | null;
  subjectWords: string[];
  descriptionWords: string[];
  pattern: string | null;
  group: Ref;
  person: string | null;
}

type RuleRow = typeof deskRules.$inferSelect;

/** Creates or updates a rule, and puts it at its place in the order (the others keep theirs around it). */
export async function saveRule(run: SetupRun, values: RuleValues): Promise<SaveOutcome> {
  const { tx } = run;
  const rows = await tx.select().from(deskRules).orderBy(asc(deskRules.position), asc(deskRules.id));
  const current = findTarget(rows, values.id, values.name, 'rule', values.isNew);
  const categoryId = values.category === null ? null : (await resolveCategory(tx, values.category)).id;
  const group = await resolveGroup(tx, values.group, 'group');
  const problem = ruleConditionProblem({ ...values, categoryId });
  if (problem) throw new SetupProblem(problem.field, problem.message);
  const others = rows.filter((r) => r.id !== current?.id);
  const currentIndex = current ? rows.findIndex((r) => r.id === current.id) : others.length;
  const wanted = values.position === undefined ? currentIndex + 1 : values.position;
  if (!Number.isInteger(wanted) || wanted < 1)
    throw new SetupProblem('position', 'The place is a whole number from 1 (tried first).');
  const index = Math.min(wanted, others.length + 1) - 1;
  const next = {
    name: values.name,
    categoryId,
    subjectWords: values.subjectWords,
    descriptionWords: values.descriptionWords,
    pattern: values.pattern,
    groupId: group.id,
    assigneeSlackUserId: values.person,
  };
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of Object.keys(next) as (keyof typeof next)[]) {
    const from = current ? current[key] : null;
    if (JSON.stringify(from) !== JSON.stringify(next[key])) changes[key] = { from, to: next[key] };
  }
  if (current && currentIndex !== index) changes.position = { from: currentIndex + 1, to: index + 1 };
  if (current && Object.keys(changes).length === 0) return { id: current.id, outcome: 'unchanged' };
  let id: number;
  if (current) {
    id = current.id;
    await tx
      .update(deskRules)
      .set({ ...next, updatedAt: run.now })
      .where(eq(deskRules.id, id));
  } else {
    const [created] = await tx
      .insert(deskRules)
      .values({ ...next, position: index + 1, createdAt: run.now, updatedAt: run.now })
      .returning({ id: deskRules.id });
    id = created!.id;
  }
  const order: Pick<RuleRow, 'id' | 'position'>[] = [...others];
  order.splice(index, 0, { id, position: -1 });
  await renumber(tx, order);
  await audit(run, 'desk_rule', id, current ? 'updated' : 'created', changes);
  return { id, outcome: current ? 'updated' : 'created' };
}

/** Gives the rules the positions 1, 2, … in the order given, writing only those that move. */
export async function renumber(tx: Tx, order: readonly Pick<RuleRow, 'id' | 'position'>[]): Promise<void> {
  for (const [i, rule] of order.entries()) {
    if (rule.position !== i + 1)
      await tx
        .update(deskRules)
        .set({ position: i + 1 })
        .where(eq(deskRules.id, rule.id));
  }
}
