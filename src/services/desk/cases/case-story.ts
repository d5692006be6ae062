import { asc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import {
  deskCaseFiles,
  deskCaseHistory,
  deskCaseMessages,
  deskGroups,
  people,
} from '../../../../db/schema/index.js';
import { formatMoment, isTimeZone } from '../../../domain/calendar/format-date-time.js';
import type { CaseSummaryView } from '../../../domain/desk/notices.js';
import { type CaseMessageRecord, caseStory, type StoryLine } from '../../../domain/desk/story.js';
import { SlackUserId } from '../../../domain/slack-ids.js';
import type { ServiceContext } from '../../context.js';
import { invalid } from '../../errors.js';
import { requireCaseReader } from './access.js';
import { caseSummary, loadCase } from './load-case.js';

export const ShowCaseInput = z.object({
  actor: SlackUserId,
  caseId: z.number().int().positive(),
  /** The reader's zone (Slack's users.info); left out or unknown, the organisation's. */
  timeZone: z.string().optional(),
});
export type ShowCaseInput = z.infer<typeof ShowCaseInput>;

/** A case as one reader may see it: staff the card and the whole story, a requester their side. */
export interface CaseStoryView {
  reader: 'staff' | 'requester';
  summary: CaseSummaryView;
  description: string;
  /** The names of the files kept with the case. */
  files: string[];
  /** Oldest first. */
  lines: StoryLine[];
  /** People's names by Slack id, where Otto knows them; the others are shown by Slack itself. */
  names: Record<string, string>;
}

/**
 * `/otto case <number>` and "Open case" (SPEC §4, issue 16 items 4 and 9): the case for its staff
 * (group, assignee, triage, desk admins) and its requesters; anyone else is refused without
 * learning what it is about.
 */
export async function showCase(ctx: ServiceContext, raw: ShowCaseInput): Promise<CaseStoryView> {
  const parsed = ShowCaseInput.safeParse(raw);
  if (!parsed.success) throw invalid('That is not a case number Otto can look up.');
  const input = parsed.data;
  const row = await loadCase(ctx.db, input.caseId);
  const access = await requireCaseReader(ctx, row, input.actor);
  const reader = access.staff ? 'staff' : 'requester';
  const timeZone = input.timeZone && isTimeZone(input.timeZone) ? input.timeZone : ctx.calendar.timeZone;

  const [history, messages, files, groups] = [
    await ctx.db
      .select({
        at: deskCaseHistory.at,
        action: deskCaseHistory.action,
        actor: deskCaseHistory.actor,
        detail: deskCaseHistory.detail,
      })
      .from(deskCaseHistory)
      .where(eq(deskCaseHistory.caseId, row.id))
      .orderBy(asc(deskCaseHistory.at), asc(deskCaseHistory.id)),
    (await ctx.db
      .select({
        at: deskCaseMessages.at,
        side: deskCaseMessages.side,
        internal: deskCaseMessages.internal,
        authorSlackUserId: deskCaseMessages.authorSlackUserId,
        authorName: deskCaseMessages.authorName,
        authorEmail: deskCaseMessages.authorEmail,
        text: deskCaseMessages.text,
        editedAt: deskCaseMessages.editedAt,
        deletedAt: deskCaseMessages.deletedAt,
      })
      .from(deskCaseMessages)
      .where(eq(deskCaseMessages.caseId, row.id))
      .orderBy(asc(deskCaseMessages.at), asc(deskCaseMessages.id))) as CaseMessageRecord[],
    await ctx.db
      .select({ name: deskCaseFiles.name })
      .from(deskCaseFiles)
      .where(eq(deskCaseFiles.caseId, row.id))
      .orderBy(asc(deskCaseFiles.id)),
    await ctx.db.select({ id: deskGroups.id, name: deskGroups.name }).from(deskGroups),
  ];

  // Names Otto knows: the requesters as the case keeps them, message authors, and the people table.
  const names: Record<string, string> = {};
  const byEmail = new Map<string, string>();
  const know = (slackUserId: string | null, name: string | null, email: string | null) => {
    if (!name) return;
    if (slackUserId && !names[slackUserId]) names[slackUserId] = name;
    if (email) byEmail.set(email.toLowerCase(), name);
  };
  know(row.reporterSlackUserId, row.reporterName, row.reporterEmail);
  know(row.contactSlackUserId, row.contactName, row.contactEmail);
  for (const m of messages) know(m.authorSlackUserId, m.authorName, m.authorEmail);
  const actorIds = [...new Set(history.map((h) => h.actor))].filter((a) => !names[a] && a !== 'otto');
  if (actorIds.length > 0) {
    const known = await ctx.db
      .select({ slackUserId: people.slackUserId, email: people.email, name: people.name })
      .from(people)
      .where(inArray(people.slackUserId, actorIds));
    for (const p of known) know(p.slackUserId, p.name, p.email);
  }
  const groupNames = new Map(groups.map((g) => [g.id, g.name]));
  const lines = caseStory(
    history.map((h) => ({ ...h, detail: h.detail ?? null })),
    messages,
    {
      group: (id) => groupNames.get(id),
      person: (ref) => byEmail.get(ref.toLowerCase()),
      moment: (at) => formatMoment(at, timeZone),
    },
    reader,
  );
  return {
    reader,
    summary: await caseSummary(ctx.db, row, timeZone),
    description: row.description,
    files: files.map((f) => f.name),
    lines,
    names,
  };
}
