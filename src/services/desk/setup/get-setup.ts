import { asc } from 'drizzle-orm';
import {
  deskAccountMembers,
  deskAccounts,
  deskCategories,
  deskEnvironments,
  deskGroupMembers,
  deskGroups,
  deskRules,
} from '../../../../db/schema/index.js';
import type { CaseStatus } from '../../../domain/desk/enums.js';
import type { ServiceContext } from '../../context.js';
import { requireDeskAdmin } from './access.js';

export interface DeskGroupView {
  id: number;
  name: string;
  slackChannelId: string | null;
  mainSlackUserId: string | null;
  isTriage: boolean;
  members: string[];
}

export interface DeskCategoryView {
  id: number;
  name: string;
  defaultGroupId: number | null;
  statuses: CaseStatus[];
}

export interface DeskAccountView {
  id: number;
  name: string;
  environments: string[];
  members: string[];
}

export interface DeskRuleView {
  id: number;
  position: number;
  name: string;
  categoryId: number | null;
  subjectWords: string[];
  descriptionWords: string[];
  pattern: string | null;
  groupId: number;
  assigneeSlackUserId: string | null;
}

/** Everything the desk is set up with, for the set-up modal and the dispatcher. */
export interface DeskSetup {
  groups: DeskGroupView[];
  categories: DeskCategoryView[];
  accounts: DeskAccountView[];
  rules: DeskRuleView[];
}

/** Reads the whole set-up (a desk has tens of groups and categories, at most a few thousand rules). */
export async function readDeskSetup(ctx: Pick<ServiceContext, 'db'>): Promise<DeskSetup> {
  const [groups, members, categories, accounts, environments, accountMembers, rules] = [
    await ctx.db.select().from(deskGroups).orderBy(asc(deskGroups.name)),
    await ctx.db.select().from(deskGroupMembers),
    await ctx.db.select().from(deskCategories).orderBy(asc(deskCategories.name)),
    await ctx.db.select().from(deskAccounts).orderBy(asc(deskAccounts.name)),
    await ctx.db.select().from(deskEnvironments).orderBy(asc(deskEnvironments.name)),
    await ctx.db.select().from(deskAccountMembers),
    await ctx.db.select().from(deskRules).orderBy(asc(deskRules.position), asc(deskRules.id)),
  ];
  return {
    groups: groups.map((g) => ({
      id: g.id,
      name: g.name,
      slackChannelId: g.slackChannelId,
      mainSlackUserId: g.mainSlackUserId,
      isTriage: g.isTriage,
      members: members.filter((m) => m.groupId === g.id).map((m) => m.slackUserId),
    })),
    categories: categories.map((c) => ({
      id: c.id,
      name: c.name,
      defaultGroupId: c.defaultGroupId,
      statuses: c.statuses,
    })),
    accounts: accounts.map((a) => ({
      id: a.id,
      name: a.name,
      environments: environments.filter((e) => e.accountId === a.id).map((e) => e.name),
      members: accountMembers.filter((m) => m.accountId === a.id).map((m) => m.slackUserId),
    })),
    rules: rules.map((r) => ({
      id: r.id,
      position: r.position,
      name: r.name,
      categoryId: r.categoryId,
      subjectWords: r.subjectWords,
      descriptionWords: r.descriptionWords,
      pattern: r.pattern,
      groupId: r.groupId,
      assigneeSlackUserId: r.assigneeSlackUserId,
    })),
  };
}

/** The set-up, for a desk admin. */
export async function getDeskSetup(ctx: ServiceContext, actor: string): Promise<DeskSetup> {
  await requireDeskAdmin(ctx, actor, 'set up the service desk');
  return await readDeskSetup(ctx);
}
