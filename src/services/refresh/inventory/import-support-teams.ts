import { eq } from 'drizzle-orm';
import { supportTeams } from '../../../../db/schema/index.js';
import {
  type InventoryRead,
  naturalKey,
  type SupportTeamRow,
} from '../../../domain/refresh/inventory/index.js';
import {
  auditImport,
  byName,
  changedFields,
  createdFields,
  type ImportOutcome,
  type ImportRun,
  refused,
  Tally,
} from './shared.js';

const defaultMinFreeSlots = 5;

/** Support teams by name: Slack channel, time zone, ITSM group and the free slots they need ahead. */
export async function importSupportTeams(
  run: ImportRun,
  { rows, errors }: InventoryRead<SupportTeamRow>,
): Promise<ImportOutcome> {
  if (errors.length > 0) return refused(errors);
  const { tx } = run;
  const existing = byName(await tx.select().from(supportTeams), (team) => team.name);
  const tally = new Tally();
  for (const { row } of rows) {
    // Blank cells set the default; a column left out leaves the team's value alone.
    const next = {
      name: row.name,
      slackChannelId: row.slack_channel,
      timeZone: row.time_zone === undefined ? undefined : (row.time_zone ?? run.orgTimeZone),
      itsmGroup: row.itsm_group,
      minFreeSlots:
        row.min_free_slots === undefined ? undefined : (row.min_free_slots ?? defaultMinFreeSlots),
    };
    const current = existing.get(naturalKey(row.name));
    if (!current) {
      const values = {
        name: next.name,
        slackChannelId: next.slackChannelId ?? null,
        timeZone: next.timeZone ?? run.orgTimeZone,
        itsmGroup: next.itsmGroup ?? null,
        minFreeSlots: next.minFreeSlots ?? defaultMinFreeSlots,
      };
      const [created] = await tx
        .insert(supportTeams)
        .values({ ...values, createdAt: run.now })
        .returning({ id: supportTeams.id });
      await auditImport(run, 'support_team', created!.id, 'created', createdFields(values));
      tally.count('created');
      continue;
    }
    const { createdAt: _createdAt, ...comparable } = current;
    const changes = changedFields(comparable, next);
    if (Object.keys(changes).length === 0) {
      tally.count('unchanged');
      continue;
    }
    const set = Object.fromEntries(Object.keys(changes).map((field) => [field, changes[field]?.to]));
    await tx.update(supportTeams).set(set).where(eq(supportTeams.id, current.id));
    await auditImport(run, 'support_team', current.id, 'updated', changes);
    tally.count('updated');
  }
  return {
    ok: true,
    summary: {
      kind: 'support_teams',
      rows: rows.length,
      ...tally,
      peopleAdded: 0,
      peopleUpdated: 0,
      groupsAdded: 0,
    },
  };
}
