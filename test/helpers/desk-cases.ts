import type { Db } from '../../db/client.js';
import { deskCaseMessages, deskCases } from '../../db/schema/index.js';
import type { CaseImpact, CaseStatus } from '../../src/domain/desk/enums.js';
import { shownBySlack } from './slack.js';

// A case's conversation written straight to the database: the relay's own tests drive the threads.

export interface SaidInCase {
  caseId: number;
  side: 'staff' | 'requester';
  author: { slackUserId?: string; name?: string; email?: string };
  text: string;
  at: Date;
  internal?: boolean;
  deletedAt?: Date;
}

export async function sayInCase(db: Db, said: SaidInCase): Promise<void> {
  await db.insert(deskCaseMessages).values({
    caseId: said.caseId,
    side: said.side,
    internal: said.internal ?? false,
    authorSlackUserId: said.author.slackUserId ?? null,
    authorName: said.author.name ?? null,
    authorEmail: said.author.email ?? null,
    text: said.text,
    relayedAs: [],
    deletedAt: said.deletedAt ?? null,
    at: said.at,
  });
}

/** The blocks' texts as Slack shows them, one per line (dates by their fallback text). */
export function shown(blocks: unknown[] | undefined): string {
  const texts: string[] = [];
  const walk = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      const o = value as Record<string, unknown>;
      if (typeof o.text === 'string') texts.push(o.text);
      for (const [key, v] of Object.entries(o)) if (key !== 'text' || typeof v !== 'string') walk(v);
    }
  };
  walk(blocks);
  return shownBySlack(texts.join('\n')).replace(/<!date\^[^|>]*\|([^>]*)>/g, '$1');
}

export interface CaseSeed {
  subject: string;
  groupId: number | null;
  assignee?: string | null;
  status?: CaseStatus;
  reporter?: { slackUserId: string; name: string; email: string };
  contact?: { slackUserId: string; name: string; email: string };
  impact?: CaseImpact;
  openedAt: Date;
  dueAt?: Date;
  escalatedAt?: Date;
}

/** Cases written in bulk, as they stand after their lives so far (the Home's tests list many). */
export async function insertCases(db: Db, cases: readonly CaseSeed[]): Promise<number[]> {
  const ids: number[] = [];
  for (const c of cases) {
    const reporter = c.reporter ?? {
      slackUserId: 'U0CUSTOMR',
      name: 'Casey Customer',
      email: 'casey@example.edu',
    };
    const contact = c.contact ?? reporter;
    const [row] = await db
      .insert(deskCases)
      .values({
        source: 'slack',
        reporterSlackUserId: reporter.slackUserId,
        reporterName: reporter.name,
        reporterEmail: reporter.email,
        contactSlackUserId: contact.slackUserId,
        contactName: contact.name,
        contactEmail: contact.email,
        impact: c.impact ?? 'medium',
        subject: c.subject,
        description: 'Written by the test.',
        groupId: c.groupId,
        assigneeSlackUserId: c.assignee ?? null,
        status: c.status ?? 'pending',
        statusChangedAt: c.openedAt,
        dueAt: c.dueAt ?? null,
        escalatedAt: c.escalatedAt ?? null,
        openedAt: c.openedAt,
        updatedAt: c.openedAt,
      })
      .returning({ id: deskCases.id });
    ids.push(row!.id);
  }
  return ids;
}
