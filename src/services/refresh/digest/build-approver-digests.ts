import { sql } from 'drizzle-orm';
import { closedRefreshStatuses, type RefreshStatus, refreshStatuses } from '../../../domain/refresh/enums.js';
import type { ServiceContext } from '../../context.js';
import { computerLabel } from '../../notices/index.js';

/** Tickets listed per status; the rest are counted ("…and 12 more"). */
export const digestTicketsPerStatus = 10;

type ClosedStatus = (typeof closedRefreshStatuses)[number];
type OpenStatus = Exclude<RefreshStatus, ClosedStatus>;

/** What awaits the approver first (SPEC §2.2), then the open statuses in the order tickets move. */
export const digestStatusOrder: readonly OpenStatus[] = [
  'requires_approval',
  ...refreshStatuses.filter(
    (status): status is OpenStatus =>
      status !== 'requires_approval' && !(closedRefreshStatuses as readonly string[]).includes(status),
  ),
];

export interface DigestTicket {
  id: number;
  computer: string;
  customer: string;
  config: string;
}

export interface DigestGroup {
  status: OpenStatus;
  count: number;
  /** Longest in this status first, at most `digestTicketsPerStatus`. */
  tickets: DigestTicket[];
  /** Tickets counted but not listed. */
  more: number;
}

export interface ApproverDigest {
  approver: string;
  /** The approver's `people` row; null when Otto does not know them. */
  personId: number | null;
  name: string | null;
  /** From the `people` row with the approver's Slack id; null when Otto does not know it. */
  email: string | null;
  awaiting: number;
  open: number;
  /** Non-empty open statuses, `requires_approval` first. */
  groups: DigestGroup[];
  closed: Record<ClosedStatus, number>;
}

interface GroupRow {
  approver: string;
  status: RefreshStatus;
  /** Tickets of this approver in this status. */
  count: number;
  /** Null on the count-only row of a closed status. */
  id: number | null;
  serial: string | null;
  systemName: string | null;
  customer: string | null;
  config: string | null;
}

interface PersonRow {
  id: number;
  approver: string;
  name: string | null;
  email: string;
}

const closedList = sql.raw(closedRefreshStatuses.map((status) => `'${status}'`).join(', '));

/**
 * Every approver's Friday digest (SPEC §2.2): the tickets of their configs by status, what awaits
 * them first. Two queries for all approvers together, so 1,000 approvers cost no more round trips
 * than one: one window pass ranks each approver's tickets per status and counts them, keeping the
 * first few of each open status (only those are joined to their system, user and config) and one
 * row per closed status for its count; the other reads the approvers' names and addresses.
 * Approvers without an open ticket are left out: they have nothing to hear.
 */
export async function buildApproverDigests(
  ctx: Pick<ServiceContext, 'db'>,
  options: {
    ticketsPerStatus?: number /** One approver's digest only (Slack id): the web page's. */;
    approver?: string;
  } = {},
): Promise<ApproverDigest[]> {
  const perStatus = Math.max(1, options.ticketsPerStatus ?? digestTicketsPerStatus);
  const onlyApprover =
    options.approver === undefined ? sql`` : sql`where ca.slack_user_id = ${options.approver}`;
  const onlyPerson = options.approver === undefined ? sql`` : sql`and p.slack_user_id = ${options.approver}`;
  return ctx.db.transaction(async (tx) => {
    const groups = await tx.rows<GroupRow>(sql`
      select r.approver as "approver", r.status as "status", r.count as "count",
        t.id as "id", s.serial as "serial", s.name as "systemName",
        coalesce(u.name, u.email) as "customer", c.name as "config"
      from (
        select ca.slack_user_id as approver, t.status as status, t.id as ticket_id,
          row_number() over w as rank, count(*) over (partition by ca.slack_user_id, t.status) as count
        from config_approvers ca
        join refresh_tickets t on t.config_id = ca.config_id
        ${onlyApprover}
        window w as (partition by ca.slack_user_id, t.status order by t.updated_at, t.id)
      ) r
      left join refresh_tickets t on t.id = r.ticket_id and r.status not in (${closedList})
      left join systems s on s.id = t.existing_system_id
      left join refresh_configs c on c.id = t.config_id
      left join people u on u.id = t.user_id
      where r.rank <= case when r.status in (${closedList}) then 1 else ${perStatus} end
      order by r.approver, r.rank`);
    const persons = await tx.rows<PersonRow>(sql`
      select p.id as "id", p.slack_user_id as "approver", p.name as "name", p.email as "email"
      from people p
      where p.slack_user_id in (select slack_user_id from config_approvers) ${onlyPerson}`);
    return assemble(groups, persons);
  });
}

function assemble(rows: GroupRow[], persons: PersonRow[]): ApproverDigest[] {
  const byApprover = new Map<
    string,
    { counts: Map<RefreshStatus, number>; listed: Map<RefreshStatus, DigestTicket[]> }
  >();
  for (const row of rows) {
    let found = byApprover.get(row.approver);
    if (!found) {
      found = { counts: new Map(), listed: new Map() };
      byApprover.set(row.approver, found);
    }
    found.counts.set(row.status, row.count);
    if (row.id === null || row.serial === null) continue;
    let list = found.listed.get(row.status);
    if (!list) {
      list = [];
      found.listed.set(row.status, list);
    }
    list.push({
      id: row.id,
      computer: computerLabel({ name: row.systemName, serial: row.serial }),
      customer: row.customer ?? 'no user',
      config: row.config ?? '',
    });
  }
  const people = new Map(persons.map((person) => [person.approver, person]));

  const digests: ApproverDigest[] = [];
  for (const [approver, found] of byApprover) {
    const groups: DigestGroup[] = [];
    for (const status of digestStatusOrder) {
      const count = found.counts.get(status) ?? 0;
      if (count === 0) continue;
      const tickets = found.listed.get(status) ?? [];
      groups.push({ status, count, tickets, more: count - tickets.length });
    }
    if (groups.length === 0) continue;
    const person = people.get(approver);
    digests.push({
      approver,
      personId: person ? Number(person.id) : null,
      name: person?.name ?? null,
      email: person?.email ?? null,
      awaiting: found.counts.get('requires_approval') ?? 0,
      open: groups.reduce((sum, group) => sum + group.count, 0),
      groups,
      closed: { complete: found.counts.get('complete') ?? 0, canceled: found.counts.get('canceled') ?? 0 },
    });
  }
  return digests;
}
