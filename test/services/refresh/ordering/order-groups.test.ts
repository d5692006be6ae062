import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  audits,
  configApprovers,
  orderGroups,
  outbox,
  refreshConfigs,
  refreshTickets,
  ticketPeripherals,
  ticketSoftware,
} from '../../../../db/schema/index.js';
import { approveOrderGroup } from '../../../../src/services/refresh/ordering/approve-order-group.js';
import { createOrderGroup } from '../../../../src/services/refresh/ordering/create-order-group.js';
import { getOrderGroup, manifestCsv } from '../../../../src/services/refresh/ordering/get-order-group.js';
import {
  getOrderGroupFilterChoices,
  listOrderGroups,
} from '../../../../src/services/refresh/ordering/list-order-groups.js';
import { recordOrderGroupPo } from '../../../../src/services/refresh/ordering/record-order-group-po.js';
import { sendOrderGroupForApproval } from '../../../../src/services/refresh/ordering/send-order-group-for-approval.js';
import { ADMIN, APPROVER, DELEGATE, MANAGER, makeTicket } from '../../../helpers/factories.js';
import { delivered } from '../../../helpers/notices.js';
import { openServiceWorld, type ServiceWorld } from '../../../helpers/world.js';

describe('order groups', () => {
  let w: ServiceWorld;
  beforeEach(async () => {
    w = await openServiceWorld('2026-11-16T15:00:00Z');
  });
  afterEach(() => w.close());

  const db = () => w.ctx.db;

  /** Three waiting on-prem tickets (two Latitudes, one MacBook), one remote, and one not yet waiting. */
  async function seedWaiting() {
    const { world } = w;
    const a = await makeTicket(db(), world, { status: 'pending_ordering' });
    const b = await makeTicket(db(), world, { status: 'pending_ordering' });
    const mac = await makeTicket(db(), world, {
      status: 'pending_ordering',
      chosenModelId: world.models.macbook,
    });
    const remote = await makeTicket(db(), world, { status: 'pending_ordering', style: 'remote_customer' });
    const early = await makeTicket(db(), world, { status: 'pending_customer' });
    await db()
      .insert(ticketPeripherals)
      .values({ ticketId: a.id, peripheralId: world.peripherals.monitor, quantity: 2 });
    await db().insert(ticketPeripherals).values({ ticketId: b.id, peripheralId: world.peripherals.monitor });
    await db()
      .insert(ticketPeripherals)
      .values({ ticketId: mac.id, peripheralId: world.peripherals.keyboard });
    await db().insert(ticketSoftware).values({ ticketId: a.id, softwareId: world.software.acrobat });
    return { a, b, mac, remote, early };
  }

  it('groups the waiting tickets that match the filters and counts the manifest', async () => {
    const t = await seedWaiting();
    const choices = await getOrderGroupFilterChoices(w.ctx, { actor: ADMIN });
    expect(choices.ungrouped).toBe(4);
    expect(choices.configs.map((c) => [c.name, c.tickets])).toEqual([
      ['LSA on_prem', 3],
      ['LSA remote_customer', 1],
    ]);
    expect(choices.models.map((m) => m.name)).toEqual(['Dell Latitude 7450', 'Apple MacBook Air 13 (M4)']);

    const made = await createOrderGroup(w.ctx, {
      actor: ADMIN,
      name: 'LSA November',
      unitId: w.world.unitId,
      configId: w.world.configs.on_prem,
    });
    expect(made.ticketCount).toBe(3);
    const grouped = await db()
      .select()
      .from(refreshTickets)
      .where(eq(refreshTickets.orderGroupId, made.groupId));
    expect(grouped.map((r) => r.id).sort()).toEqual([t.a.id, t.b.id, t.mac.id].sort());
    expect((await db().select().from(audits).where(eq(audits.ticketId, t.a.id))).at(-1)).toMatchObject({
      action: 'order_group',
      changes: { orderGroupId: { from: null, to: made.groupId } },
    });

    const manifest = await getOrderGroup(w.ctx, { actor: ADMIN, group: 'lsa november' });
    expect(manifest).toMatchObject({
      ticketCount: 3,
      pendingOrdering: 3,
      unitName: 'College of LSA',
      models: [
        { name: 'Dell Latitude 7450', count: 2 },
        { name: 'Apple MacBook Air 13 (M4)', count: 1 },
      ],
      peripherals: [
        { name: 'Dell 27" monitor', count: 3 },
        { name: 'Keyboard and mouse', count: 1 },
      ],
      software: [{ name: 'Adobe Acrobat Pro', count: 1 }],
      approvers: [APPROVER],
    });
    expect(manifestCsv(manifest)).toBe(
      [
        'kind,item,count',
        'model,Dell Latitude 7450,2',
        'model,Apple MacBook Air 13 (M4),1',
        'peripheral,"Dell 27"" monitor",3',
        'peripheral,Keyboard and mouse,1',
        'software,Adobe Acrobat Pro,1',
        '',
      ].join('\n'),
    );

    // Those tickets are taken; another group with the same filters finds none, and names are unique.
    await expect(async () =>
      createOrderGroup(w.ctx, { actor: ADMIN, name: 'Again', configId: w.world.configs.on_prem }),
    ).rejects.toThrow('No ticket waiting for ordering matches those filters');
    await expect(async () => createOrderGroup(w.ctx, { actor: ADMIN, name: 'LSA NOVEMBER' })).rejects.toThrow(
      'There is already an order group named',
    );
    expect(await listOrderGroups(w.ctx, { actor: ADMIN })).toMatchObject({
      ungrouped: 1,
      groups: [{ group: { name: 'LSA November' }, ticketCount: 3 }],
    });
  });

  it('goes to the approvers of its configs, who alone may approve; then the admin records the PO', async () => {
    await seedWaiting();
    // A second config with another approver: both configs' approvers get the manifest.
    await db()
      .insert(configApprovers)
      .values({ configId: w.world.configs.remote_customer, slackUserId: DELEGATE });
    const { groupId } = await createOrderGroup(w.ctx, { actor: ADMIN, name: 'All waiting' });
    await expect(async () =>
      approveOrderGroup(w.ctx, { actor: APPROVER, orderGroupId: groupId }),
    ).rejects.toThrow('it cannot be approved now');
    await expect(async () =>
      recordOrderGroupPo(w.ctx, {
        actor: ADMIN,
        orderGroupId: groupId,
        poNumber: 'PO1',
        requestItem: 'RITM1',
      }),
    ).rejects.toThrow('its PO is recorded once its approvers approve it');
    await expect(async () =>
      sendOrderGroupForApproval(w.ctx, { actor: MANAGER, orderGroupId: groupId }),
    ).rejects.toThrow('Only refresh admins can send order groups for approval.');

    const sent = await sendOrderGroupForApproval(w.ctx, {
      actor: ADMIN,
      orderGroupId: groupId,
      seenStatus: 'open',
    });
    expect(sent.group.status).toBe('awaiting_approval');
    const dms = (await db().select().from(outbox)).map(delivered);
    // Each approver gets the DM with the buttons and an e-mail with the link to Otto's page.
    expect(dms.map((m) => [m.channel, m.recipient, m.notice])).toEqual([
      ['slack_dm', APPROVER, 'order_group_approval_requested'],
      ['email', 'pat@example.edu', 'order_group_approval_requested'],
      ['slack_dm', DELEGATE, 'order_group_approval_requested'],
      ['email', 'dana@example.edu', 'order_group_approval_requested'],
    ]);
    expect(dms[1]!.payload).toMatchObject({
      template: 'order-group-approval-requested',
      subject: 'Order group All waiting needs your final approval',
      data: { approverName: 'Pat Approver', name: 'All waiting' },
    });
    expect(JSON.stringify(dms[0]!.payload)).toContain('"action_id":"order_group_approve"');
    await expect(async () =>
      sendOrderGroupForApproval(w.ctx, { actor: ADMIN, orderGroupId: groupId }),
    ).rejects.toThrow('it was sent for approval already');

    // Someone who approves no config of the group: refused, nothing changes.
    await expect(async () =>
      approveOrderGroup(w.ctx, { actor: MANAGER, orderGroupId: groupId }),
    ).rejects.toThrow('Only the approvers of the configs in order group All waiting can approve it');
    expect((await db().select().from(orderGroups).limit(1))[0]!.status).toBe('awaiting_approval');

    const approved = await approveOrderGroup(w.ctx, {
      actor: DELEGATE,
      orderGroupId: groupId,
      seenStatus: 'awaiting_approval',
    });
    expect(approved.group).toMatchObject({ status: 'approved', approvedBy: DELEGATE });
    expect((await db().select().from(outbox)).at(-1)).toMatchObject({
      recipient: ADMIN,
      notice: 'order_group_approved',
    });
    await expect(async () =>
      approveOrderGroup(w.ctx, { actor: APPROVER, orderGroupId: groupId }),
    ).rejects.toThrow(`was already approved by <@${DELEGATE}>`);

    await expect(async () =>
      recordOrderGroupPo(w.ctx, {
        actor: ADMIN,
        orderGroupId: groupId,
        poNumber: '  ',
        requestItem: 'RITM1',
      }),
    ).rejects.toThrow('Enter the PO number.');
    const ordered = await recordOrderGroupPo(w.ctx, {
      actor: ADMIN,
      orderGroupId: groupId,
      poNumber: 'PO-4471',
      requestItem: 'RITM0012345',
    });
    expect(ordered.group).toMatchObject({
      status: 'ordered',
      poNumber: 'PO-4471',
      requestItem: 'RITM0012345',
    });
    expect(
      (await db().select().from(audits).where(eq(audits.entity, 'order_group'))).map((a) => a.action),
    ).toEqual(['created', 'sent_for_approval', 'approve', 'record_po']);
  });

  it('cannot be sent when no config of its tickets has an approver', async () => {
    await makeTicket(db(), w.world, { status: 'pending_ordering', style: 'no_customer' });
    await db().delete(configApprovers).where(eq(configApprovers.configId, w.world.configs.no_customer));
    const { groupId } = await createOrderGroup(w.ctx, { actor: ADMIN, name: 'Labs' });
    await expect(async () =>
      sendOrderGroupForApproval(w.ctx, { actor: ADMIN, orderGroupId: groupId }),
    ).rejects.toThrow('nobody can approve it');
    expect((await db().select().from(refreshConfigs)).length).toBeGreaterThan(0);
    expect((await db().select().from(orderGroups).limit(1))[0]!.status).toBe('open');
  });
});
