import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { audits, people, roles, systemGroups, systems } from '../../db/schema/index.js';
import { importInventory } from '../../src/services/refresh/inventory/import-inventory.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { ADMIN, CUSTOMER, DELEGATE, STRANGER } from '../helpers/factories.js';
import { waitFor } from '../helpers/slack.js';
import { files } from '../services/refresh/inventory/support.js';

let app: TestApp;
let fileServer: Server | undefined;
afterEach(async () => {
  await app?.stop();
  if (fileServer) await new Promise((resolve) => fileServer?.close(resolve));
  fileServer = undefined;
});

/** An app whose inventory has everything a systems file names. */
async function startWithCatalog(): Promise<TestApp> {
  const started = await startTestApp({ admins: [ADMIN] });
  for (const kind of ['models', 'peripherals', 'support_teams', 'units'] as const) {
    const outcome = await importInventory(started.otto.ctx, { actor: ADMIN, kind, csv: files[kind] });
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
  }
  return started;
}

async function openImportModal(userId: string, text = 'import') {
  const response = await app.driver.slashCommand(userId, text);
  expect(response.status).toBe(200);
  return waitFor(() => app.standIn.topModal(userId));
}

const dmTexts = () => app.standIn.messages(app.standIn.dmChannelId(ADMIN)).map((m) => m.text);
const systemRows = async () => app.otto.ctx.db.select().from(systems);
const auditRows = async () => app.otto.ctx.db.select().from(audits);

/** Serves files as Slack's file host does: only with the bot token. */
async function serveFile(body: string, contentType = 'text/csv'): Promise<{ url: string; seen: string[] }> {
  const seen: string[] = [];
  fileServer = createServer((req, res) => {
    seen.push(String(req.headers.authorization));
    if (req.headers.authorization !== `Bearer ${app.standIn.botToken}`) {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<html>sign in</html>');
      return;
    }
    res.writeHead(200, { 'content-type': contentType }).end(body);
  });
  await new Promise<void>((resolve) => fileServer?.listen(0, '127.0.0.1', resolve));
  const { port } = fileServer.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/files-pri/T0STANDIN-F0FILE/systems.csv`, seen };
}

/** Chooses "Attach a CSV file" (unless chosen) and attaches one. */
async function attachFile(userId: string, url: string, size: number) {
  if (!inputIds(app.standIn.topModal(userId)).includes('import_file')) {
    const before = app.standIn.callsTo('views.update').length;
    await app.driver.selectOption(userId, 'How', 'Attach a CSV file');
    await waitFor(() => app.standIn.callsTo('views.update').length > before);
  }
  const view = app.standIn.topModal(userId)!;
  app.standIn.setElementState({ viewId: view.id }, 'import_file', 'file', {
    type: 'file_input',
    files: [{ id: 'F0FILE', name: 'systems.csv', filetype: 'csv', size, url_private: url }],
  });
}

type Input = { type: string; block_id?: string; optional?: boolean; label?: { text: string } };
const inputsOf = (view: unknown) =>
  (((view as { blocks?: Input[] } | undefined)?.blocks ?? []) as Input[]).filter((b) => b.type === 'input');
const inputIds = (view: unknown) => inputsOf(view).map((b) => b.block_id);

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

describe('/otto import', () => {
  it('refuses a non-admin and opens nothing', async () => {
    app = await startTestApp({ admins: [ADMIN] });
    const response = await app.driver.slashCommand(STRANGER, 'import systems');
    expect(response.status).toBe(200);
    const reply = await waitFor(() => app.standIn.responses().at(-1));
    expect(reply.body).toMatchObject({
      response_type: 'ephemeral',
      text: 'Only refresh admins can import inventory.',
    });
    expect(app.standIn.callsTo('views.open')).toEqual([]);
    expect(app.standIn.topModal(STRANGER)).toBeUndefined();
  });

  it('imports pasted rows, closes the modal, tells the admin and matches the users to Slack', async () => {
    app = await startWithCatalog();
    const modal = await openImportModal(ADMIN, 'import systems');
    expect(modal.type === 'modal' && modal.title.text).toBe('Import inventory');

    const submitted = await app.driver.submitModal(ADMIN, { CSV: files.systems });
    expect(submitted.status).toBe(200);
    expect(app.standIn.topModal(ADMIN)).toBeUndefined();
    expect((await systemRows()).map((s) => s.serial)).toEqual(['SN0001', 'SN0002', 'SN0003', 'SN0004']);

    // One DM, said at once and then completed with the Slack matching.
    const dm = await waitFor(() => dmTexts().find((text) => text.includes('Slack accounts')));
    expect(dm).toBe(
      ':white_check_mark: Imported 4 systems: 4 added, 0 updated, 0 unchanged; 3 people added; 2 groups added.\n' +
        'Slack accounts: 2 of 3 people found by e-mail (1 not in Slack; asked again in a week)',
    );
    expect(dmTexts()).toHaveLength(1);
    expect(app.standIn.callsTo('users.lookupByEmail').map((c) => c.args.email)).toEqual([
      'casey@example.edu',
      'dana@example.edu',
      'nobody@example.edu',
    ]);
    const person = async (email: string) =>
      (await app.otto.ctx.db.select().from(people).where(eq(people.email, email)).limit(1))[0];
    expect(await person('casey@example.edu')).toMatchObject({
      slackUserId: CUSTOMER,
      name: 'Casey Customer',
    });
    expect(await person('dana@example.edu')).toMatchObject({ slackUserId: DELEGATE });
    expect(await person('nobody@example.edu')).toMatchObject({
      slackUserId: null,
      slackLookedUpAt: app.clock.now(),
    });

    // The same file again: nothing changes, nobody is looked up again, nothing is audited.
    const audited = (await auditRows()).length;
    const rows = await systemRows();
    await openImportModal(ADMIN);
    await app.driver.submitModal(ADMIN, { 'What to import': 'Systems', CSV: files.systems });
    const second = await waitFor(() => dmTexts()[1]);
    expect(second).toBe(':white_check_mark: Imported 4 systems: 0 added, 0 updated, 4 unchanged.');
    expect(app.standIn.callsTo('users.lookupByEmail')).toHaveLength(3);
    expect(await auditRows()).toHaveLength(audited);
    expect(await systemRows()).toEqual(rows);
  });

  it('answers a file with one bad row in the modal, by line, and writes nothing', async () => {
    app = await startWithCatalog();
    const audited = (await auditRows()).length;
    await openImportModal(ADMIN, 'import systems');
    const csv = [
      'serial,model,user_email,group',
      'SN0001,Dell OptiPlex 7020,new.person@example.edu,A new group',
      'SN0002,Dell Inspiron 15,casey@example.edu,',
      'SN0003,Dell Latitude 7450,,',
    ].join('\n');
    const response = await app.driver.submitModal(ADMIN, { CSV: csv });
    expect(response.json).toMatchObject({ response_action: 'errors' });
    expect(app.driver.lastErrors(ADMIN)).toEqual({
      import_csv:
        '1 line needs fixing; nothing was imported.\n' +
        'line 3: model: “Dell Inspiron 15” is not a known model (write it as “Manufacturer Name”, as imported)',
    });
    expect(app.standIn.topModal(ADMIN)).toBeDefined();
    expect(await systemRows()).toEqual([]);
    expect(await app.otto.ctx.db.select().from(people)).toEqual([]);
    expect(await app.otto.ctx.db.select().from(systemGroups)).toEqual([]);
    expect(await auditRows()).toHaveLength(audited);
    expect(dmTexts()).toEqual([]);
    expect(app.standIn.callsTo('users.lookupByEmail')).toEqual([]);
  });

  it('answers each mistyped value on its own line, echoed, with the near match it probably meant', async () => {
    app = await startWithCatalog();
    await openImportModal(ADMIN, 'import systems');
    const csv = [
      'serial,model,platform,support_team,unit',
      'SN0001,Dell Latitude 7540,windows,North Campus NIT,College of LSA',
      'SN0002,Dell Latitude 7450,windows,Nort Campus NIT,College of LAS',
      'SN0003,Dell Latitude 7450,windows,Somebody Else,College of LSA',
      'SN0004,Dell Latitude 7450,windos,North Campus NIT,College of LSA',
    ].join('\n');
    await app.driver.submitModal(ADMIN, { CSV: csv });
    expect(app.driver.lastErrors(ADMIN)?.import_csv?.split('\n')).toEqual([
      '4 lines need fixing; nothing was imported.',
      'line 2: model: “Dell Latitude 7540” is not a known model (write it as “Manufacturer Name”, as imported); did you mean “Dell Latitude 7450”?',
      'line 3: support_team: “Nort Campus NIT” is not a known support team; did you mean “North Campus NIT”?',
      'line 3: unit: “College of LAS” is not a known unit; did you mean “College of LSA”?',
      'line 4: support_team: “Somebody Else” is not a known support team',
      'line 5: platform: “windos” is not a platform: write windows or mac; did you mean “windows”?',
    ]);

    await app.driver.submitModal(ADMIN, { CSV: 'serial,modle\nSN0001,Dell Latitude 7450' });
    expect(app.driver.lastErrors(ADMIN)?.import_csv).toBe(
      '1 line needs fixing; nothing was imported.\n' +
        'line 1: unknown column “modle”; did you mean “model”?; systems files have: serial, name, model, platform, user_email, user_name, support_team, building, room, group, unit',
    );
    expect(await systemRows()).toEqual([]);
  });

  it('lists ten bad lines and counts the rest', async () => {
    app = await startWithCatalog();
    await openImportModal(ADMIN, 'import peripherals');
    const csv = ['name,requires_approval', ...Array.from({ length: 14 }, (_, i) => `Item ${i},perhaps`)].join(
      '\n',
    );
    await app.driver.submitModal(ADMIN, { CSV: csv });
    const message = app.driver.lastErrors(ADMIN)?.import_csv ?? '';
    const lines = message.split('\n');
    expect(lines[0]).toBe('14 lines need fixing; nothing was imported.');
    expect(lines[1]).toBe('line 2: requires_approval: must be yes or no, not “perhaps”');
    expect(lines.slice(1, 11)).toHaveLength(10);
    expect(lines.at(-1)).toBe('…and 4 more');
  });

  it('imports an attached file, fetched from Slack with the bot token', async () => {
    app = await startWithCatalog();
    const file = await serveFile(`\uFEFF${files.systems.replace(/\n/g, '\r\n')}`);
    await openImportModal(ADMIN, 'import systems');
    await attachFile(ADMIN, file.url, files.systems.length);
    const response = await app.driver.submitModal(ADMIN);
    expect(response.status).toBe(200);
    expect(app.standIn.topModal(ADMIN)).toBeUndefined();
    expect(file.seen).toEqual([`Bearer ${app.standIn.botToken}`]);
    expect(await systemRows()).toHaveLength(4);
    await waitFor(() => dmTexts().find((text) => text.includes('Slack accounts')));
  });

  it('answers bad rows of an attached file on the file field', async () => {
    app = await startWithCatalog();
    const file = await serveFile('serial,colour\nSN1,red\n');
    await openImportModal(ADMIN, 'import systems');
    await attachFile(ADMIN, file.url, 22);
    await app.driver.submitModal(ADMIN);
    expect(app.driver.lastErrors(ADMIN)).toEqual({
      import_file: expect.stringMatching(
        /^1 line needs fixing; nothing was imported\.\nline 1: unknown column “colour”/,
      ),
    });
    expect(await systemRows()).toEqual([]);
  });

  it('asks for the one input of the way chosen: pasted rows, or a file', async () => {
    app = await startWithCatalog();
    const modal = await openImportModal(ADMIN, 'import systems');
    expect(inputsOf(modal).map((b) => [b.block_id, b.label?.text, b.optional])).toEqual([
      ['import_kind', 'What to import', undefined],
      ['import_how', 'How', undefined],
      ['import_csv', 'CSV', undefined],
    ]);
    expect(inputsOf(modal)[1]).toMatchObject({ dispatch_action: true });

    await app.driver.selectOption(ADMIN, 'How', 'Attach a CSV file');
    const toFile = await waitFor(() => app.standIn.callsTo('views.update')[0]);
    expect(toFile.args).toMatchObject({ view_id: modal.id, hash: modal.hash });
    expect(inputsOf(toFile.args.view).map((b) => [b.block_id, b.label?.text, b.optional])).toEqual([
      ['import_kind', 'What to import', undefined],
      ['import_how', 'How', undefined],
      ['import_file', 'CSV file', undefined],
    ]);
    expect(app.standIn.topModal(ADMIN)?.state.values.import_kind?.kind?.selected_option).toMatchObject({
      value: 'systems',
    });

    await app.driver.selectOption(ADMIN, 'How', 'Paste the CSV');
    const toPaste = await waitFor(() => app.standIn.callsTo('views.update')[1]);
    expect(inputIds(toPaste.args.view)).toEqual(['import_kind', 'import_how', 'import_csv']);
    await app.driver.submitModal(ADMIN, { CSV: files.systems });
    expect(app.standIn.topModal(ADMIN)).toBeUndefined();
    expect(await systemRows()).toHaveLength(4);
  });

  it('refuses a submission with neither rows nor a file, or with both, and imports nothing', async () => {
    app = await startWithCatalog();
    const file = await serveFile(files.systems);
    await openImportModal(ADMIN, 'import systems');
    // Slack itself asks for the required input…
    await expect(app.driver.submitModal(ADMIN)).rejects.toThrow('CSV: Please complete this required field.');
    // …and a submission made without Slack is answered the same way.
    const pasteForm = app.standIn.topModal(ADMIN)!;
    expect((await sendAs(ADMIN, { type: 'view_submission', view: pasteForm })).json).toEqual({
      response_action: 'errors',
      errors: { import_csv: 'Paste the rows here, header line first.' },
    });

    await app.driver.selectOption(ADMIN, 'How', 'Attach a CSV file');
    await waitFor(() => app.standIn.callsTo('views.update').length === 1);
    await expect(app.driver.submitModal(ADMIN)).rejects.toThrow(
      'CSV file: Please complete this required field.',
    );
    const fileForm = app.standIn.topModal(ADMIN)!;
    expect((await sendAs(ADMIN, { type: 'view_submission', view: fileForm })).json).toEqual({
      response_action: 'errors',
      errors: { import_file: 'Attach the CSV file here.' },
    });

    await attachFile(ADMIN, file.url, files.systems.length);
    const both = structuredClone(app.standIn.topModal(ADMIN)!);
    both.state.values.import_csv = { csv: { type: 'plain_text_input', value: files.systems } };
    expect((await sendAs(ADMIN, { type: 'view_submission', view: both })).json).toEqual({
      response_action: 'errors',
      errors: { import_csv: 'Paste the rows or attach a file, not both.' },
    });
    expect(file.seen).toEqual([]);
    expect(await systemRows()).toEqual([]);
  });

  it('ignores a forged or damaged "How", and one from someone who is not an admin', async () => {
    app = await startWithCatalog();
    const modal = await openImportModal(ADMIN, 'import systems');
    const how = (value: string, view: unknown = modal) => ({
      type: 'block_actions',
      trigger_id: '1.2.3',
      container: { type: 'view', view_id: modal.id },
      view,
      actions: [
        {
          type: 'radio_buttons',
          action_id: 'import_how',
          block_id: 'import_how',
          selected_option: { text: { type: 'plain_text', text: value }, value },
          action_ts: '1.0',
        },
      ],
    });
    expect((await sendAs(ADMIN, how('ftp'))).status).toBe(200);
    await waitFor(() => dmTexts()[0]);
    expect(dmTexts()).toEqual([
      'That import form is out of date, so nothing changed in it. `/otto import` opens it again.',
    ]);
    expect((await sendAs(STRANGER, how('file'))).status).toBe(200);
    const refusal = await waitFor(() => app.standIn.messages(app.standIn.dmChannelId(STRANGER))[0]);
    expect(refusal.text).toBe('Only refresh admins can import inventory.');
    expect(app.standIn.callsTo('views.update')).toEqual([]);
    expect(app.standIn.topModal(ADMIN)).toEqual(modal);
  });

  it('says so when Slack answers with its sign-in page instead of the file', async () => {
    app = await startWithCatalog();
    const file = await serveFile('<html>sign in</html>', 'text/html; charset=utf-8');
    await openImportModal(ADMIN, 'import systems');
    await attachFile(ADMIN, file.url, 20);
    await app.driver.submitModal(ADMIN);
    expect(app.driver.lastErrors(ADMIN)).toEqual({
      import_file: 'Slack did not hand Otto that file (does the app have the files:read scope?).',
    });
  });

  it('does not send the bot token to a file that is not on Slack', async () => {
    app = await startWithCatalog();
    await openImportModal(ADMIN, 'import systems');
    await attachFile(ADMIN, 'https://files.example.com/systems.csv', 100);
    await app.driver.submitModal(ADMIN);
    expect(app.driver.lastErrors(ADMIN)).toEqual({
      import_file: 'That file is not on Slack, so Otto will not fetch it.',
    });
  });

  it('refuses an admin whose role was revoked while the modal was open', async () => {
    app = await startWithCatalog();
    await openImportModal(ADMIN, 'import systems');
    await app.otto.ctx.db.delete(roles).where(eq(roles.slackUserId, ADMIN));
    await app.driver.submitModal(ADMIN, { CSV: files.systems });
    expect(app.driver.lastErrors(ADMIN)).toEqual({ import_csv: 'Only refresh admins can import inventory.' });
    expect(await systemRows()).toEqual([]);
  });

  it('answers an unknown kind without opening anything', async () => {
    app = await startTestApp({ admins: [ADMIN] });
    await app.driver.slashCommand(ADMIN, 'import printers');
    const reply = await waitFor(() => app.standIn.responses().at(-1));
    expect(String(reply.body.text)).toMatch(
      /^Otto imports systems, units, models, peripherals, software, support_teams, groups, categories, accounts, rules; not “printers”\.$/,
    );
    expect(app.standIn.callsTo('views.open')).toEqual([]);
  });
});
