import type { DeskHomeList } from '../../domain/desk/enums.js';
import type { ServiceContext } from '../context.js';
import type { HomeViewer } from '../home/sections.js';
import { rememberCasesShown } from './cases/home-audience.js';
import {
  deskStanding,
  type HomeCaseList,
  homeCaseList,
  type MyCaseRow,
  myCases,
} from './cases/home-queues.js';

export type { HomeCaseList, HomeCaseRow, LastMessage, MyCaseRow } from './cases/home-queues.js';

/** Everyone: the "Open a case" button, and the cases they opened or were opened for. */
export interface MyCasesSection {
  module: 'desk';
  kind: 'my_cases';
  band: 'own';
  cases: HomeCaseList<MyCaseRow>;
  timeZone: string;
}

/** An agent's queue: assigned to them, their groups' unassigned, and the deferred with due dates. */
export interface QueueSection {
  module: 'desk';
  kind: 'queue';
  band: 'waiting';
  assigned: HomeCaseList;
  unassigned: HomeCaseList;
  deferred: HomeCaseList;
  timeZone: string;
}

/** Triage: cases nobody routed, and the ones escalated for staying pending too long. */
export interface TriageSection {
  module: 'desk';
  kind: 'triage';
  band: 'waiting';
  unrouted: HomeCaseList;
  escalated: HomeCaseList;
  timeZone: string;
}

export type DeskHomeSection = MyCasesSection | QueueSection | TriageSection;

/** Where the person paged each desk list to (the Home's page buttons); left out, the first page. */
export type DeskHomePages = Partial<Record<DeskHomeList, number>>;

/** The desk's part of the Home (SPEC §5, issue 16 items 6 and 8), by how the person stands to the desk. */
export async function deskHomeSections(
  ctx: ServiceContext,
  viewer: HomeViewer,
  pages: DeskHomePages = {},
): Promise<DeskHomeSection[]> {
  const { userId } = viewer;
  const timeZone = ctx.calendar.timeZone;
  const at = (list: DeskHomeList) => pages[list] ?? 0;
  const standing = await deskStanding(ctx.db, userId);
  const sections: DeskHomeSection[] = [];
  if (standing.triage) {
    sections.push({
      module: 'desk',
      kind: 'triage',
      band: 'waiting',
      unrouted: await homeCaseList(ctx.db, userId, 'unrouted', at('unrouted')),
      escalated: await homeCaseList(ctx.db, userId, 'escalated', at('escalated')),
      timeZone,
    });
  }
  if (standing.agent) {
    sections.push({
      module: 'desk',
      kind: 'queue',
      band: 'waiting',
      assigned: await homeCaseList(ctx.db, userId, 'assigned', at('assigned')),
      unassigned: await homeCaseList(ctx.db, userId, 'unassigned', at('unassigned')),
      deferred: await homeCaseList(ctx.db, userId, 'deferred', at('deferred')),
      timeZone,
    });
  }
  sections.push({
    module: 'desk',
    kind: 'my_cases',
    band: 'own',
    cases: await myCases(ctx.db, userId, at('mine')),
    timeZone,
  });
  rememberCasesShown(ctx, userId, casesIn(sections));
  return sections;
}

/** Every case a set of desk sections shows. */
function casesIn(sections: readonly DeskHomeSection[]): number[] {
  return sections.flatMap((s) => {
    const lists =
      s.kind === 'my_cases'
        ? [s.cases]
        : s.kind === 'queue'
          ? [s.assigned, s.unassigned, s.deferred]
          : [s.unrouted, s.escalated];
    return lists.flatMap((l) => [
      ...l.cases.map((c) => c.caseId),
      ...(l.oldestWaiting ? [l.oldestWaiting.caseId] : []),
    ]);
  });
}
