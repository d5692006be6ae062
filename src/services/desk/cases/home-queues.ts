import { and, asc, count, desc, eq, gt, isNotNull, isNull, notInArray, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../../../db/client.js';
import { prepared, preparedFor } from '../../../../db/prepared.js';
import { deskCaseMessages, deskCases, deskGroupMembers, deskGroups } from '../../../../db/schema/index.js';
import {
  type CaseImpact,
  type CaseStatus,
  caseStatuses,
  type DeskHomeList,
  finishedCaseStatuses,
  staffTurnCaseStatuses,
} from '../../../domain/desk/enums.js';
import type { CasePerson } from '../../../domain/desk/notices.js';

/** A case as a Home list shows it: a line of facts and its due date when it has one. */
export interface HomeCaseRow {
  caseId: number;
  version: number;
  subject: string;
  status: CaseStatus;
  impact: CaseImpact;
  group: string | null;
  assignee: string | null;
  /** Whom the case is for: the contact, else the reporter. */
  requester: CasePerson;
  openedAt: Date;
  dueAt: Date | null;
  escalatedAt: Date | null;
}

/** The last word of a case's conversation a requester may read. */
export interface LastMessage {
  author: CasePerson;
  side: 'staff' | 'requester';
  at: Date;
  text: string;
}

export interface MyCaseRow extends HomeCaseRow {
  lastMessage: LastMessage | null;
}

/** One page of a Home list: the cases from `offset` on, how many there are, and who waits longest. */
export interface HomeCaseList<Row extends HomeCaseRow = HomeCaseRow> {
  list: DeskHomeList;
  total: number;
  offset: number;
  cases: Row[];
  /** Of the whole list (not only this page): the case whose next move is staff's, opened longest ago. */
  oldestWaiting: HomeCaseRow | null;
}

/** Cases a Home list fetches for one page; the Home shows as many of them as fit. */
export const deskHomePageSize = 8;

const rowColumns = () => ({
  caseId: deskCases.id,
  version: deskCases.version,
  subject: deskCases.subject,
  status: deskCases.status,
  impact: deskCases.impact,
  group: deskGroups.name,
  assignee: deskCases.assigneeSlackUserId,
  reporterSlackUserId: deskCases.reporterSlackUserId,
  reporterName: deskCases.reporterName,
  reporterEmail: deskCases.reporterEmail,
  contactSlackUserId: deskCases.contactSlackUserId,
  contactName: deskCases.contactName,
  contactEmail: deskCases.contactEmail,
  openedAt: deskCases.openedAt,
  dueAt: deskCases.dueAt,
  escalatedAt: deskCases.escalatedAt,
});
type RowColumns = ReturnType<typeof rowColumns>;
type RawRow = {
  [K in keyof RowColumns]: RowColumns[K]['_']['notNull'] extends true
    ? RowColumns[K]['_']['data']
    : RowColumns[K]['_']['data'] | null;
};

function toRow(raw: RawRow): HomeCaseRow {
  const contact = raw.contactSlackUserId !== null || raw.contactEmail !== null;
  return {
    caseId: raw.caseId,
    version: raw.version,
    subject: raw.subject,
    status: raw.status,
    impact: raw.impact,
    group: raw.group,
    assignee: raw.assignee,
    requester: contact
      ? { slackUserId: raw.contactSlackUserId, name: raw.contactName, email: raw.contactEmail }
      : { slackUserId: raw.reporterSlackUserId, name: raw.reporterName, email: raw.reporterEmail },
    openedAt: raw.openedAt,
    dueAt: raw.dueAt,
    escalatedAt: raw.escalatedAt,
  };
}

/**
 * What each list holds; every condition names only `userId` as a placeholder. Built per database:
 * the tables' columns are PostgreSQL's once a PostgreSQL database is open, and a bound instant
 * is written the way its database keeps it.
 */
function listConditions() {
  const user = sql.placeholder('userId');
  const active = notInArray(deskCases.status, [...finishedCaseStatuses]);
  const activeNotDeferred = notInArray(deskCases.status, [...finishedCaseStatuses, 'deferred']);
  // Written as "not one of the others": a list of statuses to look up would lead SQLite's planner to
  // walk every open case by status instead of the few the list's own conditions find.
  const notIn = (statuses: readonly CaseStatus[]) =>
    notInArray(
      deskCases.status,
      caseStatuses.filter((status) => !statuses.includes(status)),
    );

  /** The person's support groups other than triage (as a member or as the main person). */
  const myGroupIds = sql`(select ${deskGroupMembers.groupId} from ${deskGroupMembers}
    join ${deskGroups} on ${deskGroups.id} = ${deskGroupMembers.groupId}
    where ${deskGroupMembers.slackUserId} = ${user} and ${deskGroups.isTriage} = ${false}
    union select ${deskGroups.id} from ${deskGroups}
    where ${deskGroups.mainSlackUserId} = ${user} and ${deskGroups.isTriage} = ${false})`;
  const triageGroupIds = sql`(select ${deskGroups.id} from ${deskGroups} where ${deskGroups.isTriage} = ${true})`;

  /** What each list holds; every condition names only `userId` as a placeholder. */
  const lists: Record<DeskHomeList, { where: SQL; order: SQL[] }> = {
    mine: {
      where: or(eq(deskCases.reporterSlackUserId, user), eq(deskCases.contactSlackUserId, user))!,
      order: [desc(deskCases.openedAt), desc(deskCases.id)],
    },
    assigned: {
      where: and(eq(deskCases.assigneeSlackUserId, user), activeNotDeferred)!,
      order: [desc(deskCases.openedAt), desc(deskCases.id)],
    },
    unassigned: {
      where: and(
        isNull(deskCases.assigneeSlackUserId),
        sql`${deskCases.groupId} in ${myGroupIds}`,
        activeNotDeferred,
      )!,
      order: [desc(deskCases.openedAt), desc(deskCases.id)],
    },
    deferred: {
      where: and(
        eq(deskCases.status, 'deferred'),
        or(
          eq(deskCases.assigneeSlackUserId, user),
          and(isNull(deskCases.assigneeSlackUserId), sql`${deskCases.groupId} in ${myGroupIds}`),
        ),
      )!,
      order: [asc(deskCases.dueAt), asc(deskCases.id)],
    },
    unrouted: {
      where: and(or(isNull(deskCases.groupId), sql`${deskCases.groupId} in ${triageGroupIds}`), active)!,
      order: [desc(deskCases.openedAt), desc(deskCases.id)],
    },
    escalated: {
      // Escalated and still waiting for a first answer, wherever it is now (triage's own are "unrouted").
      where: and(
        // A range, so the escalated_at index finds the few escalated cases (IS NOT NULL does not).
        gt(deskCases.escalatedAt, new Date(0)),
        notIn(['new', 'pending']),
        isNotNull(deskCases.groupId),
        sql`${deskCases.groupId} not in ${triageGroupIds}`,
      )!,
      order: [desc(deskCases.escalatedAt), desc(deskCases.id)],
    },
  };
  return lists;
}

// Prepared once per database: the Home is built on every tab open and after every change it shows.
const statements = preparedFor((db: Db) => {
  const lists = listConditions();
  const user = sql.placeholder('userId');
  const active = notInArray(deskCases.status, [...finishedCaseStatuses]);
  const build = (list: DeskHomeList) => {
    const { where, order } = lists[list];
    const staffTurn = notInArray(
      deskCases.status,
      caseStatuses.filter((status) => !staffTurnCaseStatuses.includes(status)),
    );
    return {
      page: prepared(
        db
          .select(rowColumns())
          .from(deskCases)
          .leftJoin(deskGroups, eq(deskGroups.id, deskCases.groupId))
          .where(where)
          .orderBy(...order)
          .limit(sql.placeholder('limit'))
          .offset(sql.placeholder('offset')),
        `desk-home-${list}-page`,
      ),
      total: prepared(db.select({ n: count() }).from(deskCases).where(where), `desk-home-${list}-total`),
      oldest: prepared(
        db
          .select(rowColumns())
          .from(deskCases)
          .leftJoin(deskGroups, eq(deskGroups.id, deskCases.groupId))
          .where(and(where, staffTurn))
          // An expression, not the column: SQLite would otherwise walk an index in opening order
          // through every case of every group to find the first of this list, instead of
          // taking the list's few rows by its own conditions and sorting those.
          .orderBy(sql`coalesce(${deskCases.openedAt}, ${deskCases.openedAt})`, asc(deskCases.id))
          .limit(1),
        `desk-home-${list}-oldest`,
      ),
    };
  };
  return {
    lists: {
      mine: build('mine'),
      assigned: build('assigned'),
      unassigned: build('unassigned'),
      deferred: build('deferred'),
      unrouted: build('unrouted'),
      escalated: build('escalated'),
    } satisfies Record<DeskHomeList, unknown>,
    standing: prepared(
      db
        .select({ id: deskGroups.id, isTriage: deskGroups.isTriage })
        .from(deskGroups)
        .where(
          or(
            eq(deskGroups.mainSlackUserId, user),
            sql`${deskGroups.id} in (select ${deskGroupMembers.groupId} from ${deskGroupMembers} where ${deskGroupMembers.slackUserId} = ${user})`,
          ),
        ),
      'desk-home-standing',
    ),
    assignedAny: prepared(
      db
        .select({ id: deskCases.id })
        .from(deskCases)
        .where(and(eq(deskCases.assigneeSlackUserId, user), active))
        .limit(1),
      'desk-home-assigned-any',
    ),
  };
});

/** How a person stands to the desk on their Home: agent of some group, member of triage. */
export async function deskStanding(db: Db, userId: string): Promise<{ agent: boolean; triage: boolean }> {
  const s = statements(db);
  const groups = await s.standing.execute({ userId });
  const agent = groups.length > 0 || (await s.assignedAny.execute({ userId })).length > 0;
  return { agent, triage: groups.some((g) => g.isTriage) };
}

/** One page of one of the person's Home lists. */
export async function homeCaseList(
  db: Db,
  userId: string,
  list: DeskHomeList,
  offset: number,
  limit = deskHomePageSize,
): Promise<HomeCaseList> {
  const s = statements(db).lists[list];
  const [[total], [oldest]] = [await s.total.execute({ userId }), await s.oldest.execute({ userId })];
  const n = Number(total?.n ?? 0);
  // A page past the end (the list shrank since the button was drawn) shows the last page.
  const start = offset >= n ? Math.max(0, n - limit) : offset;
  const page = n === 0 ? [] : await s.page.execute({ userId, limit, offset: start });
  return {
    list,
    total: n,
    offset: start,
    cases: (page as RawRow[]).map(toRow),
    oldestWaiting: list === 'mine' || !oldest ? null : toRow(oldest as RawRow),
  };
}

/** The requester's cases (as reporter or contact), each with the last message they may read. */
export async function myCases(db: Db, userId: string, offset: number): Promise<HomeCaseList<MyCaseRow>> {
  const page = await homeCaseList(db, userId, 'mine', offset);
  const ids = page.cases.map((c) => c.caseId);
  const last = new Map<number, LastMessage>();
  if (ids.length > 0) {
    const rows = await db
      .select({
        caseId: deskCaseMessages.caseId,
        side: deskCaseMessages.side,
        authorSlackUserId: deskCaseMessages.authorSlackUserId,
        authorName: deskCaseMessages.authorName,
        authorEmail: deskCaseMessages.authorEmail,
        text: deskCaseMessages.text,
        at: deskCaseMessages.at,
      })
      .from(deskCaseMessages)
      .where(
        sql`${deskCaseMessages.id} in (select (select m.id from ${deskCaseMessages} m
          where m.case_id = c.id and m.internal = ${false} and m.deleted_at is null
          order by m.at desc, m.id desc limit 1)
          from ${deskCases} c where c.id in (${sql.join(
            ids.map((id) => sql`${id}`),
            sql`, `,
          )}))`,
      );
    for (const r of rows)
      last.set(r.caseId, {
        author: { slackUserId: r.authorSlackUserId, name: r.authorName, email: r.authorEmail },
        side: r.side,
        at: r.at,
        text: r.text,
      });
  }
  return { ...page, cases: page.cases.map((c) => ({ ...c, lastMessage: last.get(c.caseId) ?? null })) };
}
