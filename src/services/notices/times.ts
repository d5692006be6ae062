import { eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../../db/client.js';
import { prepared, preparedFor } from '../../../db/prepared.js';
import { supportTeams } from '../../../db/schema/index.js';
import { formatDay, formatMoment } from '../../domain/calendar/format-date-time.js';
import type { ServiceContext } from '../context.js';

/** How notices write a moment for their reader, in the reader's zone (one cached formatter each). */
export const noticeTime = {
  /** "Mon 23 Nov, 09:00": appointments, day1, decisions. */
  moment: formatMoment,
  /** "Tue 8 Dec, 10:05": a deadline, written as every other moment is. */
  deadline: formatMoment,
  /** "Fri 20 Nov": the week a digest is of. */
  day: formatDay,
} as const;

const statements = preparedFor((db: Db | Tx) => ({
  teamTimeZone: prepared(
    db
      .select({ timeZone: supportTeams.timeZone })
      .from(supportTeams)
      .where(eq(supportTeams.id, sql.placeholder('id'))),
    'notice-times-team-time-zone',
  ),
}));

/**
 * The zone a ticket's times are written in: its support team's, or the organisation's. `known`
 * is the team's zone when the caller already loaded it with the ticket's details.
 */
export async function readerTimeZone(
  tx: Db | Tx,
  ctx: Pick<ServiceContext, 'calendar'>,
  ticket: { supportTeamId: number | null },
  known?: { supportTeamTimeZone: string | null },
): Promise<string> {
  const fallback = ctx.calendar.timeZone;
  if (ticket.supportTeamId === null) return fallback;
  if (known !== undefined) return known.supportTeamTimeZone ?? fallback;
  const [team] = await statements(tx).teamTimeZone.execute({ id: ticket.supportTeamId });
  return team?.timeZone ?? fallback;
}
