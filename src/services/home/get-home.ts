import type { RoleName } from '../../domain/enums.js';
import type { ServiceContext } from '../context.js';
import { type DeskHomeSection, deskHomeSections } from '../desk/home-sections.js';
import { rolesOf } from '../people/access.js';
import { type RefreshHomeSection, refreshHomeSections } from '../refresh/home-sections.js';
import { type SchedulingHomeSection, schedulingHomeSections } from '../scheduling/home-sections.js';
import { type HomeOptions, homeBands } from './sections.js';

export type { HomeOptions } from './sections.js';

/** A part of the Home that one module contributes; `module` and `kind` say which renderer shows it. */
export type HomeSection = RefreshHomeSection | SchedulingHomeSection | DeskHomeSection;

export interface HomeViewModel {
  userId: string;
  roles: RoleName[];
  /** In the order the Home shows them: by band, then in each module's order. */
  sections: HomeSection[];
}

/** Everything the App Home shows a person: each module's sections for the roles they hold (SPEC §5). */
export async function getHome(
  ctx: ServiceContext,
  userId: string,
  options: HomeOptions = {},
): Promise<HomeViewModel> {
  const roles = await rolesOf(ctx, userId);
  const viewer = { userId, roles };
  const sections: HomeSection[] = [
    ...(await refreshHomeSections(ctx, viewer)),
    ...(await schedulingHomeSections(ctx, viewer, options)),
    ...(await deskHomeSections(ctx, viewer, options.deskPages)),
  ];
  const band = (section: HomeSection) => homeBands.indexOf(section.band);
  return {
    userId,
    roles: [...new Set(roles.map((r) => r.role))],
    sections: sections.sort((a, b) => band(a) - band(b)),
  };
}
