import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  audits,
  models,
  people,
  peripherals,
  software,
  supportTeams,
  systemGroups,
  systems,
  unitApprovedModels,
  unitApprovedPeripherals,
  unitBundlePeripherals,
  units,
} from '../../../../db/schema/index.js';
import type { InventoryKind } from '../../../../src/domain/refresh/inventory/index.js';
import { ServiceError } from '../../../../src/services/errors.js';
import { cliActor, importInventory } from '../../../../src/services/refresh/inventory/import-inventory.js';
import { ADMIN, STRANGER } from '../../../helpers/factories.js';
import { inOrder } from '../../../helpers/in-order.js';
import type { ServiceDb } from '../../../helpers/world.js';
import { auditCount, files, importAll, importOrder, openInventoryDb } from './support.js';

let t: ServiceDb;
beforeEach(async () => {
  t = await openInventoryDb();
});
afterEach(() => t.close());

const run = async (kind: InventoryKind, csv: string, actor: string = ADMIN) =>
  importInventory(t.ctx, { actor, kind, csv });

async function imported(kind: InventoryKind, csv: string) {
  const outcome = await run(kind, csv);
  if (!outcome.ok) throw new Error(`unexpected errors: ${JSON.stringify(outcome.errors)}`);
  return outcome.summary;
}

/** Every inventory table, for "nothing changed" comparisons. */
async function snapshot() {
  const db = t.ctx.db;
  return {
    models: await db.select().from(models),
    peripherals: await db.select().from(peripherals),
    software: await db.select().from(software),
    supportTeams: await db.select().from(supportTeams),
    units: await db.select().from(units),
    unitApprovedModels: await db.select().from(unitApprovedModels),
    unitApprovedPeripherals: await db.select().from(unitApprovedPeripherals),
    unitBundlePeripherals: await db.select().from(unitBundlePeripherals),
    systemGroups: await db.select().from(systemGroups),
    people: await db.select().from(people),
    systems: await db.select().from(systems),
    audits: await db.select().from(audits),
  };
}

const systemBySerial = async (serial: string) =>
  (await t.ctx.db.select().from(systems).where(eq(systems.serial, serial)).limit(1))[0];

describe('importInventory', () => {
  it('imports every kind, resolving the names each file uses', async () => {
    const summaries = await inOrder(importOrder, async (kind) => imported(kind, files[kind]));
    expect(summaries.map((s) => [s.kind, s.rows, s.created, s.updated, s.unchanged])).toEqual([
      ['models', 3, 3, 0, 0],
      ['peripherals', 3, 3, 0, 0],
      ['software', 2, 2, 0, 0],
      ['support_teams', 2, 2, 0, 0],
      ['units', 2, 2, 0, 0],
      ['systems', 4, 4, 0, 0],
    ]);
    expect(summaries.at(-1)).toMatchObject({ peopleAdded: 3, peopleUpdated: 0, groupsAdded: 2 });

    const db = t.ctx.db;
    const model = async (name: string) =>
      (await db.select().from(models).where(eq(models.name, name)).limit(1))[0]!;
    const peripheral = async (name: string) =>
      (await db.select().from(peripherals).where(eq(peripherals.name, name)).limit(1))[0]!;
    expect(await model('MacBook Air 13 (M4)')).toMatchObject({ manufacturer: 'Apple', platform: 'mac' });
    expect((await peripheral('Dell 27" monitor')).requiresApproval).toBe(false);
    expect((await peripheral('4K document camera')).requiresApproval).toBe(true);
    expect((await db.select().from(software)).map((s) => [s.name, s.requiresApproval])).toEqual([
      ['Microsoft 365 Apps', false],
      ['Adobe Acrobat Pro', true],
    ]);
    expect(await db.select().from(supportTeams)).toEqual([
      expect.objectContaining({
        name: 'North Campus NIT',
        slackChannelId: 'C0NORTHNIT',
        timeZone: 'America/Detroit',
        itsmGroup: 'North NIT',
        minFreeSlots: 5,
      }),
      expect.objectContaining({ name: 'Medical NIT', timeZone: 'America/Chicago', minFreeSlots: 8 }),
    ]);

    const lsa = (await db.select().from(units).where(eq(units.name, 'College of LSA')).limit(1))[0]!;
    const approvedModels = (
      await db.select().from(unitApprovedModels).where(eq(unitApprovedModels.unitId, lsa.id))
    ).map((r) => r.modelId);
    expect(approvedModels.sort()).toEqual(
      [
        (await model('Latitude 7450')).id,
        (await model('OptiPlex 7020')).id,
        (await model('MacBook Air 13 (M4)')).id,
      ].sort(),
    );
    expect(
      await db.select().from(unitApprovedPeripherals).where(eq(unitApprovedPeripherals.unitId, lsa.id)),
    ).toHaveLength(3);
    expect(
      (await db.select().from(unitBundlePeripherals).where(eq(unitBundlePeripherals.unitId, lsa.id))).map(
        (r) => [r.peripheralId, r.quantity],
      ),
    ).toEqual([
      [(await peripheral('Dell 27" monitor')).id, 2],
      [(await peripheral('Keyboard and mouse')).id, 1],
    ]);

    const north = (
      await db.select().from(supportTeams).where(eq(supportTeams.name, 'North Campus NIT')).limit(1)
    )[0]!;
    const casey = (await db.select().from(people).where(eq(people.email, 'casey@example.edu')).limit(1))[0]!;
    const refresh = (
      await db.select().from(systemGroups).where(eq(systemGroups.name, 'LSA Refresh 2026')).limit(1)
    )[0]!;
    expect(await systemBySerial('SN0001')).toMatchObject({
      name: 'LSA-PC-1',
      modelId: (await model('OptiPlex 7020')).id,
      // Blank platform: the model's.
      platform: 'windows',
      userId: casey.id,
      supportTeamId: north.id,
      unitId: lsa.id,
      building: 'Angell Hall',
      room: '3120',
      groupId: refresh.id,
      status: 'active',
    });
    expect(await systemBySerial('SN0002')).toMatchObject({
      platform: 'mac',
      building: 'Mason Hall, North Wing',
    });
    expect(await systemBySerial('SN0003')).toMatchObject({
      userId: null,
      groupId: null,
      unitId: null,
      building: null,
    });
    expect(await db.select({ email: people.email }).from(people)).toEqual([
      { email: 'casey@example.edu' },
      { email: 'dana@example.edu' },
      { email: 'nobody@example.edu' },
    ]);
    expect(await db.select({ name: systemGroups.name }).from(systemGroups)).toEqual([
      { name: 'LSA Refresh 2026' },
      { name: 'LSA Loaners' },
    ]);
  });

  it('changes nothing and audits nothing when the same files are imported again', async () => {
    await importAll(t.ctx);
    const before = await snapshot();
    t.clock.advance(60_000);
    for (const kind of importOrder) {
      const summary = await imported(kind, files[kind]);
      expect(summary).toEqual({
        kind,
        rows: summary.rows,
        created: 0,
        updated: 0,
        unchanged: summary.rows,
        peopleAdded: 0,
        peopleUpdated: 0,
        groupsAdded: 0,
      });
    }
    expect(await snapshot()).toEqual(before);
  });

  it('writes nothing when one row is bad, and says which line and why', async () => {
    for (const kind of ['models', 'peripherals', 'support_teams', 'units'] as const)
      await imported(kind, files[kind]);
    const before = await snapshot();
    const csv = [
      'serial,model,user_email,support_team,group',
      'SN0001,Dell OptiPlex 7020,new.person@example.edu,North Campus NIT,A brand new group',
      'SN0002,Dell Latitude 7450,other@example.edu,North Campus NIT,Another new group',
      'SN0003,Dell Inspiron 15,casey@example.edu,North Campus NIT,',
      'SN0004,Dell Latitude 7450,,North Campus NIT,',
    ].join('\n');
    const outcome = await run('systems', csv);
    expect(outcome).toEqual({
      ok: false,
      errors: [
        {
          line: 4,
          message:
            'model: “Dell Inspiron 15” is not a known model (write it as “Manufacturer Name”, as imported)',
        },
      ],
    });
    expect(await snapshot()).toEqual(before);
  });

  it('reports every unknown reference of a file, each on its line', async () => {
    for (const kind of ['models', 'peripherals', 'support_teams', 'units'] as const)
      await imported(kind, files[kind]);
    const outcome = await run(
      'systems',
      [
        'serial,model,platform,support_team,unit',
        'SN1,Apple MacBook Air 13 (M4),windows,North Campus NIT,College of LSA',
        'SN2,,,South NIT,',
        'SN3,,,,School of Music',
      ].join('\n'),
    );
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.errors).toEqual([
      { line: 2, message: 'platform: windows does not match Apple MacBook Air 13 (M4), which is mac' },
      { line: 3, message: 'support_team: “South NIT” is not a known support team' },
      { line: 4, message: 'unit: “School of Music” is not a known unit' },
    ]);
    const unitErrors = await run('units', 'name,approved_models,bundle\nMusic,Dell XPS 13,Tuba\n');
    expect(!unitErrors.ok && unitErrors.errors).toEqual([
      {
        line: 2,
        message:
          'approved_models: “Dell XPS 13” is not a known model (write it as “Manufacturer Name”, as imported)',
      },
      { line: 2, message: 'bundle: “Tuba” is not a known peripheral' },
    ]);
    expect(await t.ctx.db.select().from(systems)).toEqual([]);
  });

  it('lists the file’s errors and the database’s together, in line order', async () => {
    for (const kind of ['models', 'support_teams'] as const) await imported(kind, files[kind]);
    const outcome = await run(
      'systems',
      ['serial,platform,support_team', 'SN1,beos,North Campus NIT', 'SN2,mac,South NIT', 'SN1,mac,'].join(
        '\n',
      ),
    );
    expect(!outcome.ok && outcome.errors).toEqual([
      { line: 2, message: 'platform: “beos” is not a platform: write windows or mac' },
      { line: 3, message: 'support_team: “South NIT” is not a known support team' },
      { line: 4, message: 'serial “SN1” is already on line 2' },
    ]);
  });

  it('updates only what changed and audits it in words', async () => {
    await importAll(t.ctx);
    const audited = await auditCount(t.ctx);
    const changed = files.systems
      .replace('SN0001,LSA-PC-1,Dell OptiPlex 7020,', 'SN0001,LSA-PC-1,Dell Latitude 7450,')
      .replace('Angell Hall,3120,', 'Angell Hall,3125,');
    const summary = await imported('systems', changed);
    expect(summary).toMatchObject({ created: 0, updated: 1, unchanged: 3 });
    const trail = (await t.ctx.db.select().from(audits)).slice(audited);
    expect(trail).toEqual([
      expect.objectContaining({
        entity: 'system',
        entityId: String((await systemBySerial('SN0001'))!.id),
        action: 'updated',
        actor: ADMIN,
        changes: {
          model: { from: 'Dell OptiPlex 7020', to: 'Dell Latitude 7450' },
          room: { from: '3120', to: '3125' },
        },
      }),
    ]);
  });

  it('audits a new system with the names the file gave, and each person and group it added', async () => {
    for (const kind of ['models', 'support_teams'] as const) await imported(kind, files[kind]);
    const audited = await auditCount(t.ctx);
    await imported(
      'systems',
      'serial,model,user_email,support_team,group\nSN9,Dell Latitude 7450,lee@example.edu,Medical NIT,Loaners\n',
    );
    const trail = (await t.ctx.db.select().from(audits)).slice(audited);
    expect(trail.map((a) => [a.entity, a.action, a.changes])).toEqual([
      ['person', 'created', { email: { from: null, to: 'lee@example.edu' } }],
      ['system_group', 'created', { name: { from: null, to: 'Loaners' } }],
      [
        'system',
        'created',
        {
          serial: { from: null, to: 'SN9' },
          model: { from: null, to: 'Dell Latitude 7450' },
          platform: { from: null, to: 'windows' },
          user: { from: null, to: 'lee@example.edu' },
          support_team: { from: null, to: 'Medical NIT' },
          group: { from: null, to: 'Loaners' },
        },
      ],
    ]);
  });

  it('keeps the values of columns a file leaves out, and clears those it leaves blank', async () => {
    await importAll(t.ctx);
    const before = (await systemBySerial('SN0001'))!;
    expect(await imported('systems', 'serial,room,group\nSN0001,,\n')).toMatchObject({ updated: 1 });
    expect(await systemBySerial('SN0001')).toEqual({
      ...before,
      room: null,
      groupId: null,
      updatedAt: t.clock.now(),
    });
  });

  it('replaces a unit’s lists with the file’s, and leaves lists it does not name', async () => {
    await importAll(t.ctx);
    const lsa = (await t.ctx.db.select().from(units).where(eq(units.name, 'College of LSA')).limit(1))[0]!;
    expect(
      await imported('units', 'name,approved_models\ncollege of lsa,Dell Latitude 7450\n'),
    ).toMatchObject({
      updated: 1,
    });
    expect(
      await t.ctx.db.select().from(unitApprovedModels).where(eq(unitApprovedModels.unitId, lsa.id)),
    ).toHaveLength(1);
    expect(
      await t.ctx.db.select().from(unitApprovedPeripherals).where(eq(unitApprovedPeripherals.unitId, lsa.id)),
    ).toHaveLength(3);
    expect((await t.ctx.db.select().from(units).where(eq(units.id, lsa.id)).limit(1))[0]?.name).toBe(
      'college of lsa',
    );
  });

  it('names people from user_name, refusing two names for one address', async () => {
    await importAll(t.ctx);
    const summary = await imported(
      'systems',
      'serial,user_email,user_name\nSN0001,casey@example.edu,Casey Customer\nSN0002,dana@example.edu,\n',
    );
    expect(summary).toMatchObject({ peopleAdded: 0, peopleUpdated: 1, updated: 0, unchanged: 2 });
    expect(
      (await t.ctx.db.select().from(people).where(eq(people.email, 'casey@example.edu')).limit(1))[0]?.name,
    ).toBe('Casey Customer');
    const refused = await run(
      'systems',
      'serial,user_email,user_name\nSN0001,casey@example.edu,Casey C\nSN0002,CASEY@example.edu,K. Casey\nSN0003,,Nobody\n',
    );
    expect(!refused.ok && refused.errors).toEqual([
      { line: 3, message: 'user_name: “K. Casey” differs from “Casey C” on line 2 for casey@example.edu' },
      { line: 4, message: 'user_name: a user needs a user_email' },
    ]);
  });

  it('lets only refresh admins import from Slack; the command line needs no role', async () => {
    const before = await snapshot();
    await expect(async () => run('models', files.models, STRANGER)).rejects.toThrow(
      new ServiceError('not_allowed', 'Only refresh admins can import inventory.'),
    );
    expect(await snapshot()).toEqual(before);
    expect(await run('models', files.models, cliActor)).toMatchObject({ ok: true, summary: { created: 3 } });
    expect((await t.ctx.db.select().from(audits)).every((a) => a.actor === 'cli')).toBe(true);
  });
});
