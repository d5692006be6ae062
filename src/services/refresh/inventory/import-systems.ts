import { eq } from 'drizzle-orm';
import { models, people, supportTeams, systemGroups, systems, units } from '../../../../db/schema/index.js';
import type { Platform } from '../../../domain/refresh/enums.js';
import {
  didYouMean,
  type InventoryRead,
  type LineError,
  modelReference,
  naturalKey,
  type SystemRow,
} from '../../../domain/refresh/inventory/index.js';
import {
  auditImport,
  byName,
  type Changes,
  changedFields,
  createdFields,
  type ImportOutcome,
  type ImportRun,
  modelResolver,
  refused,
  type Scalar,
  Tally,
} from './shared.js';

/** A system's references as the file names them, resolved; undefined leaves the field as it is. */
interface SystemPlan {
  line: number;
  row: SystemRow;
  modelId?: number | null;
  platform?: Platform | null;
  /** The person's e-mail (they may be new), null for no user. */
  userEmail?: string | null;
  supportTeamId?: number | null;
  unitId?: number | null;
  /** The group's name as written (created when new), null for no group. */
  group?: string | null;
}

/** Resolves a value the file gave, keeping "left out" (undefined) and "blank" (null) apart. */
const optional = async <T, R>(
  value: T | null | undefined,
  resolve: (value: T) => Promise<R>,
): Promise<R | null | undefined> =>
  value === undefined ? undefined : value === null ? null : resolve(value);

/**
 * Systems by serial. Models are named "Manufacturer Name", support teams and units by name and
 * must exist; groups are created when new; users are people found or added by e-mail (their
 * Slack accounts are matched after the import commits).
 */
export async function importSystems(run: ImportRun, read: InventoryRead<SystemRow>): Promise<ImportOutcome> {
  const { rows } = read;
  const { tx } = run;
  const allModels = await tx.select().from(models);
  const resolveModel = modelResolver(allModels);
  const allTeams = await tx.select().from(supportTeams);
  const teamByName = byName(allTeams, (t) => t.name);
  const teamNames = allTeams.map((t) => t.name);
  const allUnits = await tx.select().from(units);
  const unitByName = byName(allUnits, (u) => u.name);
  const unitNames = allUnits.map((u) => u.name);
  const allGroups = await tx.select().from(systemGroups);
  const groupByName = byName(allGroups, (g) => g.name);
  const allPeople = await tx.select().from(people);
  const personByEmail = new Map(allPeople.map((p) => [p.email.toLowerCase(), p]));

  const errors: LineError[] = [...read.errors];
  const plans: SystemPlan[] = [];
  /** The name the file gives each person, and the line it first did. */
  const namesInFile = new Map<string, { name: string; line: number }>();
  for (const { line, row } of rows) {
    const plan: SystemPlan = { line, row };
    const fail = (message: string) => errors.push({ line, message });

    if (row.model) {
      const found = resolveModel(row.model);
      if (typeof found === 'string') fail(`model: ${found}`);
      else {
        plan.modelId = found.id;
        if (row.platform && row.platform !== found.platform) {
          fail(
            `platform: ${row.platform} does not match ${modelReference(found)}, which is ${found.platform}`,
          );
        }
        plan.platform = row.platform ?? found.platform;
      }
    } else {
      if (row.model === null) plan.modelId = null;
      if (row.platform !== undefined) plan.platform = row.platform;
    }

    if (row.user_email !== undefined) plan.userEmail = row.user_email;
    if (row.user_name) {
      if (!row.user_email) fail('user_name: a user needs a user_email');
      else {
        const earlier = namesInFile.get(row.user_email);
        if (earlier && earlier.name !== row.user_name) {
          fail(
            `user_name: “${row.user_name}” differs from “${earlier.name}” on line ${earlier.line} for ${row.user_email}`,
          );
        } else if (!earlier) namesInFile.set(row.user_email, { name: row.user_name, line });
      }
    }

    if (row.support_team !== undefined) {
      const team = row.support_team === null ? null : teamByName.get(naturalKey(row.support_team));
      if (team === undefined)
        fail(
          `support_team: “${row.support_team}” is not a known support team${didYouMean(row.support_team!, teamNames)}`,
        );
      else plan.supportTeamId = team?.id ?? null;
    }
    if (row.unit !== undefined) {
      const unit = row.unit === null ? null : unitByName.get(naturalKey(row.unit));
      if (unit === undefined)
        fail(`unit: “${row.unit}” is not a known unit${didYouMean(row.unit!, unitNames)}`);
      else plan.unitId = unit?.id ?? null;
    }
    if (row.group !== undefined) plan.group = row.group;
    plans.push(plan);
  }
  if (errors.length > 0) return refused(errors);

  // Audits name what a person would recognise (the model, the user's e-mail), not row ids.
  const labels = {
    model: new Map(allModels.map((m) => [m.id, modelReference(m)])),
    user: new Map(allPeople.map((p) => [p.id, p.email])),
    support_team: new Map(allTeams.map((t) => [t.id, t.name])),
    unit: new Map(allUnits.map((u) => [u.id, u.name])),
    group: new Map(allGroups.map((g) => [g.id, g.name])),
  };

  // Groups named for the first time are created; so are people met for the first time.
  let groupsAdded = 0;
  const groupId = async (name: string) => {
    const key = naturalKey(name);
    const found = groupByName.get(key);
    if (found) return found.id;
    const [created] = (await tx.insert(systemGroups).values({ name }).returning()) as [
      typeof systemGroups.$inferSelect,
    ];
    await auditImport(run, 'system_group', created.id, 'created', createdFields({ name }));
    groupByName.set(key, created);
    labels.group.set(created.id, name);
    groupsAdded += 1;
    return created.id;
  };
  let peopleAdded = 0;
  let peopleUpdated = 0;
  const personId = async (email: string) => {
    const name = namesInFile.get(email)?.name ?? null;
    const found = personByEmail.get(email);
    if (!found) {
      const [created] = (await tx.insert(people).values({ email, name }).returning()) as [
        typeof people.$inferSelect,
      ];
      await auditImport(run, 'person', created.id, 'created', createdFields({ email, name }));
      personByEmail.set(email, created);
      labels.user.set(created.id, email);
      peopleAdded += 1;
      return created.id;
    }
    // A blank user_name never clears a name: Slack may have filled it in.
    if (name !== null && found.name !== name) {
      await tx.update(people).set({ name }).where(eq(people.id, found.id));
      await auditImport(run, 'person', found.id, 'updated', { name: { from: found.name, to: name } });
      const renamed = { ...found, name };
      personByEmail.set(email, renamed);
      peopleUpdated += 1;
    }
    return found.id;
  };

  const existing = new Map((await tx.select().from(systems)).map((s) => [naturalKey(s.serial), s]));

  const tally = new Tally();
  for (const plan of plans) {
    const { row } = plan;
    const userId = await optional(plan.userEmail, personId);
    const next = {
      serial: row.serial,
      name: row.name,
      modelId: plan.modelId,
      platform: plan.platform,
      userId,
      supportTeamId: plan.supportTeamId,
      unitId: plan.unitId,
      building: row.building,
      room: row.room,
      groupId: await optional(plan.group, groupId),
      // A replacement added from a pasted serial is in the inventory once a file names it.
      unconfirmed: false,
    } satisfies Record<string, Scalar | undefined>;

    const current = existing.get(naturalKey(row.serial));
    if (!current) {
      const values = {
        serial: next.serial,
        name: next.name ?? null,
        modelId: next.modelId ?? null,
        platform: next.platform ?? null,
        userId: next.userId ?? null,
        supportTeamId: next.supportTeamId ?? null,
        unitId: next.unitId ?? null,
        building: next.building ?? null,
        room: next.room ?? null,
        groupId: next.groupId ?? null,
      };
      const [created] = await tx
        .insert(systems)
        .values({ ...values, updatedAt: run.now })
        .returning({ id: systems.id });
      const id = created!.id;
      existing.set(naturalKey(row.serial), {
        id,
        ...values,
        status: 'active',
        unconfirmed: false,
        updatedAt: run.now,
      });
      await auditImport(run, 'system', id, 'created', readable(createdFields(values), labels));
      tally.count('created');
      continue;
    }
    const { updatedAt: _updatedAt, ...comparable } = current;
    const changes = changedFields(comparable, next);
    if (Object.keys(changes).length === 0) {
      tally.count('unchanged');
      continue;
    }
    const set = Object.fromEntries(Object.keys(changes).map((field) => [field, changes[field]?.to]));
    await tx
      .update(systems)
      .set({ ...set, updatedAt: run.now })
      .where(eq(systems.id, current.id));
    await auditImport(run, 'system', current.id, 'updated', readable(changes, labels));
    tally.count('updated');
  }
  return {
    ok: true,
    summary: { kind: 'systems', rows: rows.length, ...tally, peopleAdded, peopleUpdated, groupsAdded },
  };
}

const referenceFields: Record<string, 'model' | 'user' | 'support_team' | 'unit' | 'group'> = {
  modelId: 'model',
  userId: 'user',
  supportTeamId: 'support_team',
  unitId: 'unit',
  groupId: 'group',
};

/** An audit's changes with references by name instead of id. */
function readable(changes: Changes, labels: Record<string, Map<number, string>>): Changes {
  const out: Changes = {};
  for (const [field, change] of Object.entries(changes)) {
    const reference = referenceFields[field];
    if (!reference) {
      out[field] = change;
      continue;
    }
    const name = (id: unknown) => (typeof id === 'number' ? (labels[reference]?.get(id) ?? id) : id);
    out[reference] = { from: name(change.from), to: name(change.to) };
  }
  return out;
}
