import type { ActionsBlock, Button, KnownBlock } from '@slack/types';
import { caseStatusInfo, type DeskHomeList } from '../../src/domain/desk/enums.js';
import type {
  DeskHomeSection,
  HomeCaseList,
  HomeCaseRow,
  MyCaseRow,
  MyCasesSection,
  QueueSection,
  TriageSection,
} from '../../src/services/desk/home-sections.js';
import { ids } from '../../src/slack/ids.js';
import { caseValue, deskHomePageValue } from '../../src/slack/values/desk.js';
import type { RenderedSection } from '../shared/home-section.js';
import { joinMd, type Mrkdwn, md, mrkdwn, plain, slackDate, truncate, userMention } from '../shared/text.js';
import { impactLabel, personMd } from './case-card.js';

/** Home rows that are the viewer's own words: "You". */
interface RowContext {
  viewer: string;
  timeZone: string;
}

const caseButton = (actionId: string, label: string, row: HomeCaseRow, style?: 'primary'): Button => ({
  type: 'button',
  action_id: actionId,
  text: plain(label, 75),
  value: caseValue.encode({ caseId: row.caseId, version: row.version }),
  ...(style && { style }),
});

/** "#12 · Projector in B204 does not turn on", bold. */
const titleMd = (row: HomeCaseRow) => md`*#${row.caseId} · ${truncate(row.subject, 150)}*`;

/** A deferred case's due date, shown on every list that has it (SPEC §4.3). */
const dueMd = (row: HomeCaseRow, timeZone: string): Mrkdwn | undefined =>
  row.dueAt ? md`:calendar: due ${slackDate(row.dueAt, timeZone)}` : undefined;

/** The facts staff read on a queue row. */
function staffFactsMd(row: HomeCaseRow, list: HomeCaseList, ctx: RowContext): Mrkdwn {
  const facts: Mrkdwn[] = [md`${caseStatusInfo[row.status].label}`, md`${impactLabel(row.impact)} impact`];
  if (row.group && list.list !== 'unassigned') facts.push(md`${row.group}`);
  facts.push(md`for ${personMd(row.requester)}`);
  if (row.assignee && row.assignee !== ctx.viewer) facts.push(md`with ${userMention(row.assignee)}`);
  facts.push(md`opened ${slackDate(row.openedAt, ctx.timeZone)}`);
  const due = dueMd(row, ctx.timeZone);
  if (due) facts.push(due);
  if (row.escalatedAt) facts.push(md`:rotating_light: escalated ${slackDate(row.escalatedAt, ctx.timeZone)}`);
  if (list.oldestWaiting?.caseId === row.caseId) facts.push(md`:hourglass_flowing_sand: *waiting longest*`);
  return joinMd(facts, md` · `);
}

function staffRow(row: HomeCaseRow, list: HomeCaseList, ctx: RowContext): KnownBlock[] {
  const text = mrkdwn(md`${titleMd(row)}\n${staffFactsMd(row, list, ctx)}`);
  if (list.list === 'unrouted' || list.list === 'escalated') {
    // Triage works the case from here: Take, Assign, or read it first.
    return [
      { type: 'section', text },
      {
        type: 'actions',
        elements: [
          caseButton(ids.caseTake, 'Take', row, 'primary'),
          caseButton(ids.caseReassign, 'Assign', row),
          caseButton(ids.caseView, 'Open case', row),
        ],
      },
    ];
  }
  return [{ type: 'section', text, accessory: caseButton(ids.caseView, 'Open case', row) }];
}

/** "Ian Agent, Tue 8 Dec at 09:12: “Can you try another cable?”" */
function lastMessageMd(row: MyCaseRow, ctx: RowContext): Mrkdwn {
  const last = row.lastMessage;
  if (!last) return md`_No messages yet._`;
  const who = last.author.slackUserId === ctx.viewer ? md`You` : personMd(last.author);
  const line =
    last.text
      .split('\n')
      .find((l) => l.trim() !== '')
      ?.trim() ?? '(a file)';
  return md`${who}, ${slackDate(last.at, ctx.timeZone)}: “${truncate(line, 150)}”`;
}

function requesterRow(row: MyCaseRow, ctx: RowContext): KnownBlock[] {
  const facts: Mrkdwn[] = [md`*${caseStatusInfo[row.status].label}*`];
  if (row.group) facts.push(md`${row.group}`);
  if (row.requester.slackUserId !== ctx.viewer) facts.push(md`for ${personMd(row.requester)}`);
  facts.push(md`opened ${slackDate(row.openedAt, ctx.timeZone)}`);
  const due = dueMd(row, ctx.timeZone);
  if (due) facts.push(due);
  return [
    {
      type: 'section',
      text: mrkdwn(md`${titleMd(row)}\n${joinMd(facts, md` · `)}\n${lastMessageMd(row, ctx)}`),
      accessory: caseButton(ids.caseView, 'Open case', row),
    },
  ];
}

const pageButton = (actionId: string, label: string, list: DeskHomeList, offset: number): Button => ({
  type: 'button',
  action_id: actionId,
  text: plain(label, 75),
  value: deskHomePageValue.encode({ list, offset }),
});

/** A list as blocks, its rows cut to `rows`: heading, who waits longest, the rows, page buttons. */
interface ListParts {
  /** Blocks around the rows. */
  fixed: number;
  rowBlocks: KnownBlock[][];
  render(rows: number): KnownBlock[];
}

function listParts<Row extends HomeCaseRow>(
  title: string,
  list: HomeCaseList<Row>,
  row: (r: Row) => KnownBlock[],
  ctx: RowContext,
): ListParts {
  const rowBlocks = list.cases.map(row);
  const oldest = list.oldestWaiting;
  const oldestOffPage = oldest && !list.cases.some((c) => c.caseId === oldest.caseId);
  const render = (rows: number): KnownBlock[] => {
    const shown = rowBlocks.slice(0, rows);
    const end = list.offset + shown.length;
    const range =
      list.total > shown.length ? md` · ${list.offset + 1}–${end} of ${list.total}` : md` · ${list.total}`;
    const blocks: KnownBlock[] = [{ type: 'section', text: mrkdwn(md`*${title}*${range}`) }];
    if (oldest && oldestOffPage)
      blocks.push({
        type: 'context',
        elements: [
          mrkdwn(
            md`:hourglass_flowing_sand: Waiting longest: *#${oldest.caseId} · ${truncate(oldest.subject, 100)}*, opened ${slackDate(oldest.openedAt, ctx.timeZone)}`,
          ),
        ],
      });
    blocks.push(...shown.flat());
    const buttons: Button[] = [];
    if (list.offset > 0)
      buttons.push(
        pageButton(ids.caseHomePageBack, 'Previous', list.list, Math.max(0, list.offset - list.cases.length)),
      );
    if (end < list.total) buttons.push(pageButton(ids.caseHomePage, 'Next', list.list, end));
    if (buttons.length > 0) blocks.push({ type: 'actions', elements: buttons } satisfies ActionsBlock);
    return blocks;
  };
  const paged = list.offset > 0 || list.total > list.cases.length;
  return { fixed: 1 + (oldestOffPage ? 1 : 0) + (paged ? 1 : 0), rowBlocks, render };
}

/**
 * Lists that share the room left on the Home: each shows its rows while they fit; when they do
 * not, the longest is cut first (its Next button then starts where it stopped).
 */
function fitLists(head: KnownBlock[], parts: ListParts[], room: number): KnownBlock[] {
  const rows = parts.map((p) => p.rowBlocks.length);
  const size = () =>
    head.length +
    parts.reduce(
      (n, p, i) => n + p.fixed + p.rowBlocks.slice(0, rows[i]).reduce((m, b) => m + b.length, 0),
      0,
    );
  while (size() > room) {
    let longest = -1;
    rows.forEach((n, i) => {
      if (n > 0 && (longest < 0 || n >= rows[longest]!)) longest = i;
    });
    if (longest < 0) break;
    rows[longest]! -= 1;
  }
  if (size() > room) return head.slice(0, Math.max(0, room));
  return [...head, ...parts.flatMap((p, i) => p.render(rows[i]!))];
}

const heading = (title: string): KnownBlock[] => [
  { type: 'divider' },
  { type: 'header', text: plain(title, 150) },
];

const note = (text: Mrkdwn): KnownBlock => ({ type: 'context', elements: [mrkdwn(text)] });

function renderMyCases(section: MyCasesSection, viewer: string): RenderedSection {
  const ctx = { viewer, timeZone: section.timeZone };
  const open: KnownBlock = {
    type: 'actions',
    elements: [
      {
        type: 'button',
        action_id: ids.caseOpen,
        text: plain('Open a case'),
        style: 'primary',
        value: 'open',
      },
    ],
  };
  const { cases } = section;
  if (cases.total === 0) {
    return {
      blocks: [
        ...heading('Service desk'),
        {
          type: 'section',
          text: mrkdwn(md`Something not working? Open a case and the right team will take it up.`),
        },
        open,
      ],
    };
  }
  const parts = listParts('Your cases', cases, (r) => requesterRow(r, ctx), ctx);
  return { blocks: (room) => fitLists([...heading('Your cases'), open], [parts], room) };
}

function renderQueue(section: QueueSection, viewer: string): RenderedSection {
  const ctx = { viewer, timeZone: section.timeZone };
  const lists: Array<[string, HomeCaseList]> = [
    ['Assigned to you', section.assigned],
    ['Unassigned in your groups', section.unassigned],
    ['Deferred', section.deferred],
  ];
  const shown = lists.filter(([, list]) => list.total > 0);
  const head = heading('Your queue');
  if (shown.length === 0)
    return { blocks: [...head, note(md`Nothing is waiting for you or your groups.`)], as: 'Agent' };
  const parts = shown.map(([title, list]) => listParts(title, list, (r) => staffRow(r, list, ctx), ctx));
  return { blocks: (room) => fitLists(head, parts, room), as: 'Agent' };
}

function renderTriage(section: TriageSection, viewer: string): RenderedSection {
  const ctx = { viewer, timeZone: section.timeZone };
  const lists: Array<[string, HomeCaseList]> = [
    ['Unrouted', section.unrouted],
    ['Escalated', section.escalated],
  ];
  const shown = lists.filter(([, list]) => list.total > 0);
  const head = heading('Triage');
  if (shown.length === 0)
    return { blocks: [...head, note(md`Nothing to route and nothing escalated.`)], as: 'Triage' };
  const parts = shown.map(([title, list]) => listParts(title, list, (r) => staffRow(r, list, ctx), ctx));
  return { blocks: (room) => fitLists(head, parts, room), as: 'Triage' };
}

/** The desk's sections of the Home (issue 16 items 6 and 8). */
export function renderDeskHomeSection(section: DeskHomeSection, viewer: string): RenderedSection {
  switch (section.kind) {
    case 'my_cases':
      return renderMyCases(section, viewer);
    case 'queue':
      return renderQueue(section, viewer);
    case 'triage':
      return renderTriage(section, viewer);
  }
}
