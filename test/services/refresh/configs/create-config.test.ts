import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  configApprovedModels,
  configApprovers,
  configBundlePeripherals,
  people,
  refreshConfigs,
  unitBundlePeripherals,
} from '../../../../db/schema/index.js';
import { ServiceError } from '../../../../src/services/errors.js';
import { InvalidConfig } from '../../../../src/services/refresh/configs/config-fields.js';
import { createConfig } from '../../../../src/services/refresh/configs/create-config.js';
import { ADMIN, APPROVER, MANAGER, STRANGER } from '../../../helpers/factories.js';
import { openServiceWorld, type ServiceWorld } from '../../../helpers/world.js';
import { auditRows, configRow, patProfile, profile, validFields } from './support.js';

describe('createConfig', () => {
  let t: ServiceWorld;
  beforeEach(async () => {
    t = await openServiceWorld('2026-11-16T15:00:00Z');
  });
  afterEach(() => t.close());

  const links = async (configId: number) => ({
    approvers: (
      await t.ctx.db.select().from(configApprovers).where(eq(configApprovers.configId, configId))
    ).map((r) => r.slackUserId),
    models: (
      await t.ctx.db.select().from(configApprovedModels).where(eq(configApprovedModels.configId, configId))
    )
      .map((r) => r.modelId)
      .sort(),
    bundle: (
      await t.ctx.db
        .select()
        .from(configBundlePeripherals)
        .where(eq(configBundlePeripherals.configId, configId))
    ).map((r) => [r.peripheralId, r.quantity]),
  });

  const configCount = async () => (await t.ctx.db.select().from(refreshConfigs)).length;

  /** Expects the call to be refused with these field errors, and nothing written. */
  async function expectRefused(call: () => Promise<unknown>, fields: Record<string, RegExp>) {
    const before = { configs: await configCount(), audits: (await auditRows(t.ctx.db)).length };
    let caught: unknown;
    try {
      await call();
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidConfig);
    const errors = (caught as InvalidConfig).fields;
    expect(Object.keys(errors).sort()).toEqual(Object.keys(fields).sort());
    for (const [field, pattern] of Object.entries(fields))
      expect(errors[field as keyof typeof errors]).toMatch(pattern);
    expect({ configs: await configCount(), audits: (await auditRows(t.ctx.db)).length }).toEqual(before);
  }

  it('saves the fields, approvers, approved models and bundle, and audits the creation', async () => {
    const saved = await createConfig(t.ctx, {
      actor: ADMIN,
      fields: validFields(t.world),
      approverProfiles: [patProfile],
    });
    const row = (await configRow(t.ctx.db, saved.configId))!;
    expect(row).toMatchObject({
      name: 'Engineering 2027',
      unitId: t.world.unitId,
      style: 'on_prem',
      canCustomizeComputer: true,
      canCustomizePlatform: false,
      requiresApproval: false,
      proposedModelId: t.world.models.latitude,
      unitSpecifiedLocation: null,
    });
    expect(row.updatedAt).toEqual(t.clock.now());
    expect(await links(saved.configId)).toEqual({
      approvers: [APPROVER],
      models: [t.world.models.latitude, t.world.models.macbook].sort(),
      bundle: [[t.world.peripherals.keyboard, 1]],
    });
    expect(saved.notes).toEqual([]);
    const [audit] = (await auditRows(t.ctx.db)).filter((a) => a.entity === 'refresh_config');
    expect(audit).toMatchObject({ entityId: String(saved.configId), action: 'created', actor: ADMIN });
    expect(audit?.changes).toMatchObject({
      name: { from: null, to: 'Engineering 2027' },
      style: { from: null, to: 'on_prem' },
      approvers: { from: null, to: [APPROVER] },
      bundlePeripheralIds: { from: null, to: [t.world.peripherals.keyboard] },
    });
  });

  it('adds the proposed model to the approved models and says so', async () => {
    const saved = await createConfig(t.ctx, {
      actor: ADMIN,
      fields: validFields(t.world, { proposedModelId: t.world.models.optiplex, approvedModelIds: [] }),
      approverProfiles: [patProfile],
    });
    expect((await links(saved.configId)).models).toEqual([t.world.models.optiplex]);
    expect(saved.notes).toEqual([
      'Dell OptiPlex 7020, the proposed model, was added to the approved models.',
    ]);
  });

  it('gives a new config with an empty bundle the unit’s default bundle', async () => {
    await t.ctx.db
      .insert(unitBundlePeripherals)
      .values({ unitId: t.world.unitId, peripheralId: t.world.peripherals.monitor, quantity: 2 });
    const saved = await createConfig(t.ctx, {
      actor: ADMIN,
      fields: validFields(t.world, { bundlePeripheralIds: [] }),
      approverProfiles: [patProfile],
    });
    expect((await links(saved.configId)).bundle).toEqual([[t.world.peripherals.monitor, 2]]);
    expect(saved.notes).toEqual(['The peripheral bundle is College of LSA’s default bundle.']);
  });

  it('refuses everyone but admins, managers included, and writes nothing', async () => {
    for (const actor of [MANAGER, STRANGER]) {
      await expect(async () =>
        createConfig(t.ctx, { actor, fields: validFields(t.world), approverProfiles: [patProfile] }),
      ).rejects.toThrow(new ServiceError('not_allowed', 'Only refresh admins can create refresh configs.'));
    }
    expect(await configCount()).toBe(5);
  });

  it('refuses a name another config has, whatever its case', async () => {
    await expectRefused(
      async () =>
        createConfig(t.ctx, {
          actor: ADMIN,
          fields: validFields(t.world, { name: '  lsa ON_PREM ' }),
          approverProfiles: [patProfile],
        }),
      { name: /already a config called “LSA on_prem”/ },
    );
  });

  it('requires the unit-specified location for that style', async () => {
    await expectRefused(
      async () =>
        createConfig(t.ctx, {
          actor: ADMIN,
          fields: validFields(t.world, { style: 'unit_specified_location', unitSpecifiedLocation: '   ' }),
          approverProfiles: [patProfile],
        }),
      { unitSpecifiedLocation: /where customers go/ },
    );
    const saved = await createConfig(t.ctx, {
      actor: ADMIN,
      fields: validFields(t.world, {
        style: 'unit_specified_location',
        unitSpecifiedLocation: ' Angell Hall 2001 ',
      }),
      approverProfiles: [patProfile],
    });
    expect((await configRow(t.ctx.db, saved.configId))?.unitSpecifiedLocation).toBe('Angell Hall 2001');
  });

  it.each(['remote_customer', 'on_prem', 'no_customer', 'bump_down'] as const)(
    'refuses a unit-specified location on a %s config',
    async (style) => {
      await expectRefused(
        async () =>
          createConfig(t.ctx, {
            actor: ADMIN,
            fields: validFields(t.world, {
              style,
              canCustomizeComputer: false,
              unitSpecifiedLocation: 'Angell Hall',
            }),
            approverProfiles: [patProfile],
          }),
        { unitSpecifiedLocation: /Only “Unit specified location” configs take a location/ },
      );
    },
  );

  it('refuses customer options and approval on a no-customer config', async () => {
    await expectRefused(
      async () =>
        createConfig(t.ctx, {
          actor: ADMIN,
          fields: validFields(t.world, {
            style: 'no_customer',
            canCustomizeComputer: false,
            requiresApproval: true,
          }),
          approverProfiles: [patProfile],
        }),
      { options: /never approved/ },
    );
  });

  it('needs an approver unless the style is no customer', async () => {
    await expectRefused(
      async () =>
        createConfig(t.ctx, {
          actor: ADMIN,
          fields: validFields(t.world, { approvers: [] }),
        }),
      { approvers: /at least one approver/ },
    );
    const lab = await createConfig(t.ctx, {
      actor: ADMIN,
      fields: validFields(t.world, { style: 'no_customer', canCustomizeComputer: false, approvers: [] }),
    });
    expect((await links(lab.configId)).approvers).toEqual([]);
  });

  it.each([
    ['not looked up', [], /could not look up U0STRANGE/],
    ['a bot', [{ ...profile(STRANGER, null, 'Helper Bot'), isBot: true }], /Helper Bot is an app/],
    ['gone', [{ ...profile(STRANGER, 'sam@example.edu', 'Sam'), deleted: true }], /Sam has left/],
    ['without an e-mail address', [profile(STRANGER, null, 'Sam')], /does not share Sam’s e-mail/],
    ['with a broken address', [profile(STRANGER, 'not-an-address', 'Sam')], /does not share Sam’s e-mail/],
  ])('refuses an approver who is %s', async (_what, profiles, message) => {
    await expectRefused(
      async () =>
        createConfig(t.ctx, {
          actor: ADMIN,
          fields: validFields(t.world, { approvers: [STRANGER] }),
          approverProfiles: profiles,
        }),
      { approvers: message },
    );
  });

  it('reports every bad field at once, ids that are gone included', async () => {
    await expectRefused(
      async () =>
        createConfig(t.ctx, {
          actor: ADMIN,
          fields: validFields(t.world, {
            name: 'LSA on_prem',
            unitId: 999,
            proposedModelId: 998,
            approvedModelIds: [997, t.world.models.latitude],
            bundlePeripheralIds: [996, 995],
            approvers: [],
          }),
        }),
      {
        name: /already/,
        unitId: /no longer in Otto/,
        proposedModelId: /no longer in Otto/,
        approvedModelIds: /1 of these models is no longer/,
        bundlePeripheralIds: /2 of these peripherals are no longer/,
        approvers: /at least one/,
      },
    );
  });

  it('answers a form with missing picks by field', async () => {
    await expectRefused(
      async () =>
        createConfig(t.ctx, {
          actor: ADMIN,
          fields: {
            ...validFields(t.world),
            name: ' ',
            unitId: Number.NaN,
            style: '' as 'on_prem',
            proposedModelId: Number.NaN,
          },
          approverProfiles: [patProfile],
        }),
      {
        name: /Give the config a name/,
        unitId: /Pick the unit/,
        style: /Pick a style/,
        proposedModelId: /Pick the proposed/,
      },
    );
  });

  describe('approvers’ people rows, for the Friday digest', () => {
    const person = async (slackUserId: string) =>
      (await t.ctx.db.select().from(people).where(eq(people.slackUserId, slackUserId)).limit(1))[0];

    it('creates a row with the e-mail Slack gave for a new approver, and audits it', async () => {
      await createConfig(t.ctx, {
        actor: ADMIN,
        fields: validFields(t.world, { approvers: [APPROVER, STRANGER] }),
        approverProfiles: [patProfile, profile(STRANGER, 'Sam@Example.edu', 'Sam Stranger')],
      });
      expect(await person(STRANGER)).toMatchObject({ email: 'sam@example.edu', name: 'Sam Stranger' });
      expect((await person(STRANGER))?.slackLookedUpAt).toEqual(t.clock.now());
      expect((await auditRows(t.ctx.db)).find((a) => a.entity === 'person')).toMatchObject({
        action: 'created',
        actor: ADMIN,
        entityId: String((await person(STRANGER))?.id),
      });
    });

    it('links a person already known by that address (imported without a Slack account)', async () => {
      const id = (
        await t.ctx.db.insert(people).values({ email: 'sam@example.edu', name: 'Samuel' }).returning()
      )[0]!.id;
      await createConfig(t.ctx, {
        actor: ADMIN,
        fields: validFields(t.world, { approvers: [STRANGER] }),
        approverProfiles: [profile(STRANGER, 'sam@example.edu', 'Sam Stranger')],
      });
      expect(await person(STRANGER)).toMatchObject({ id, email: 'sam@example.edu', name: 'Samuel' });
      expect(await t.ctx.db.select().from(people)).toHaveLength(4);
    });

    it('moves a Slack account to its new address', async () => {
      await createConfig(t.ctx, {
        actor: ADMIN,
        fields: validFields(t.world, { approvers: [APPROVER] }),
        approverProfiles: [profile(APPROVER, 'pat.new@example.edu', 'Pat Approver')],
      });
      expect(await person(APPROVER)).toMatchObject({
        id: t.world.people.approver,
        email: 'pat.new@example.edu',
      });
    });

    it('keeps a known approver’s row, noting when Slack was last asked', async () => {
      const before = await person(APPROVER);
      t.clock.advance(3_600_000);
      await createConfig(t.ctx, {
        actor: ADMIN,
        fields: validFields(t.world),
        approverProfiles: [patProfile],
      });
      expect(await person(APPROVER)).toEqual({ ...before, slackLookedUpAt: t.clock.now() });
      expect((await auditRows(t.ctx.db)).filter((a) => a.entity === 'person')).toEqual([]);
    });
  });
});
