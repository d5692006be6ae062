import { type CaseStatus, caseStatuses, caseStatusInfo } from './enums.js';

// A case's story as its people read it: its history and its conversation, one sentence per thing
// that happened, naming people and groups as they are known, never the ids and JSON the rows keep.

/** A part of a sentence: text, or a person by their Slack id (shown by name where one is known). */
export type StoryPart = string | { user: string };

export interface StoryLine {
  at: Date;
  parts: StoryPart[];
  /** Said or done among staff only: never shown to a requester. */
  internal: boolean;
}

/** One row of desk_case_history, as the service reads it. */
export interface CaseHistoryRecord {
  at: Date;
  action: string;
  actor: string;
  detail: Record<string, unknown> | null;
}

/** One row of desk_case_messages, as the service reads it. */
export interface CaseMessageRecord {
  at: Date;
  side: 'staff' | 'requester';
  internal: boolean;
  authorSlackUserId: string | null;
  authorName: string | null;
  authorEmail: string | null;
  text: string;
  editedAt: Date | null;
  deletedAt: Date | null;
}

/** What the sentences name, looked up by the service from the ids the rows keep. */
export interface StoryNames {
  /** A group by id. */
  group(id: number): string | undefined;
  /** A person by e-mail address, when the rows name them that way. */
  person(ref: string): string | undefined;
  /** Formats a moment named in a detail (a due date) in the reader's zone. */
  moment(at: Date): string;
}

/** The longest a message is quoted in the story; the rest is cut with an ellipsis. */
export const storyQuoteMax = 600;

const cut = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

const isSlackId = (ref: string) => /^[UW][A-Z0-9]{2,}$/.test(ref);

/** The actor of a change: a Slack user, an e-mail address (by name when known), or Otto itself. */
function actorPart(ref: string, names: StoryNames): StoryPart {
  if (ref === 'otto') return 'Otto';
  if (isSlackId(ref)) return { user: ref };
  return names.person(ref) ?? ref;
}

const statusLabel = (value: unknown): string =>
  typeof value === 'string' && (caseStatuses as readonly string[]).includes(value)
    ? caseStatusInfo[value as CaseStatus].label
    : 'none';

/** A changed value as words: statuses by label, people by name, groups by name, times in the reader's zone. */
function valuePart(field: string, value: unknown, names: StoryNames): StoryPart {
  if (value === null || value === undefined || value === '') return 'none';
  if (field === 'status') return statusLabel(value);
  if (typeof value === 'string' && isSlackId(value)) return { user: value };
  if ((field === 'groupId' || field === 'group') && typeof value === 'number')
    return names.group(value) ?? 'a group since removed';
  if (value instanceof Date) return names.moment(value);
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value)) {
    const at = new Date(value);
    if (!Number.isNaN(at.getTime())) return names.moment(at);
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return cut(String(value), 200);
  return 'a new value';
}

const fieldWords: Record<string, string> = {
  status: 'the status',
  assignee: 'the assignee',
  assigneeSlackUserId: 'the assignee',
  groupId: 'the group',
  group: 'the group',
  dueAt: 'the due date',
  impact: 'the impact',
  categoryId: 'the category',
  subject: 'the subject',
};

/** `{ field: { from, to } }` entries of a detail, as "the status from Pending to Open". */
function changeParts(detail: Record<string, unknown>, names: StoryNames): StoryPart[] | undefined {
  const changes = Object.entries(detail).filter(
    (entry): entry is [string, { from?: unknown; to?: unknown }] =>
      typeof entry[1] === 'object' && entry[1] !== null && 'to' in entry[1],
  );
  if (changes.length === 0) return undefined;
  const parts: StoryPart[] = [];
  changes.forEach(([field, change], i) => {
    if (i > 0) parts.push(i === changes.length - 1 ? ' and ' : ', ');
    const words = fieldWords[field] ?? field.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
    parts.push(`${words} `);
    if (change.from !== undefined && change.from !== null)
      parts.push('from ', valuePart(field, change.from, names), ' ');
    parts.push('to ', valuePart(field, change.to, names));
  });
  return parts;
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value : undefined;

/** How a case came: "by e-mail", "from a refresh ticket"; Slack needs no words. */
const sourceWords: Record<string, string> = { email: ' by e-mail', refresh: ' for a refresh ticket' };

/** Actions with a fixed verb, for history rows whose detail says nothing more. */
const verbs: Record<string, string> = {
  taken: 'took the case',
  assigned: 'assigned the case',
  reassigned: 'reassigned the case',
  status: 'changed the status',
  escalated: 'escalated the case to triage',
  resolved: 'resolved the case',
  closed: 'closed the case',
  reopened: 'reopened the case',
  card_moved: 'moved the case card',
};

/** One history row as a sentence. */
export function historySentence(record: CaseHistoryRecord, names: StoryNames): StoryLine {
  const detail = record.detail ?? {};
  const actor = actorPart(record.actor, names);
  const line = (...parts: StoryPart[]): StoryLine => ({ at: record.at, parts, internal: false });
  switch (record.action) {
    case 'opened': {
      const behalf = text(detail.onBehalfOf);
      const behalfPart: StoryPart[] = behalf
        ? [' for ', isSlackId(behalf) ? { user: behalf } : (names.person(behalf) ?? behalf)]
        : [];
      return line(actor, ' opened the case', ...behalfPart, sourceWords[String(detail.source)] ?? '');
    }
    case 'routed': {
      const group = typeof detail.groupId === 'number' ? names.group(detail.groupId) : undefined;
      const reason = text(detail.reason);
      const assignee = text(detail.assignee);
      const to: StoryPart[] = assignee ? ['; assigned to ', { user: assignee }] : [];
      if (detail.how === 'rule' && group) return line(`Routed to ${group} by `, reason ?? 'a rule', ...to);
      if (detail.how === 'unrouted' || !group)
        return line('Not routed: no rule matched and there is no triage group');
      return line(`Routed to ${group}`, reason ? ` (${reason})` : '', ...to);
    }
    default: {
      const changes = changeParts(detail, names);
      const reason = text(detail.reason) ?? text(detail.note);
      const why: StoryPart[] = reason ? [`: ${cut(reason, storyQuoteMax)}`] : [];
      if (changes) return line(actor, ' changed ', ...changes, ...why);
      const verb = verbs[record.action] ?? `recorded “${record.action.replace(/_/g, ' ')}”`;
      const whom = text(detail.assignee) ?? text(detail.to);
      const to: StoryPart[] = whom && isSlackId(whom) ? [' to ', { user: whom }] : [];
      return line(actor, ` ${verb}`, ...to, ...why);
    }
  }
}

/** Who wrote a message: their Slack account, else their name, else their address. */
function authorPart(message: CaseMessageRecord): StoryPart {
  if (message.authorSlackUserId) return { user: message.authorSlackUserId };
  return message.authorName ?? message.authorEmail ?? 'Someone';
}

/** A message as a line: "Casey Customer wrote: …", a note marked as such, a deletion said. */
export function messageSentence(message: CaseMessageRecord): StoryLine {
  const author = authorPart(message);
  if (message.deletedAt) return { at: message.at, parts: [author, ' deleted a message'], internal: true };
  const said = cut(message.text.trim(), storyQuoteMax) || '(a file)';
  return {
    at: message.at,
    parts: [
      author,
      message.internal ? ' noted (staff only): ' : ' wrote: ',
      said,
      message.editedAt ? ' (edited)' : '',
    ],
    internal: message.internal,
  };
}

/**
 * The whole story, oldest first: history and messages in the order they happened. A requester
 * reads their own side of it: the opening and the conversation, never a note, a routing reason
 * or a deleted message.
 */
export function caseStory(
  history: readonly CaseHistoryRecord[],
  messages: readonly CaseMessageRecord[],
  names: StoryNames,
  reader: 'staff' | 'requester',
): StoryLine[] {
  const lines = [
    ...history
      .filter((record) => reader === 'staff' || record.action === 'opened')
      .map((record) => historySentence(record, names)),
    ...messages.map(messageSentence),
  ];
  return lines
    .filter((line) => reader === 'staff' || !line.internal)
    .map((line, i) => ({ line, i }))
    .sort((a, b) => a.line.at.getTime() - b.line.at.getTime() || a.i - b.i)
    .map(({ line }) => line);
}
