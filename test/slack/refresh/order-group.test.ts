import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  models,
  orderGroups,
  peripherals,
  refreshTickets,
  software,
  systems,
  ticketPeripherals,
  ticketSoftware,
} from '../../../db/schema/index.js';
import { parseCsv } from '../../../src/domain/refresh/inventory/csv.js';
import { enqueueTicketEffects } from '../../../src/services/refresh/tickets/run-effects.js';
import { ADMIN, APPROVER, makeTicket, STRANGER } from '../../helpers/factories.js';
import { waitFor } from '../../helpers/slack.js';
import { type BatchWorld, ottoReply, REFRESH_CHANNEL, startBatchWorld, textOf } from './batch-support.js';

describe('/otto order-group', () => {
  let w: BatchWorld;
  beforeEach(async () => {
    w = await startBatchWorld();
  });
  afterEach(async () => w.app.stop());

  const db = () => w.app.otto.ctx.db;
  const channelMessages = () => w.app.standIn.messages(REFRESH_CHANNEL).filter((m) => !m.ephemeralFor);
  const group = async () => (await db().select().from(orderGroups).limit(1))[0]!;
  const inChannel = { surface: 'message' as const, channel: REFRESH_CHANNEL };

  /** Posts an interaction as Slack would, signed, with any payload (a forged or forwarded one). */
  async function sendAs(user: string, payload: Record<string, unknown>) {
    const body = new URLSearchParams({
      payload: JSON.stringify({
        ...payload,
        user: { id: user, name: user.toLowerCase(), team_id: w.app.standIn.teamId },
        team: { id: w.app.standIn.teamId, domain: w.app.standIn.teamDomain },
        api_app_id: w.app.standIn.appId,
        token: w.app.standIn.verificationToken,
      }),
    }).toString();
    return w.app.driver.post(body, 'application/x-www-form-urlencoded', w.app.driver.sign(body));
  }

  it('groups waiting tickets, shows the manifest and CSV, gets the approvers’ approval, records the PO and assigns', async () => {
    const { world } = w;
    const a = await makeTicket(db(), world, { status: 'pending_ordering' });
    const b = await makeTicket(db(), world, {
      status: 'pending_ordering',
      chosenModelId: world.models.macbook,
    });
    const remote = await makeTicket(db(), world, { status: 'pending_ordering', style: 'remote_customer' });
    await db().insert(ticketPeripherals).values({ ticketId: a.id, peripheralId: world.peripherals.monitor });

    await w.app.driver.slashCommand(ADMIN, 'order-group new', '/otto', REFRESH_CHANNEL);
    const modal = await waitFor(() => w.app.standIn.topModal(ADMIN));
    expect(modal.type === 'modal' && modal.title.text).toBe('New order group');
    await w.app.driver.submitModal(ADMIN, { Name: 'LSA November', 'Refresh config': 'LSA on_prem (2)' });
    expect(w.app.standIn.topModal(ADMIN)).toBeUndefined();
    const posted = await waitFor(() => channelMessages().at(-1));
    const manifest = textOf(posted);
    expect(manifest).toContain('Order group LSA November');
    expect(manifest).toContain('1 × Dell Latitude 7450');
    expect(manifest).toContain('1 × Apple MacBook Air 13 (M4)');
    expect(manifest).toContain('1 × Dell 27\\" monitor');
    expect(
      (await db().select().from(refreshTickets).where(eq(refreshTickets.id, remote.id)).limit(1))[0]!
        .orderGroupId,
    ).toBeNull();

    // The manifest as CSV files shared in the channel: one line per ticket, and the counts.
    await w.app.driver.clickButton(ADMIN, 'Download CSV', inChannel);
    const shared = await waitFor(() => channelMessages().find((m) => (m.files ?? []).length === 2));
    expect(shared.text).toBe('Manifest of order group LSA November: one line per ticket, and the counts.');
    const file = (suffix: string) =>
      w.app.standIn.files().find((f) => f.name === `LSA November ${suffix}.csv`)!;
    expect(file('tickets').channel).toBe(REFRESH_CHANNEL);
    const serialOf = async (id: number) =>
      (await db().select().from(systems).where(eq(systems.id, id)).limit(1))[0]!.serial;
    const ticketLines = file('tickets').content.trimEnd().split('\n');
    expect(ticketLines[0]).toBe(
      'ticket,serial,user,ship_to_or_room,model,peripherals,software,differs_from_config',
    );
    expect(ticketLines).toHaveLength(3);
    expect(ticketLines[1]).toBe(
      `${a.id},${await serialOf(a.existingSystemId)},Casey Customer,${a.building} ${a.room},Dell Latitude 7450,"Dell 27"" monitor",,`,
    );
    expect(ticketLines[2]).toBe(
      `${b.id},${await serialOf(b.existingSystemId)},Casey Customer,Angell Hall 3120,Apple MacBook Air 13 (M4),,,"Apple MacBook Air 13 (M4) instead of the proposed Dell Latitude 7450; left out of the bundle: Dell 27"" monitor"`,
    );
    expect(file('counts').content).toContain('kind,item,count\nmodel,Apple MacBook Air 13 (M4),1');

    await w.app.driver.clickButton(ADMIN, 'Send for approval', { ...inChannel, ts: posted.ts });
    await waitFor(async () => (await group()).status === 'awaiting_approval');
    await waitFor(() =>
      textOf(w.app.standIn.message(REFRESH_CHANNEL, posted.ts)).includes('for final approval'),
    );
    await w.app.otto.dispatcher.runOnce();
    const approverDm = w.app.standIn.dmChannelId(APPROVER);
    const request = await waitFor(() => w.app.standIn.messages(approverDm).at(-1));
    expect(textOf(request)).toContain('asks you to approve the order for *LSA November*');

    // Someone who is not an approver of the group's configs, with a copy of the button: refused.
    const strangerDm = w.app.standIn.dmChannelId(STRANGER);
    await fetch(`${w.app.standIn.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${w.app.standIn.botToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ channel: strangerDm, text: request.text, blocks: request.blocks }),
    });
    const before = w.app.standIn.responses().length;
    await w.app.driver.clickButton(STRANGER, 'Approve', { surface: 'message', channel: strangerDm });
    const refusal = await waitFor(() => w.app.standIn.responses()[before]);
    expect(JSON.stringify(refusal.body)).toContain(
      'Only the approvers of the configs in order group LSA November',
    );
    expect((await group()).status).toBe('awaiting_approval');

    await w.app.driver.clickButton(APPROVER, 'Approve', { surface: 'message', channel: approverDm });
    await waitFor(async () => (await group()).status === 'approved');
    await waitFor(() => textOf(w.app.standIn.message(approverDm, request.ts)).includes('Approved by'));
    expect((await group()).approvedBy).toBe(APPROVER);

    // The admin's manifest message follows: approved, with Record PO instead of Send for approval.
    await waitFor(() => textOf(w.app.standIn.message(REFRESH_CHANNEL, posted.ts)).includes('· approved'));
    const approvedManifest = JSON.stringify(w.app.standIn.message(REFRESH_CHANNEL, posted.ts)?.blocks);
    expect(approvedManifest).toContain(`Approved by <@${APPROVER}>`);
    expect(approvedManifest).toContain('"Record PO"');
    expect(approvedManifest).not.toContain('Send for approval');
    expect(approvedManifest).not.toContain('awaiting approval');

    // A copy shown again later is kept up to date as well.
    await w.app.driver.slashCommand(ADMIN, 'order-group LSA November', '/otto', REFRESH_CHANNEL);
    const again = await waitFor(() => {
      const last = channelMessages().at(-1);
      return last && last.ts !== shared.ts && last.ts !== posted.ts ? last : undefined;
    });
    expect(textOf(again)).toContain('approved');
    await w.app.driver.clickButton(ADMIN, 'Record PO', { ...inChannel, ts: posted.ts });
    await waitFor(() => w.app.standIn.topModal(ADMIN)?.callback_id === 'order_group_po_form');
    await w.app.driver.submitModal(ADMIN, { 'PO number': 'PO-4471', 'Request item': 'RITM0012345' });
    await waitFor(async () => (await group()).status === 'ordered');
    expect(await group()).toMatchObject({ poNumber: 'PO-4471', requestItem: 'RITM0012345' });
    await waitFor(() => textOf(w.app.standIn.message(REFRESH_CHANNEL, again.ts)).includes('PO PO-4471'));
    await waitFor(() => textOf(w.app.standIn.message(REFRESH_CHANNEL, posted.ts)).includes('PO PO-4471'));

    // Assign replacements across the group: the form starts with the group's serials.
    await w.app.driver.clickButton(ADMIN, 'Assign replacements', { ...inChannel, ts: again.ts });
    const assign = await waitFor(() => w.app.standIn.topModal(ADMIN));
    expect(JSON.stringify(assign.blocks)).toContain(await serialOf(a.existingSystemId));
    const remoteLine = `${await serialOf(remote.existingSystemId)} NEW-R`;
    await w.app.driver.submitModal(ADMIN, { 'Existing and replacement serials': remoteLine });
    expect(w.app.driver.lastErrors(ADMIN)?.lines).toContain(
      `ticket #${remote.id} is not in order group LSA November`,
    );
    await w.app.driver.submitModal(ADMIN, {
      'Existing and replacement serials': `${await serialOf(a.existingSystemId)} NEW-A\n${await serialOf(b.existingSystemId)} NEW-B`,
    });
    await waitFor(() => textOf(channelMessages().at(-1)).includes('Assigned 2 replacements in LSA November'));
    // Every copy of the manifest follows: nothing waits for a replacement, so no Assign button.
    for (const ts of [posted.ts, again.ts]) {
      await waitFor(() =>
        textOf(w.app.standIn.message(REFRESH_CHANNEL, ts)).includes('0 tickets waiting for a replacement'),
      );
      expect(JSON.stringify(w.app.standIn.message(REFRESH_CHANNEL, ts)?.blocks)).not.toContain(
        'Assign replacements',
      );
    }
    expect(
      (
        await db()
          .select()
          .from(refreshTickets)
          .where(eq(refreshTickets.orderGroupId, (await group()).id))
      ).map((t) => t.status),
    ).toEqual(['pending_itsm_existence', 'pending_itsm_existence']);
  });

  it('defuses a formula in an item name in the CSV file it shares', async () => {
    const formula = "\t=cmd|' /C calc'!A0";
    const peripheralId = (
      await db().insert(peripherals).values({ name: formula, requiresApproval: false }).returning()
    )[0]!.id;
    const softwareId = (
      await db()
        .insert(software)
        .values({ name: '@SUM(1+1)*cmd|" /C calc"!A0', requiresApproval: false })
        .returning()
    )[0]!.id;
    const ticket = await makeTicket(db(), w.world, { status: 'pending_ordering' });
    await db().insert(ticketPeripherals).values({ ticketId: ticket.id, peripheralId });
    await db().insert(ticketSoftware).values({ ticketId: ticket.id, softwareId });

    await w.app.driver.slashCommand(ADMIN, 'order-group new', '/otto', REFRESH_CHANNEL);
    await waitFor(() => w.app.standIn.topModal(ADMIN));
    await w.app.driver.submitModal(ADMIN, { Name: 'Formulas' });
    await waitFor(() => channelMessages().at(-1));
    await w.app.driver.clickButton(ADMIN, 'Download CSV', inChannel);
    await waitFor(() => w.app.standIn.files().length === 2);
    const csv = w.app.standIn.files().find((f) => f.name === 'Formulas counts.csv')!.content;
    const parsed = parseCsv(csv);
    if (!parsed.ok) throw new Error(`unreadable CSV: ${JSON.stringify(parsed.error)}`);
    const rows = parsed.records.map((r) => r.fields);
    expect(rows).toContainEqual(['peripheral', `'${formula}`, '1']);
    expect(rows).toContainEqual(['software', `'@SUM(1+1)*cmd|" /C calc"!A0`, '1']);
    for (const [, item] of rows) expect(item).not.toMatch(/^\s*[=+\-@]|^[\t\r]/);
  });

  it('puts an order group awaiting approval on the approver’s Home, where Deny (with a reason) and Approve decide it', async () => {
    const { world } = w;
    await makeTicket(db(), world, { status: 'pending_ordering' });
    await w.app.driver.slashCommand(ADMIN, 'order-group new', '/otto', REFRESH_CHANNEL);
    await waitFor(() => w.app.standIn.topModal(ADMIN));
    await w.app.driver.submitModal(ADMIN, { Name: 'LSA December' });
    const posted = await waitFor(() => channelMessages().at(-1));
    await w.app.driver.clickButton(ADMIN, 'Send for approval', { ...inChannel, ts: posted.ts });
    await waitFor(async () => (await group()).status === 'awaiting_approval');
    await w.app.otto.dispatcher.runOnce();
    const approverDm = w.app.standIn.dmChannelId(APPROVER);
    const request = await waitFor(() => w.app.standIn.messages(approverDm).at(-1));
    const { id } = await group();
    const home = async () => {
      const before = w.app.standIn.callsTo('views.publish').length;
      await w.app.driver.appHomeOpened(APPROVER);
      await waitFor(() => w.app.standIn.callsTo('views.publish').length > before);
      return JSON.stringify(w.app.standIn.home(APPROVER)?.blocks);
    };
    const onHome = await home();
    expect(onHome).toContain('*Order groups awaiting your approval:* 1');
    expect(onHome).toContain(`*LSA December* (#${id}) · 1 ticket`);
    expect(onHome).toContain('1 × Dell Latitude 7450');

    // Deny from the Home: a reason is asked for; the group opens again and everyone sees why.
    await w.app.driver.clickButton(
      APPROVER,
      { blockId: `home_order_group_${id}`, actionId: 'order_group_deny' },
      {
        surface: 'home',
      },
    );
    const form = await waitFor(() => w.app.standIn.topModal(APPROVER));
    expect(form.type === 'modal' && form.title.text).toBe('Deny order group');
    await expect(w.app.driver.submitModal(APPROVER, { 'Why? The admins see this': '' })).rejects.toThrow(
      'Slack would not send this submission',
    );
    expect((await group()).status).toBe('awaiting_approval');
    await w.app.driver.submitModal(APPROVER, { 'Why? The admins see this': 'One is still under warranty.' });
    await waitFor(async () => (await group()).status === 'open');
    expect(await group()).toMatchObject({ deniedBy: APPROVER, denialReason: 'One is still under warranty.' });
    await waitFor(() => textOf(w.app.standIn.message(REFRESH_CHANNEL, posted.ts)).includes('Denied by'));
    const deniedManifest = JSON.stringify(w.app.standIn.message(REFRESH_CHANNEL, posted.ts)?.blocks);
    expect(deniedManifest).toContain('One is still under warranty.');
    expect(deniedManifest).toContain('Send for approval');
    await waitFor(() => textOf(w.app.standIn.message(approverDm, request.ts)).includes('Denied by'));
    expect(JSON.stringify(w.app.standIn.message(approverDm, request.ts)?.blocks)).not.toContain(
      'order_group_approve',
    );
    await waitFor(() => !JSON.stringify(w.app.standIn.home(APPROVER)?.blocks).includes('LSA December'));
    await w.app.otto.dispatcher.runOnce();
    const adminDm = w.app.standIn.dmChannelId(ADMIN);
    expect(w.app.standIn.messages(adminDm).at(-1)?.text).toBe(
      `<@${APPROVER}> denied order group LSA December: One is still under warranty.`,
    );

    // Sent again, it is back on the Home; Approve there approves it and the manifest offers Record PO.
    await w.app.driver.clickButton(ADMIN, 'Send for approval', { ...inChannel, ts: posted.ts });
    await waitFor(async () => (await group()).status === 'awaiting_approval');
    await w.app.otto.dispatcher.runOnce();
    expect(await home()).toContain('LSA December');
    await w.app.driver.clickButton(
      APPROVER,
      { blockId: `home_order_group_${id}`, actionId: 'order_group_approve' },
      {
        surface: 'home',
      },
    );
    await waitFor(async () => (await group()).status === 'approved');
    expect(await group()).toMatchObject({ approvedBy: APPROVER, deniedBy: null, denialReason: null });
    await waitFor(() =>
      JSON.stringify(w.app.standIn.message(REFRESH_CHANNEL, posted.ts)?.blocks).includes('Record PO'),
    );
    await waitFor(() => !JSON.stringify(w.app.standIn.home(APPROVER)?.blocks).includes('LSA December'));
  });

  it('counts the device recorded for a different-device request, not the proposed model, and lists what differs', async () => {
    const { world } = w;
    await makeTicket(db(), world, { status: 'pending_ordering' });
    const odd = await makeTicket(db(), world, {
      status: 'pending_ordering',
      differentDeviceRequested: true,
      differentDeviceReason: 'I edit video all day',
    });
    await w.app.driver.slashCommand(ADMIN, 'order-group new', '/otto', REFRESH_CHANNEL);
    await waitFor(() => w.app.standIn.topModal(ADMIN));
    await w.app.driver.submitModal(ADMIN, { Name: 'Video' });
    const posted = await waitFor(() => channelMessages().at(-1));
    const shown = () => textOf(w.app.standIn.message(REFRESH_CHANNEL, posted.ts));
    expect(shown()).toContain('1 × Dell Latitude 7450');
    expect(shown()).toContain('1 × Different device, not chosen yet');
    const [oddSystem] = await db()
      .select()
      .from(systems)
      .where(eq(systems.id, odd.existingSystemId))
      .limit(1);
    expect(shown()).toContain(
      `*#${odd.id}* ${oddSystem!.serial}, Casey Customer: Dell Latitude 7450 found inadequate (“I edit video all day”): device not chosen yet`,
    );

    // Not sent for approval while a device is still to choose.
    const before = w.app.standIn.responses().length;
    await w.app.driver.clickButton(ADMIN, 'Send for approval', { ...inChannel, ts: posted.ts });
    const refusal = await waitFor(() => w.app.standIn.responses()[before]);
    expect(JSON.stringify(refusal.body)).toContain(`Choose the device for refresh #${odd.id} first`);
    expect((await group()).status).toBe('open');

    // Depot records the device from the manifest; the manifest counts it from then on.
    await w.app.driver.clickButton(ADMIN, `Device for #${odd.id}`, { ...inChannel, ts: posted.ts });
    const form = await waitFor(() => w.app.standIn.topModal(ADMIN));
    expect(JSON.stringify(form.blocks)).toContain('I edit video all day');
    await w.app.driver.loadOptions(ADMIN, 'Device to order', 'macbook');
    await w.app.driver.submitModal(ADMIN, { 'Device to order': 'Apple MacBook Air 13 (M4)' });
    await waitFor(async () => {
      const [row] = await db().select().from(refreshTickets).where(eq(refreshTickets.id, odd.id)).limit(1);
      return row?.orderedModelId === world.models.macbook;
    });
    await waitFor(() => shown().includes('1 × Apple MacBook Air 13 (M4)'));
    expect(shown()).not.toContain('not chosen yet');
    expect(shown()).toContain(
      'found inadequate (“I edit video all day”): Apple MacBook Air 13 (M4) chosen instead',
    );
    expect(JSON.stringify(w.app.standIn.message(REFRESH_CHANNEL, posted.ts)?.blocks)).not.toContain(
      'Device for #',
    );

    // The approvers approve what will be ordered, and the CSV file says the same.
    await w.app.driver.clickButton(ADMIN, 'Send for approval', { ...inChannel, ts: posted.ts });
    await waitFor(async () => (await group()).status === 'awaiting_approval');
    await w.app.otto.dispatcher.runOnce();
    const request = textOf(
      await waitFor(() => w.app.standIn.messages(w.app.standIn.dmChannelId(APPROVER)).at(-1)),
    );
    expect(request).toContain('1 × Apple MacBook Air 13 (M4)');
    expect(request).toContain('1 × Dell Latitude 7450');
    expect(request).toContain('Apple MacBook Air 13 (M4) chosen instead');
    await w.app.driver.clickButton(ADMIN, 'Download CSV', { ...inChannel, ts: posted.ts });
    await waitFor(() => w.app.standIn.files().length === 2);
    const lines = w.app.standIn
      .files()
      .find((f) => f.name === 'Video tickets.csv')!
      .content.split('\n');
    expect(lines.find((line) => line.startsWith(`${odd.id},`))).toContain(',Apple MacBook Air 13 (M4),');
  });

  it('lets the approver choose the device from the approval request DM, among 150 models, and shows it there and in the manifest', async () => {
    const { world } = w;
    const many = await db()
      .insert(models)
      .values(
        Array.from({ length: 150 }, (_, i) => ({
          manufacturer: 'Acme',
          name: `Studio ${String(i + 1).padStart(3, '0')}`,
          platform: 'mac' as const,
        })),
      )
      .returning({ id: models.id });
    const odd = await makeTicket(db(), world, {
      status: 'requires_approval',
      differentDeviceRequested: true,
      differentDeviceReason: 'I edit video all day',
    });
    await db().transaction(async (tx) =>
      enqueueTicketEffects(tx, w.app.otto.ctx, odd, [{ type: 'notify_approvers' }], w.app.clock.now()),
    );
    await w.app.otto.dispatcher.runOnce();
    const dm = w.app.standIn.dmChannelId(APPROVER);
    const request = await waitFor(() =>
      w.app.standIn.messages(dm).find((m) => m.text.includes(`Refresh #${odd.id}`)),
    );
    expect(textOf(request)).toContain('Choose the device');
    const ticketNow = async () =>
      (await db().select().from(refreshTickets).where(eq(refreshTickets.id, odd.id)).limit(1))[0]!;
    const before = await ticketNow();

    // Someone who is not an approver, with the DM's button (forwarded or forged): told so, nothing opens.
    const button = (
      request.blocks as Array<{ block_id?: string; elements?: Array<{ value?: string }> }>
    ).find((b) => b.block_id === 'approval_device')!.elements![0]!;
    const strangerDm = w.app.standIn.dmChannelId(STRANGER);
    await sendAs(STRANGER, {
      type: 'block_actions',
      trigger_id: '1.2.3',
      container: { type: 'message', channel_id: strangerDm, message_ts: request.ts },
      channel: { id: strangerDm },
      actions: [
        {
          type: 'button',
          action_id: 'ticket_choose_device',
          block_id: 'approval_device',
          value: button.value,
          action_ts: '1.0',
        },
      ],
    });
    const refusal = await waitFor(() => w.app.standIn.messages(strangerDm).at(-1));
    expect(refusal.text).toBe(
      `Only the approvers of its config, or refresh admins, can choose the device for refresh #${odd.id}; nothing was changed.`,
    );
    expect(w.app.standIn.callsTo('views.open')).toEqual([]);

    // The approver opens the form from the DM: it opens with 150 models in the catalog, and searches them.
    await w.app.driver.clickButton(APPROVER, 'Choose the device', { surface: 'message', channel: dm });
    const form = await waitFor(() => w.app.standIn.topModal(APPROVER));
    expect(w.app.standIn.callsTo('views.open').at(-1)?.ok).toBe(true);
    expect(form.type === 'modal' && form.title.text).toBe(`Device for #${odd.id}`);
    expect(JSON.stringify(form.blocks)).toContain('I edit video all day');
    expect(await w.app.driver.loadOptions(APPROVER, 'Device to order', '')).toHaveLength(100);
    expect(
      (await w.app.driver.loadOptions(APPROVER, 'Device to order', 'studio 149')).map((o) => o.text.text),
    ).toEqual(['Acme Studio 149']);

    // The same form submitted by someone else is refused beside the field, and nothing changes.
    w.app.driver.fillModal(APPROVER, { 'Device to order': 'Acme Studio 149' });
    const forged = await sendAs(STRANGER, {
      type: 'view_submission',
      view: w.app.standIn.topModal(APPROVER),
    });
    expect(forged.json).toEqual({
      response_action: 'errors',
      errors: {
        device_model: `Only the approvers of its config, or refresh admins, can choose the device for refresh #${odd.id}; nothing was changed.`,
      },
    });
    expect(await ticketNow()).toEqual(before);

    await w.app.driver.submitModal(APPROVER);
    expect(w.app.standIn.topModal(APPROVER)).toBeUndefined();
    await waitFor(async () => (await ticketNow()).orderedModelId === many[148]!.id);
    // The request DM shows the device, and offers to change it.
    await waitFor(() => textOf(w.app.standIn.message(dm, request.ts)).includes('Acme Studio 149'));
    const shownRequest = textOf(w.app.standIn.message(dm, request.ts));
    expect(shownRequest).toContain('*Device to order*\\nAcme Studio 149');
    expect(shownRequest).toContain('Change the device');
    expect(shownRequest).toContain('ticket_approve');
    await waitFor(() =>
      w.app.standIn
        .messages(dm)
        .some(
          (m) =>
            m.text ===
            `Refresh #${odd.id} will get the Acme Studio 149; ordering counts it instead of the proposed model.`,
        ),
    );

    // Approved and grouped: the manifest orders that device.
    await w.app.driver.clickButton(APPROVER, 'Approve', { surface: 'message', channel: dm });
    await waitFor(async () => (await ticketNow()).status === 'pending_ordering');
    await w.app.driver.slashCommand(ADMIN, 'order-group new', '/otto', REFRESH_CHANNEL);
    await waitFor(() => w.app.standIn.topModal(ADMIN));
    await w.app.driver.submitModal(ADMIN, { Name: 'Video' });
    const posted = await waitFor(() => channelMessages().at(-1));
    expect(textOf(posted)).toContain('1 × Acme Studio 149');
    expect(textOf(posted)).toContain(
      'found inadequate (“I edit video all day”): Acme Studio 149 chosen instead',
    );
  });

  it('lists the groups and refuses non-admins', async () => {
    await makeTicket(db(), w.world, { status: 'pending_ordering' });
    const list = await ottoReply(w, ADMIN, 'order-group', REFRESH_CHANNEL);
    expect(list.text).toContain('There are no order groups yet.');
    expect(list.text).toContain('1 ticket waiting for ordering in no group.');
    for (const text of ['order-group', 'order-group new', 'order-group 1']) {
      const reply = await ottoReply(w, APPROVER, text, REFRESH_CHANNEL);
      expect(reply.text).toMatch(/^Only refresh admins can (see|make) order groups\.$/);
    }
    expect(w.app.standIn.topModal(APPROVER)).toBeUndefined();
    expect(await db().select().from(orderGroups)).toHaveLength(0);
  });
});
