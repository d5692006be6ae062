import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  audits,
  configApprovedModels,
  configApprovers,
  models,
  people,
  refreshConfigs,
  roles,
} from '../../../db/schema/index.js';
import { ManualClock } from '../../../src/clock.js';
import { updateConfig } from '../../../src/services/refresh/configs/update-config.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import {
  ADMIN,
  APPROVER,
  MANAGER,
  makeTicket,
  STRANGER,
  seedWorld,
  type World,
} from '../../helpers/factories.js';
import { type StandInView, shownBySlack, waitFor } from '../../helpers/slack.js';

type Reply = {
  response_type?: string;
  replace_original?: boolean;
  text?: string;
  blocks?: Array<Record<string, unknown>>;
};

describe('/otto config', () => {
  let app: TestApp;
  let world: World;
  let clock: ManualClock;
  beforeEach(async () => {
    clock = new ManualClock('2026-11-16T15:00:00Z');
    app = await startTestApp({ clock });
    world = await seedWorld(app.otto.ctx.db);
  });
  afterEach(async () => app.stop());

  const db = () => app.otto.ctx.db;
  const dm = (user: string) => app.standIn.dmChannelId(user);
  const configNames = async () =>
    (await db().select({ name: refreshConfigs.name }).from(refreshConfigs)).map((r) => r.name).sort();
  const configAudits = async () => db().select().from(audits).where(eq(audits.entity, 'refresh_config'));

  /** Runs a subcommand and returns what Otto answered through the response_url. */
  async function otto(user: string, text: string): Promise<Reply> {
    const before = app.standIn.responses().length;
    const response = await app.driver.slashCommand(user, text);
    expect(response.status).toBe(200);
    expect(response.elapsedMs).toBeLessThan(3000);
    return waitFor(() => app.standIn.responses()[before]?.body as Reply | undefined);
  }

  /** Runs a subcommand that opens a modal, and returns the modal. */
  async function openForm(user: string, text: string): Promise<StandInView> {
    const response = await app.driver.slashCommand(user, text);
    expect(response.status).toBe(200);
    return waitFor(() => app.standIn.topModal(user));
  }

  const titleOf = (view: StandInView | undefined) =>
    (view as { title?: { text?: string } } | undefined)?.title?.text;
  const modalText = (user: string) => JSON.stringify(app.standIn.topModal(user)?.blocks);
  const values = (user: string) => app.standIn.topModal(user)!.state.values;

  async function submit(user: string, fill?: Record<string, string | string[]>) {
    const response = await app.driver.submitModal(user, fill);
    expect(response.status).toBe(200);
    expect(response.elapsedMs).toBeLessThan(3000);
    return response;
  }

  describe('the list', () => {
    it('shows each config with its style, approvers and tickets, an Edit button each and a New config button', async () => {
      await makeTicket(db(), world, { style: 'on_prem', status: 'pending_customer' });
      await makeTicket(db(), world, { style: 'on_prem', status: 'complete' });
      const reply = await otto(ADMIN, 'config');
      expect(reply.response_type).toBe('ephemeral');
      expect(reply.text).toBe('Refresh configs: 5 configs');
      const listing = JSON.stringify(reply.blocks);
      expect(listing).toContain(`*LSA on_prem* (#${world.configs.on_prem})\\nOn prem · College of LSA`);
      expect(listing).toContain(`Approvers: <@${APPROVER}>\\nTickets: 1 open, 2 in all`);
      expect(listing).toContain('Unit specified location · College of LSA');
      const buttons = (reply.blocks ?? []).flatMap((b) =>
        b.type === 'section' && b.accessory ? [b.accessory] : ((b.elements as unknown[]) ?? []),
      ) as Array<{ text?: { text: string } }>;
      expect(buttons.filter((b) => b.text?.text === 'Edit')).toHaveLength(5);
      expect(buttons.some((b) => b.text?.text === 'New config')).toBe(true);
      expect(app.standIn.messages(dm(ADMIN)).at(-1)?.ephemeralFor).toBe(ADMIN);
    });

    it('pages past 20 configs, each page under 50 blocks, and turns pages in place', async () => {
      const now = app.clock.now();
      await db()
        .insert(refreshConfigs)
        .values(
          Array.from({ length: 45 }, (_, i) => ({
            name: `Zeta ${String(i).padStart(2, '0')}`,
            style: 'on_prem' as const,
            createdAt: now,
            updatedAt: now,
          })),
        );
      const first = await otto(ADMIN, 'config');
      expect(first.text).toBe('Refresh configs: 50 configs, page 1 of 3');
      expect(first.blocks!.length).toBeLessThanOrEqual(50);
      expect(JSON.stringify(first.blocks)).not.toContain('Previous page');

      await app.driver.clickButton(ADMIN, 'Next page', { surface: 'message', channel: dm(ADMIN) });
      const listMessages = () =>
        app.standIn.messages(dm(ADMIN)).filter((m) => m.text.startsWith('Refresh configs'));
      const second = await waitFor(() => listMessages().find((m) => m.text.endsWith('page 2 of 3')));
      expect(listMessages()).toHaveLength(1);
      expect(second.blocks!.length).toBeLessThanOrEqual(50);
      expect(JSON.stringify(second.blocks)).toContain('Zeta 15');

      await app.driver.clickButton(ADMIN, 'Previous page', { surface: 'message', channel: dm(ADMIN) });
      await waitFor(() => listMessages().find((m) => m.text.endsWith('page 1 of 3')));
    });

    it('opens the form of a config from its Edit button, and a blank one from New config', async () => {
      await otto(ADMIN, 'config');
      await app.driver.clickButton(ADMIN, 'Edit', { surface: 'message', channel: dm(ADMIN) });
      const edit = await waitFor(() => app.standIn.topModal(ADMIN));
      expect(titleOf(edit)).toBe('Edit config');
      expect(edit.state.values.config_name?.value?.value).toBe('LSA bump_down');
      await app.driver.closeModal(ADMIN);

      await app.driver.clickButton(ADMIN, 'New config', { surface: 'message', channel: dm(ADMIN) });
      const blank = await waitFor(() => app.standIn.topModal(ADMIN));
      expect(titleOf(blank)).toBe('New config');
      expect(blank.state.values.config_name?.value?.value).toBeNull();
    });
  });

  describe('creating', () => {
    it('creates a config from the form, remembering the approvers Slack knows and auditing it', async () => {
      const modal = await openForm(ADMIN, 'config new');
      expect(titleOf(modal)).toBe('New config');

      expect((await app.driver.loadOptions(ADMIN, 'Unit', '')).map((o) => o.text.text)).toEqual([
        'College of LSA',
      ]);
      expect((await app.driver.loadOptions(ADMIN, 'Proposed model', 'opti')).map((o) => o.text.text)).toEqual(
        ['Dell OptiPlex 7020 (Windows)'],
      );
      expect(
        (await app.driver.loadOptions(ADMIN, 'Approved models', 'DELL')).map((o) => o.text.text),
      ).toEqual(['Dell Latitude 7450 (Windows)', 'Dell OptiPlex 7020 (Windows)']);
      expect(
        (await app.driver.loadOptions(ADMIN, 'Peripheral bundle', 'camera')).map((o) => o.text.text),
      ).toEqual(['4K document camera (needs approval)']);
      await app.driver.loadOptions(ADMIN, 'Peripheral bundle', 'key');

      await submit(ADMIN, {
        Name: 'Engineering @home 2027',
        Unit: 'College of LSA',
        Style: 'Remote customer (@home)',
        Options: ['Customer may choose the computer', 'Every ticket needs approval'],
        Approvers: [APPROVER, STRANGER],
        'Proposed model': 'Dell OptiPlex 7020 (Windows)',
        'Approved models': ['Dell Latitude 7450 (Windows)'],
        'Peripheral bundle': ['Keyboard and mouse'],
      });
      expect(app.driver.lastErrors(ADMIN)).toBeUndefined();
      expect(titleOf(app.standIn.topModal(ADMIN))).toBe('Config created');
      expect(modalText(ADMIN)).toContain('Created the refresh config *Engineering @home 2027*.');
      expect(modalText(ADMIN)).toContain(
        'Dell OptiPlex 7020, the proposed model, was added to the approved models.',
      );

      const row = (
        await db()
          .select()
          .from(refreshConfigs)
          .where(eq(refreshConfigs.name, 'Engineering @home 2027'))
          .limit(1)
      )[0]!;
      expect(row).toMatchObject({
        style: 'remote_customer',
        unitId: world.unitId,
        canCustomizeComputer: true,
        requiresApproval: true,
        canCustomizeSoftware: false,
        proposedModelId: world.models.optiplex,
      });
      const approvers = await db().select().from(configApprovers).where(eq(configApprovers.configId, row.id));
      expect(approvers.map((a) => a.slackUserId).sort()).toEqual([APPROVER, STRANGER].sort());
      const approved = await db()
        .select()
        .from(configApprovedModels)
        .where(eq(configApprovedModels.configId, row.id));
      expect(approved.map((a) => a.modelId).sort()).toEqual(
        [world.models.latitude, world.models.optiplex].sort(),
      );

      // Sam had no `people` row: users.info gave the address the Friday digest is sent to.
      expect(
        app.standIn
          .callsTo('users.info')
          .map((c) => c.args.user)
          .sort(),
      ).toEqual([APPROVER, STRANGER].sort());
      expect(
        (await db().select().from(people).where(eq(people.slackUserId, STRANGER)).limit(1))[0],
      ).toMatchObject({
        email: 'sam@example.edu',
        name: 'Sam Stranger',
      });
      expect(await configAudits()).toEqual([
        expect.objectContaining({ entityId: String(row.id), action: 'created', actor: ADMIN }),
      ]);
    });

    it('loads at most 100 options for what is typed, each within 75 characters', async () => {
      await db()
        .insert(models)
        .values([
          ...Array.from({ length: 150 }, (_, i) => ({
            manufacturer: 'Lenovo',
            name: `ThinkPad T${i}`,
            platform: 'windows' as const,
          })),
          {
            manufacturer: 'Lenovo',
            name: `ThinkPad ${'Extraordinarily Long Edition '.repeat(4)}`,
            platform: 'windows' as const,
          },
        ]);
      await openForm(ADMIN, 'config new');
      const many = await app.driver.loadOptions(ADMIN, 'Approved models', 'thinkpad');
      expect(many).toHaveLength(100);
      expect(many.every((o) => o.text.text.length <= 75)).toBe(true);
      expect(
        (await app.driver.loadOptions(ADMIN, 'Proposed model', 'thinkpad t149')).map((o) => o.text.text),
      ).toEqual(['Lenovo ThinkPad T149 (Windows)']);
      const [long] = await app.driver.loadOptions(ADMIN, 'Proposed model', 'extraordinarily');
      expect(long?.text.text).toHaveLength(75);
      expect(long?.text.text.endsWith('… (Windows)')).toBe(true);
      expect(await app.driver.loadOptions(ADMIN, 'Unit', 'nowhere')).toEqual([]);
    });

    it('answers bad fields beside them in the modal and saves nothing until they are right', async () => {
      await openForm(ADMIN, 'config new');
      await app.driver.loadOptions(ADMIN, 'Unit', 'lsa');
      await app.driver.loadOptions(ADMIN, 'Proposed model', 'latitude');
      await app.driver.selectOption(ADMIN, 'Style', 'Unit specified location');
      await waitFor(() => app.standIn.callsTo('views.update').length === 1);
      await submit(ADMIN, {
        Name: 'lsa ON_PREM',
        Unit: 'College of LSA',
        'Proposed model': 'Dell Latitude 7450 (Windows)',
        Approvers: [APPROVER],
        'Unit specified location': '   ',
      });
      expect(app.driver.lastErrors(ADMIN)).toEqual({
        config_name: 'There is already a config called “LSA on_prem”; pick another name.',
        config_location: 'Say where customers go at their appointment time.',
      });
      expect(titleOf(app.standIn.topModal(ADMIN))).toBe('New config');

      await submit(ADMIN, { Name: 'LSA walk-in', 'Unit specified location': 'Angell Hall 2001' });
      expect(titleOf(app.standIn.topModal(ADMIN))).toBe('Config created');
      expect(
        (await db().select().from(refreshConfigs).where(eq(refreshConfigs.name, 'LSA walk-in')).limit(1))[0],
      ).toMatchObject({
        style: 'unit_specified_location',
        unitSpecifiedLocation: 'Angell Hall 2001',
      });
    });

    it('refuses approvers Otto could not e-mail: no address in Slack, or an app', async () => {
      app.standIn.addUser({ id: 'U0NOMAIL1', name: 'quinn', realName: 'Quinn Private' });
      await openForm(ADMIN, 'config new');
      await app.driver.loadOptions(ADMIN, 'Unit', '');
      await app.driver.loadOptions(ADMIN, 'Proposed model', 'latitude');
      const fill = {
        Name: 'Quinn’s config',
        Unit: 'College of LSA',
        Style: 'On prem',
        'Proposed model': 'Dell Latitude 7450 (Windows)',
      };
      await submit(ADMIN, { ...fill, Approvers: ['U0NOMAIL1'] });
      expect(app.driver.lastErrors(ADMIN)).toEqual({
        config_approvers:
          'Slack does not share Quinn Private’s e-mail address, which the Friday digest needs.',
      });
      await submit(ADMIN, { Approvers: [app.standIn.botUserId] });
      expect(app.driver.lastErrors(ADMIN)?.config_approvers).toBe('Otto is an app, not a person.');
      expect(await configNames()).not.toContain('Quinn’s config');
      expect(
        (await db().select().from(people).where(eq(people.slackUserId, 'U0NOMAIL1')).limit(1))[0],
      ).toBeUndefined();
    });
    it('answers in time when Slack is slow to say who an approver is, and saves nothing', async () => {
      await openForm(ADMIN, 'config new');
      await app.driver.loadOptions(ADMIN, 'Unit', '');
      await app.driver.loadOptions(ADMIN, 'Proposed model', 'latitude');
      // Bolt's client would wait out the rate limit, past Slack's 3 seconds.
      app.standIn.rateLimitNext('users.info', 1, 4);
      await submit(ADMIN, {
        Name: 'Slow Slack config',
        Unit: 'College of LSA',
        Style: 'On prem',
        'Proposed model': 'Dell Latitude 7450 (Windows)',
        Approvers: [APPROVER],
      });
      expect(app.driver.lastErrors(ADMIN)).toEqual({
        config_approvers: `Otto could not look up ${APPROVER} in Slack; try again, or pick someone else.`,
      });
      expect(await configNames()).not.toContain('Slow Slack config');
    });
  });

  describe('the form follows its style', () => {
    type Input = { type: string; block_id?: string; optional?: boolean; hint?: { text: string } };
    const inputsOf = (view: unknown) =>
      ((view as { blocks: Input[] }).blocks ?? []).filter((b) => b.type === 'input');
    const inputIds = (view: unknown) => inputsOf(view).map((b) => b.block_id);
    const block = (view: unknown, id: string) => inputsOf(view).find((b) => b.block_id === id);
    const updates = () => app.standIn.callsTo('views.update');

    /** Posts an interaction as Slack would, signed, with any payload (a forged or damaged one). */
    async function sendAs(user: string, payload: Record<string, unknown>) {
      const body = new URLSearchParams({
        payload: JSON.stringify({
          ...payload,
          user: { id: user, name: user.toLowerCase(), team_id: app.standIn.teamId },
          team: { id: app.standIn.teamId, domain: app.standIn.teamDomain },
          api_app_id: app.standIn.appId,
          token: app.standIn.verificationToken,
        }),
      }).toString();
      return app.driver.post(body, 'application/x-www-form-urlencoded', app.driver.sign(body));
    }

    const styleAction = (view: StandInView, value: string) => ({
      type: 'block_actions',
      trigger_id: '1.2.3',
      container: { type: 'view', view_id: view.id },
      view,
      actions: [
        {
          type: 'static_select',
          action_id: 'config_style',
          block_id: 'config_style',
          selected_option: { text: { type: 'plain_text', text: value }, value },
          action_ts: '1.0',
        },
      ],
    });

    it('asks for approvers unless the style is No customer, and for a location only for its style', async () => {
      const blank = await openForm(ADMIN, 'config new');
      expect(block(blank, 'config_style')).toMatchObject({ dispatch_action: true });
      expect(block(blank, 'config_approvers')?.optional).toBeUndefined();
      expect(inputIds(blank)).not.toContain('config_location');
      app.driver.fillModal(ADMIN, { Name: 'Labs 2027', Approvers: [APPROVER] });

      const expected = {
        'Remote customer (@home)': { approversOptional: undefined, location: false },
        'On prem': { approversOptional: undefined, location: false },
        'Unit specified location': { approversOptional: undefined, location: true },
        'No customer (labs, loaners)': { approversOptional: true, location: false },
        'Bump down': { approversOptional: undefined, location: false },
      };
      for (const [label, want] of Object.entries(expected)) {
        const before = updates().length;
        const modal = app.standIn.topModal(ADMIN)!;
        await app.driver.selectOption(ADMIN, 'Style', label);
        const call = await waitFor(() => updates()[before]);
        expect(call.ok).toBe(true);
        expect(call.args).toMatchObject({ view_id: modal.id, hash: modal.hash });
        const view = call.args.view;
        expect(inputIds(view)).toEqual([
          'config_name',
          'config_unit',
          'config_style',
          'config_options',
          'config_approvers',
          'config_proposed_model',
          'config_approved_models',
          'config_bundle',
          ...(want.location ? ['config_location'] : []),
        ]);
        expect(block(view, 'config_approvers')?.optional, label).toBe(want.approversOptional);
        if (want.location) expect(block(view, 'config_location')?.optional).toBeUndefined();
        // What was typed stays, in the update and on screen.
        expect(values(ADMIN).config_name?.value?.value).toBe('Labs 2027');
        expect(values(ADMIN).config_approvers?.value?.selected_users).toEqual([APPROVER]);
        expect(values(ADMIN).config_style?.config_style?.selected_option).toMatchObject({
          text: { text: label },
        });
      }
      expect(block(updates().at(-2)!.args.view, 'config_approvers')?.hint?.text).toBe(
        'No customer tickets are never approved; anyone named here sees the config’s tickets and gets the Friday digest by DM and e-mail.',
      );
    });

    it('keeps a location typed for its style when another style is tried and then picked back', async () => {
      await openForm(ADMIN, 'config new');
      await app.driver.selectOption(ADMIN, 'Style', 'Unit specified location');
      await waitFor(() => updates().length === 1);
      app.driver.fillModal(ADMIN, { 'Unit specified location': 'Angell Hall 2001' });
      await app.driver.selectOption(ADMIN, 'Style', 'On prem');
      await waitFor(() => updates().length === 2);
      expect(inputIds(app.standIn.topModal(ADMIN))).not.toContain('config_location');
      await app.driver.selectOption(ADMIN, 'Style', 'Unit specified location');
      await waitFor(() => updates().length === 3);
      expect(values(ADMIN).config_location?.value?.value).toBe('Angell Hall 2001');
    });

    it('keeps the external selects and checkboxes of an edit when the style changes', async () => {
      await openForm(ADMIN, 'config edit LSA remote_customer');
      const before = values(ADMIN);
      await app.driver.selectOption(ADMIN, 'Style', 'On prem');
      const call = await waitFor(() => updates()[0]);
      const after = values(ADMIN);
      for (const id of [
        'config_name',
        'config_unit',
        'config_options',
        'config_approvers',
        'config_proposed_model',
        'config_approved_models',
        'config_bundle',
      ])
        expect(after[id], id).toEqual(before[id]);
      expect(
        JSON.parse(String((call.args.view as { private_metadata: string }).private_metadata)),
      ).toMatchObject({
        configId: world.configs.remote_customer,
      });
    });

    it('opens an edit with the form for the config’s style', async () => {
      const labs = await openForm(ADMIN, 'config edit LSA no_customer');
      expect(block(labs, 'config_approvers')?.optional).toBe(true);
      expect(inputIds(labs)).not.toContain('config_location');
      await app.driver.closeModal(ADMIN);
      const walkIn = await openForm(ADMIN, 'config edit LSA unit_specified_location');
      expect(block(walkIn, 'config_approvers')?.optional).toBeUndefined();
      expect(block(walkIn, 'config_location')).toMatchObject({ type: 'input' });
      expect(block(walkIn, 'config_location')?.optional).toBeUndefined();
    });

    it('ignores a forged or damaged style pick, and a pick by someone who is not an admin', async () => {
      const modal = await openForm(ADMIN, 'config new');
      const dmCount = () => app.standIn.messages(dm(ADMIN)).length;
      for (const payload of [
        styleAction(modal, 'teleport'),
        { ...styleAction(modal, 'on_prem'), view: { ...modal, private_metadata: '{"configId":"x"}' } },
        // The select, forged onto a message.
        {
          ...styleAction(modal, 'on_prem'),
          view: undefined,
          container: { type: 'message', channel_id: dm(ADMIN), message_ts: '1.000100' },
          channel: { id: dm(ADMIN) },
        },
      ]) {
        const before = dmCount();
        const response = await sendAs(ADMIN, payload);
        expect(response.status).toBe(200);
        const note = await waitFor(() => app.standIn.messages(dm(ADMIN))[before]);
        expect(note.text).toBe(
          'That config form is out of date, so nothing changed in it. `/otto config` opens it again.',
        );
      }
      expect(dmCount()).toBe(3);

      const stranger = await sendAs(STRANGER, styleAction(modal, 'no_customer'));
      expect(stranger.status).toBe(200);
      const refusal = await waitFor(() => app.standIn.messages(dm(STRANGER))[0]);
      expect(refusal.text).toBe('Only refresh admins can create refresh configs.');
      expect(updates()).toEqual([]);
      expect(app.standIn.topModal(ADMIN)).toEqual(modal);
    });

    it('refuses a stale pick rather than overwriting a form that has changed since', async () => {
      const modal = await openForm(ADMIN, 'config new');
      await app.driver.selectOption(ADMIN, 'Style', 'No customer (labs, loaners)');
      await waitFor(() => updates().length === 1);
      const now = app.standIn.topModal(ADMIN)!;
      // The first view, with its old hash, picked again.
      await sendAs(ADMIN, styleAction(modal, 'unit_specified_location'));
      const refused = await waitFor(() => updates()[1]);
      expect(refused).toMatchObject({ ok: false, error: 'hash_conflict' });
      expect(app.standIn.topModal(ADMIN)).toEqual(now);
    });

    it('still refuses a submission without approvers or a location for a style that needs them', async () => {
      const modal = await openForm(ADMIN, 'config new');
      await app.driver.loadOptions(ADMIN, 'Unit', '');
      await app.driver.loadOptions(ADMIN, 'Proposed model', 'latitude');
      app.driver.fillModal(ADMIN, {
        Name: 'Forged walk-in',
        Unit: 'College of LSA',
        'Proposed model': 'Dell Latitude 7450 (Windows)',
      });
      const state = structuredClone(values(ADMIN));
      state.config_style = {
        config_style: {
          type: 'static_select',
          selected_option: { text: { type: 'plain_text', text: 'x' }, value: 'unit_specified_location' },
        },
      };
      const forged = await sendAs(ADMIN, {
        type: 'view_submission',
        view: { ...modal, state: { values: state } },
      });
      expect(forged.json).toEqual({
        response_action: 'errors',
        errors: {
          config_approvers:
            'Name at least one approver: approvers approve tickets and get the Friday digest.',
          config_location: 'Say where customers go at their appointment time.',
        },
      });
      expect(await configNames()).not.toContain('Forged walk-in');
    });
  });

  describe('editing', () => {
    it('opens with every field filled in, external selects included, and saves the change with an audit', async () => {
      const modal = await openForm(ADMIN, 'config edit lsa UNIT_SPECIFIED_LOCATION');
      expect(titleOf(modal)).toBe('Edit config');
      const v = values(ADMIN);
      expect(v.config_name?.value?.value).toBe('LSA unit_specified_location');
      expect(v.config_unit?.config_unit_options?.selected_option).toMatchObject({
        text: { text: 'College of LSA' },
      });
      expect(v.config_style?.config_style?.selected_option).toMatchObject({
        value: 'unit_specified_location',
      });
      expect(v.config_options?.value?.selected_options).toEqual([]);
      expect(v.config_approvers?.value?.selected_users).toEqual([APPROVER]);
      expect(v.config_proposed_model?.config_model_options?.selected_option).toMatchObject({
        text: { text: 'Dell Latitude 7450 (Windows)' },
        value: String(world.models.latitude),
      });
      const approved = (v.config_approved_models?.config_model_options?.selected_options ?? []) as Array<{
        text: { text: string };
      }>;
      expect(approved.map((o) => o.text.text)).toEqual([
        'Apple MacBook Air 13 (M4) (Mac)',
        'Dell Latitude 7450 (Windows)',
        'Dell OptiPlex 7020 (Windows)',
      ]);
      expect(v.config_bundle?.config_peripheral_options?.selected_options).toMatchObject([
        { text: { text: 'Dell 27" monitor' } },
      ]);
      expect(v.config_location?.value?.value).toBe('Angell Hall 2001 (Tech Bar)');

      clock.advance(60_000);
      await submit(ADMIN, { Name: 'LSA walk-in 2027', Options: ['Every ticket needs approval'] });
      expect(titleOf(app.standIn.topModal(ADMIN))).toBe('Config saved');
      expect(modalText(ADMIN)).toContain('Saved *LSA walk-in 2027*: changed the name, options.');
      const row = (
        await db()
          .select()
          .from(refreshConfigs)
          .where(eq(refreshConfigs.id, world.configs.unit_specified_location))
          .limit(1)
      )[0];
      expect(row).toMatchObject({
        name: 'LSA walk-in 2027',
        requiresApproval: true,
        updatedAt: app.clock.now(),
      });
      expect(await configAudits()).toEqual([
        expect.objectContaining({
          action: 'updated',
          actor: ADMIN,
          changes: {
            name: { from: 'LSA unit_specified_location', to: 'LSA walk-in 2027' },
            requiresApproval: { from: false, to: true },
          },
        }),
      ]);
    });

    it('refuses a stale edit in the modal: the config changed after the form opened, and nothing is saved', async () => {
      await openForm(ADMIN, `config edit #${world.configs.on_prem}`);
      // Another admin saves first.
      const current = (
        await db().select().from(refreshConfigs).where(eq(refreshConfigs.id, world.configs.on_prem)).limit(1)
      )[0]!;
      await updateConfig(app.otto.ctx, {
        actor: ADMIN,
        configId: current.id,
        expectedUpdatedAt: current.updatedAt.getTime(),
        fields: {
          name: 'LSA on-prem (theirs)',
          unitId: world.unitId,
          style: 'on_prem',
          approvers: [APPROVER],
          proposedModelId: world.models.latitude,
          approvedModelIds: [world.models.latitude],
        },
        approverProfiles: [
          { slackUserId: APPROVER, email: 'pat@example.edu', name: 'Pat', isBot: false, deleted: false },
        ],
      });
      const theirs = (
        await db().select().from(refreshConfigs).where(eq(refreshConfigs.id, current.id)).limit(1)
      )[0];

      await submit(ADMIN, { Name: 'LSA on-prem (mine)', Options: ['Customer may request software'] });
      expect(app.driver.lastErrors(ADMIN)?.config_name).toMatch(
        /^“LSA on-prem \(theirs\)” was changed by someone else after you opened this form, so nothing was saved\./,
      );
      expect(titleOf(app.standIn.topModal(ADMIN))).toBe('Edit config');
      expect(
        (await db().select().from(refreshConfigs).where(eq(refreshConfigs.id, current.id)).limit(1))[0],
      ).toEqual(theirs);
      expect(await configAudits()).toHaveLength(1);
    });

    it('says so when there is no such config, and how to find one', async () => {
      const reply = await otto(ADMIN, 'config edit Atlantis 2030');
      expect(reply.text).toBe('There is no config called “Atlantis 2030”. `/otto config` lists them.');
      expect(app.standIn.callsTo('views.open')).toEqual([]);
    });
  });

  describe('for anyone but an admin', () => {
    it.each(['config', 'config new', 'config edit LSA on_prem'])(
      'refuses `/otto %s` ephemerally and opens nothing',
      async (text) => {
        for (const user of [MANAGER, STRANGER, APPROVER]) {
          const reply = await otto(user, text);
          expect(reply).toMatchObject({
            response_type: 'ephemeral',
            text: 'Only refresh admins can manage refresh configs.',
          });
        }
        expect(app.standIn.callsTo('views.open')).toEqual([]);
        expect(await db().select().from(audits)).toEqual([]);
      },
    );

    it('refuses an admin whose role was revoked while the list or the form was open', async () => {
      await otto(ADMIN, 'config');
      await openForm(ADMIN, 'config edit LSA on_prem');
      await db().delete(roles).where(eq(roles.slackUserId, ADMIN));

      await submit(ADMIN, { Name: 'Renamed' });
      expect(titleOf(app.standIn.topModal(ADMIN))).toBe('Refresh config');
      expect(modalText(ADMIN)).toContain('Only refresh admins can edit refresh configs.');

      const opened = app.standIn.callsTo('views.open').length;
      await app.driver.clickButton(ADMIN, 'Edit', { surface: 'message', channel: dm(ADMIN) });
      await waitFor(() =>
        app.standIn
          .messages(dm(ADMIN))
          .find((m) => m.text === 'Only refresh admins can edit refresh configs.'),
      );
      expect(app.standIn.callsTo('views.open')).toHaveLength(opened);
      expect(await configNames()).not.toContain('Renamed');
      expect(await configAudits()).toEqual([]);
    });
  });

  it('is listed by `/otto help` and explains itself when used wrongly', async () => {
    const help = await app.driver.slashCommand(ADMIN, 'help');
    const listed = shownBySlack((help.json as Reply).text);
    for (const usage of ['config', 'config new', 'config edit <name or id>']) {
      expect(listed).toContain(`\`/otto ${usage}\``);
    }
    const reply = await otto(ADMIN, 'config frobnicate');
    expect(shownBySlack(reply.text)).toBe(
      'Usage: `/otto config` to list, `/otto config new` to create one, `/otto config edit <name or id>` to edit one.',
    );
  });
});
