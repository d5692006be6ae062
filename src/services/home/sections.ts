import type { DeskHomeList } from '../../domain/desk/enums.js';
import type { HeldRole } from '../people/access.js';

/**
 * Where a section stands on the Home: what waits for the person's action first, then their
 * team's tools, then their own requests.
 */
export const homeBands = ['waiting', 'team', 'own'] as const;
export type HomeBand = (typeof homeBands)[number];

/** Who the Home is for: what each module's sections are chosen by. */
export interface HomeViewer {
  userId: string;
  roles: readonly HeldRole[];
}

/** What the person chose on their Home: the calendar's team filter, the page of each desk list. */
export interface HomeOptions {
  calendarTeam?: string | undefined;
  deskPages?: Partial<Record<DeskHomeList, number>> | undefined;
}
