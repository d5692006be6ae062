import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configApprovers, configBundlePeripherals } from '../../../../db/schema/index.js';
import { ServiceError } from '../../../../src/services/errors.js';
import { InvalidConfig } from '../../../../src/services/refresh/configs/config-fields.js';
import { getConfigForm } from '../../../../src/services/refresh/configs/get-config-form.js';
import { updateConfig } from '../../../../src/services/refresh/configs/update-config.js';
import { ADMIN, APPROVER, MANAGER, STRANGER } from '../../../helpers/factories.js';
import { openServiceWorld, type ServiceWorld } from '../../../helpers/world.js';
import { auditRows, configRow, patProfile, profile } from './support.js';

describe('updateConfig', () => {
  let t: ServiceWorld;
  beforeEach(async () => {
    t = await openServiceWorld('2026-11-16T15:00:00Z');
  });
  afterEach(() => t.close());

  /** The on-prem config's form as an admin opens it, turned back into fields. */
  async function openForm(style: 'on_prem' | 'unit_specified_location' = 'on_prem') {
    const form = await getConfigForm(t.ctx, ADMIN, t.world.configs[style]);
    return {
      configId: form.configId!,
      expectedUpdatedAt: form.updatedAt!,
      fields: {
        name: form.name,
        unitId: form.unit!.id,
        style: form.style!,
        ...form.options,
        approvers: form.approvers,
        proposedModelId: form.proposedModel!.id,
        approvedModelIds: form.approvedModels.map((m) => m.id),
        bundlePeripheralIds: form.bundle.map((p) => p.id),
        unitSpecifiedLocation: form.unitSpecifiedLocation,
      },
    };
  }

  const configAudits = async () => (await auditRows(t.ctx.db)).filter((a) => a.entity === 'refresh_config');

  it('saves the edit and audits each changed field with its value before and after', async () => {
    const form = await openForm();
    t.clock.advance(60_000);
    const saved = await updateConfig(t.ctx, {
      ...form,
      actor: ADMIN,
      fields: {
        ...form.fields,
        name: 'LSA on-prem 2027',
        requiresApproval: true,
        approvers: [APPROVER, STRANGER],
        bundlePeripheralIds: [t.world.peripherals.keyboard],
      },
      approverProfiles: [patProfile, profile(STRANGER, 'sam@example.edu', 'Sam')],
    });
    expect(saved.changed.sort()).toEqual(['approvers', 'bundlePeripheralIds', 'name', 'requiresApproval']);
    const row = (await configRow(t.ctx.db, form.configId))!;
    expect(row).toMatchObject({ name: 'LSA on-prem 2027', requiresApproval: true, updatedAt: t.clock.now() });
    const [audit] = await configAudits();
    expect(audit).toMatchObject({ action: 'updated', actor: ADMIN, entityId: String(form.configId) });
    expect(audit?.changes).toEqual({
      name: { from: 'LSA on_prem', to: 'LSA on-prem 2027' },
      requiresApproval: { from: false, to: true },
      approvers: { from: [APPROVER], to: [APPROVER, STRANGER] },
      bundlePeripheralIds: { from: [t.world.peripherals.monitor], to: [t.world.peripherals.keyboard] },
    });
  });

  it('refuses a stale edit: someone saved since the form opened, so nothing changes', async () => {
    const mine = await openForm();
    const theirs = await openForm();
    await updateConfig(t.ctx, {
      ...theirs,
      actor: ADMIN,
      fields: { ...theirs.fields, name: 'Renamed by them' },
      approverProfiles: [patProfile],
    });
    const after = await configRow(t.ctx.db, mine.configId);
    await expect(async () =>
      updateConfig(t.ctx, {
        ...mine,
        actor: ADMIN,
        fields: { ...mine.fields, name: 'Renamed by me', approvers: [] },
        approverProfiles: [],
      }),
    ).rejects.toThrow(
      /“Renamed by them” was changed by someone else after you opened this form, so nothing was saved/,
    );
    expect(await configRow(t.ctx.db, mine.configId)).toEqual(after);
    expect(await configAudits()).toHaveLength(1);
  });

  it('catches a stale edit even when both saves happen within the same millisecond', async () => {
    const first = await openForm();
    const second = await openForm();
    await updateConfig(t.ctx, {
      ...first,
      actor: ADMIN,
      fields: { ...first.fields, canCustomizeSoftware: true },
      approverProfiles: [patProfile],
    });
    expect((await configRow(t.ctx.db, first.configId))!.updatedAt.getTime()).toBe(
      first.expectedUpdatedAt + 1,
    );
    let caught: unknown;
    try {
      await updateConfig(t.ctx, {
        ...second,
        actor: ADMIN,
        fields: second.fields,
        approverProfiles: [patProfile],
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ServiceError);
    expect((caught as ServiceError).kind).toBe('conflict');
  });

  it('writes nothing for an edit that changes nothing', async () => {
    const form = await openForm();
    const before = await configRow(t.ctx.db, form.configId);
    t.clock.advance(60_000);
    const saved = await updateConfig(t.ctx, { ...form, actor: ADMIN, approverProfiles: [patProfile] });
    expect(saved.changed).toEqual([]);
    expect(await configRow(t.ctx.db, form.configId)).toEqual(before);
    expect(await configAudits()).toEqual([]);
  });

  it('keeps the quantities of peripherals that stay in the bundle', async () => {
    const { configs, peripherals } = t.world;
    await t.ctx.db
      .update(configBundlePeripherals)
      .set({ quantity: 2 })
      .where(eq(configBundlePeripherals.configId, configs.on_prem));
    const form = await openForm();
    await updateConfig(t.ctx, {
      ...form,
      actor: ADMIN,
      fields: { ...form.fields, bundlePeripheralIds: [peripherals.monitor, peripherals.camera] },
      approverProfiles: [patProfile],
    });
    const bundle = (
      await t.ctx.db
        .select()
        .from(configBundlePeripherals)
        .where(eq(configBundlePeripherals.configId, configs.on_prem))
    )
      .map((b) => [b.peripheralId, b.quantity])
      .sort();
    expect(bundle).toEqual(
      [
        [peripherals.monitor, 2],
        [peripherals.camera, 1],
      ].sort(),
    );
  });

  it('lets a config keep its own name in another case, but not take another config’s', async () => {
    const form = await openForm();
    await updateConfig(t.ctx, {
      ...form,
      actor: ADMIN,
      fields: { ...form.fields, name: 'LSA ON_PREM' },
      approverProfiles: [patProfile],
    });
    const again = await openForm();
    await expect(async () =>
      updateConfig(t.ctx, {
        ...again,
        actor: ADMIN,
        fields: { ...again.fields, name: 'lsa remote_customer' },
        approverProfiles: [patProfile],
      }),
    ).rejects.toThrow(InvalidConfig);
    expect((await configRow(t.ctx.db, form.configId))?.name).toBe('LSA ON_PREM');
  });

  it('applies the same rules as creation', async () => {
    const form = await openForm('unit_specified_location');
    let caught: unknown;
    try {
      await updateConfig(t.ctx, {
        ...form,
        actor: ADMIN,
        fields: { ...form.fields, unitSpecifiedLocation: null, approvers: [] },
      });
    } catch (error) {
      caught = error;
    }
    expect((caught as InvalidConfig).fields).toEqual({
      unitSpecifiedLocation: 'Say where customers go at their appointment time.',
      approvers: 'Name at least one approver: approvers approve tickets and get the Friday digest.',
    });
    expect(
      await t.ctx.db.select().from(configApprovers).where(eq(configApprovers.configId, form.configId)),
    ).toHaveLength(1);
  });

  it('refuses non-admins and configs that are gone', async () => {
    const form = await openForm();
    await expect(async () =>
      updateConfig(t.ctx, { ...form, actor: MANAGER, approverProfiles: [patProfile] }),
    ).rejects.toThrow('Only refresh admins can edit refresh configs.');
    await expect(async () =>
      updateConfig(t.ctx, { ...form, configId: 999, actor: ADMIN, approverProfiles: [patProfile] }),
    ).rejects.toThrow('That config is no longer in Otto, so nothing was saved.');
    expect(await configAudits()).toEqual([]);
  });
});
