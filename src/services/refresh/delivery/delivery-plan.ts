import { eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../../../db/client.js';
import { prepared, preparedFor } from '../../../../db/prepared.js';
import { models, systems } from '../../../../db/schema/index.js';
import { zoneFormat } from '../../../domain/calendar/format-date-time.js';
import type { BusinessCalendar } from '../../../domain/calendar/index.js';
import { addDays } from '../../../domain/calendar/index.js';
import type { Platform, RefreshStyle } from '../../../domain/refresh/enums.js';
import type { ItsmTaskRequest } from '../../../itsm/port.js';
import type { TicketRow } from '../tickets/load-ticket.js';

const statements = preparedFor((db: Db | Tx) => ({
  systemPlatform: prepared(
    db
      .select({ platform: systems.platform })
      .from(systems)
      .where(eq(systems.id, sql.placeholder('id'))),
    'delivery-plan-system-platform',
  ),
  modelPlatform: prepared(
    db
      .select({ platform: models.platform })
      .from(models)
      .where(eq(models.id, sql.placeholder('id'))),
    'delivery-plan-model-platform',
  ),
}));

/**
 * The platform of what is delivered: the replacement system's, else the model the customer chose
 * or was proposed, else the existing system's. Windows replacements are prestaged; Macs need MDM.
 */
export async function deliveryPlatform(tx: Db | Tx, ticket: TicketRow): Promise<Platform | null> {
  const q = statements(tx);
  const systemPlatform = async (id: number | null) =>
    id === null ? null : ((await q.systemPlatform.execute({ id }))[0]?.platform ?? null);
  const modelPlatform = async (id: number | null) =>
    id === null ? null : ((await q.modelPlatform.execute({ id }))[0]?.platform ?? null);
  return (
    (await systemPlatform(ticket.replacementSystemId)) ??
    (await modelPlatform(ticket.chosenModelId)) ??
    (await modelPlatform(ticket.proposedModelId)) ??
    (await systemPlatform(ticket.existingSystemId))
  );
}

// Per calendar, the build due of each day1 it has been asked: a team's customers book the same
// slots, and each answer walks the calendar back a business day. Cleared when it grows.
const buildDues = new WeakMap<BusinessCalendar, Map<number, number>>();

/** The business day before day1 at day1's wall-clock time: when the depot build must be done. */
export function depotBuildDue(calendar: BusinessCalendar, day1: Date): Date {
  let dues = buildDues.get(calendar);
  if (dues === undefined) {
    dues = new Map();
    buildDues.set(calendar, dues);
  }
  let due = dues.get(day1.getTime());
  if (due === undefined) {
    due = buildDueOf(calendar, day1).getTime();
    if (dues.size >= 10_000) dues.clear();
    dues.set(day1.getTime(), due);
  }
  return new Date(due);
}

function buildDueOf(calendar: BusinessCalendar, day1: Date): Date {
  const wallClock = zoneFormat(
    'en-GB',
    { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
    calendar.timeZone,
  ).format(day1);
  let day = addDays(calendar.localDateOf(day1), -1);
  // A closure longer than a year is a configuration mistake; the build is then simply due at day1.
  for (let i = 0; i < 366 && !calendar.isBusinessDay(day); i += 1) day = addDays(day, -1);
  return calendar.isBusinessDay(day) ? calendar.atLocalTime(day, wallClock) : day1;
}

/**
 * The tasks of a delivery's ITSM ticket (SPEC §2.4): Windows replacements get a prestage task
 * (closed by Otto at once: they are prestaged); remote tickets leave NIT the setup task; the
 * others get the depot build and the NIT delivery, dated from day1.
 */
export function deliveryTasks(input: {
  style: RefreshStyle;
  platform: Platform | null;
  calendar: BusinessCalendar;
  day1?: Date | undefined;
}): ItsmTaskRequest[] {
  const { style, platform, calendar, day1 } = input;
  const tasks: ItsmTaskRequest[] = [];
  if (platform === 'windows') tasks.push({ kind: 'prestage', title: 'Prestage the Windows replacement' });
  if (style === 'remote_customer') {
    tasks.push({
      kind: 'nit_delivery',
      title:
        platform === 'mac'
          ? 'Set up the shipped Mac for the customer (MDM requested from Mac Engineering)'
          : 'Set up the shipped replacement for the customer (uniqname, group)',
    });
    return tasks;
  }
  const due = (at: Date | undefined) => (at ? { dueAt: at.toISOString() } : {});
  const build = style === 'no_customer' || !day1 ? day1 : depotBuildDue(calendar, day1);
  tasks.push({ kind: 'depot_build', title: 'Build the replacement at the depot', ...due(build) });
  tasks.push({
    kind: 'nit_delivery',
    title: style === 'no_customer' ? 'Deliver and set up the replacement' : 'Deliver and set up at day1',
    ...due(day1),
  });
  return tasks;
}
