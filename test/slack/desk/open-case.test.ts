import { WebClient } from '@slack/web-api';
import { and, asc, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  deskAccountMembers,
  deskCaseFiles,
  deskCaseHistory,
  deskCases,
  deskCategories,
} from '../../../db/schema/index.js';
import { ManualClock } from '../../../src/clock.js';
import { ids } from '../../../src/slack/ids.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { mailHeaders, sentEmails } from '../../helpers/calendar-mail.js';
import {
  AV_AGENT,
  AV_CHANNEL,
  addDeskPeople,
  CARE_CHANNEL,
  IT_CHANNEL,
  type SeededDesk,
  seedDesk,
} from '../../helpers/desk.js';
import { CUSTOMER, DELEGATE, STRANGER } from '../../helpers/factories.js';
import { type StandInView, shownBySlack, waitFor } from '../../helpers/slack.js';

let app: TestApp;
let desk: SeededDesk;
beforeEach(async () => {
  // Monday 23 Nov 2026, 09:00 in Detroit.
  app = await startTestApp({ clock: new ManualClock('2026-11-23T14:00:00Z') });
  addDeskPeople(app.standIn);
  desk = await seedDesk(app.otto.ctx.db, app.clock.now());
});
afterEach(async () => app.stop());

const db = () => app.otto.ctx.db;
const cases = () => db().select().from(deskCases).orderBy(asc(deskCases.id));
const historyOf = async (caseId: number) =>
  (
    await db()
      .select()
      .from(deskCaseHistory)
      .where(eq(deskCaseHistory.caseId, caseId))
      .orderBy(asc(deskCaseHistory.id))
  ).map((h) => [h.action, h.actor, h.detail]);
const filesOf = async (caseId: number) =>
  (
    await db()
      .select()
      .from(deskCaseFiles)
      .where(eq(deskCaseFiles.caseId, caseId))
      .orderBy(asc(deskCaseFiles.id))
  ).map((f) => ({
    name: f.name,
    mimeType: f.mimeType,
    size: f.size,
    content: Buffer.from(f.content).toString('utf8'),
  }));
const texts = (channel: string) => app.standIn.messages(channel).map((m) => m.text);
const dm = (userId: string) => app.standIn.dmChannelId(userId);

const inputs = (view: StandInView | undefined) =>
  ((view?.blocks ?? []) as Array<{ type: string; label?: { text: string } }>)
    .filter((b) => b.type === 'input')
    .map((b) => b.label?.text);

/** The form as the person sees it, once Slack has opened it. */
const formOf = (userId: string) =>
  waitFor(() => {
    const view = app.standIn.topModal(userId);
    return view?.callback_id === ids.caseForm ? view : undefined;
  });

const fill = {
  Impact: 'High',
  Subject: 'Projector in B204 does not turn on',
  Description: 'No picture since Monday.',
};

describe('opening a case from Slack', () => {
  it('opens from /otto case with attachments: the modal closes, the files are kept and everyone hears', async () => {
    await app.driver.slashCommand(CUSTOMER, 'case');
    const form = await formOf(CUSTOMER);
    // Casey belongs to one account: no account to choose, that account's environments offered.
    expect(inputs(form)).toEqual([
      'Contact (on behalf of)',
      'Environment',
      'Impact',
      'Category',
      'Subject',
      'Description',
      'Attachments',
    ]);
    expect(JSON.stringify(form.blocks[0])).toContain(`<@${CUSTOMER}>`);
    const [photo, notes] = app.driver.attachFiles(CUSTOMER, 'Attachments', [
      { name: 'photo.png', content: Buffer.from([137, 80, 78, 71]), mimetype: 'image/png' },
      { name: 'notes.txt', content: 'It clicks twice.', mimetype: 'text/plain' },
    ]);
    app.standIn.clearCalls();
    const answer = await app.driver.submitModal(CUSTOMER, { ...fill, Environment: 'LSA labs' });
    expect(answer.status).toBe(200);
    // Casey's name and address came with the form (users.info when it opened): the answer waits for no Slack call.
    expect(app.standIn.callsTo('users.info')).toEqual([]);
    expect(answer.body).toBe('');
    expect(app.standIn.topModal(CUSTOMER)).toBeUndefined();
    const [row] = await cases();
    expect(row).toMatchObject({
      id: 1,
      source: 'slack',
      reporterSlackUserId: CUSTOMER,
      reporterName: 'Casey Customer',
      reporterEmail: 'casey@example.edu',
      contactSlackUserId: CUSTOMER,
      accountId: desk.accounts.lsa,
      environmentId: desk.environments.lsaLabs,
      impact: 'high',
      categoryId: null,
      subject: 'Projector in B204 does not turn on',
      description: 'No picture since Monday.',
      groupId: desk.groups.av,
      assigneeSlackUserId: AV_AGENT,
      status: 'pending',
    });
    // The files follow the answer, fetched with the bot token, and the card is rewritten with their count.
    await waitFor(async () => (await filesOf(1)).length === 2);
    expect(await filesOf(1)).toEqual([
      {
        name: 'photo.png',
        mimeType: 'image/png',
        size: 4,
        content: Buffer.from([137, 80, 78, 71]).toString('utf8'),
      },
      { name: 'notes.txt', mimeType: 'text/plain', size: 16, content: 'It clicks twice.' },
    ]);
    expect(app.standIn.fileDownloads()).toEqual({ [photo!.id]: 1, [notes!.id]: 1 });
    expect((await historyOf(1)).map(([action]) => action)).toEqual(['opened', 'routed', 'files_added']);
    expect((await cases())[0]!.version).toBe(2);

    await app.otto.dispatcher.runOnce();
    expect(texts(dm(CUSTOMER))).toEqual(['We have your case #1: Projector in B204 does not turn on']);
    expect(texts(dm(AV_AGENT))).toEqual(['Case #1: Projector in B204 does not turn on is yours.']);
    const [card] = app.standIn.messages(AV_CHANNEL);
    expect(card!.text).toBe('Case #1: Projector in B204 does not turn on · Pending · High impact');
    expect(JSON.stringify(card!.blocks)).toContain('2 files');
    const mail = sentEmails(app.dir).map(mailHeaders);
    expect(mail.map((h) => [h.get('to'), h.get('subject')])).toEqual([
      ['casey@example.edu', '[Case #1] Projector in B204 does not turn on'],
    ]);
  });

  it('opens from the global shortcut on someone’s behalf: both hear, the reporter stays the opener', async () => {
    const answer = await app.driver.globalShortcut(CUSTOMER, ids.caseShortcut);
    expect(answer.status).toBe(200);
    await formOf(CUSTOMER);
    await app.driver.submitModal(CUSTOMER, {
      'Contact (on behalf of)': STRANGER,
      Impact: 'Low',
      Category: 'Hardware',
      Subject: 'New mouse for Sam',
      Description: 'Sam’s mouse broke.',
    });
    expect(app.standIn.topModal(CUSTOMER)).toBeUndefined();
    expect((await cases())[0]).toMatchObject({
      reporterSlackUserId: CUSTOMER,
      contactSlackUserId: STRANGER,
      contactName: 'Sam Stranger',
      contactEmail: 'sam@example.edu',
      categoryId: desk.categories.hardware,
      groupId: desk.groups.it,
    });
    await app.otto.dispatcher.runOnce();
    expect(texts(dm(STRANGER))).toEqual([`<@${CUSTOMER}> opened case #1 for you: New mouse for Sam`]);
    expect(texts(dm(CUSTOMER))).toEqual([
      `We have case #1, which you opened for <@${STRANGER}>: New mouse for Sam`,
    ]);
    expect(texts(IT_CHANNEL)).toEqual(['Case #1: New mouse for Sam · Pending · Low impact']);
    const mail = sentEmails(app.dir).map(mailHeaders);
    expect(mail.map((h) => h.get('to')).sort()).toEqual(['casey@example.edu', 'sam@example.edu']);
  });

  it('opens from a message: the description holds the message as people read it and its link', async () => {
    const channel = 'C0GENERAL';
    const posted = app.standIn.postAsUser(
      STRANGER,
      channel,
      `<@${DELEGATE}> the printer &amp; scanner in room 12 say <http://printer.local|error 42>`,
    );
    await app.driver.messageShortcut(CUSTOMER, ids.caseFromMessage, { channel, ts: posted.ts });
    const form = await formOf(CUSTOMER);
    const description = (
      form.blocks as Array<{ block_id?: string; element?: { initial_value?: string } }>
    ).find((b) => b.block_id === 'case_description')?.element?.initial_value;
    const link = `https://otto-standin.slack.com/archives/${channel}/p${posted.ts.replace('.', '')}`;
    expect(description).toBe(
      `@Dana Delegate the printer & scanner in room 12 say error 42 (http://printer.local)\n\nFrom this message in Slack: ${link}`,
    );
    await app.driver.submitModal(CUSTOMER, { Impact: 'Medium', Subject: 'Printer error 42' });
    const [row] = await cases();
    expect(row!.description).toBe(description);
    // "printer" in the description: the Printers rule sends it to IT and its person.
    expect(row).toMatchObject({ groupId: desk.groups.it, routeRuleId: desk.rules.printers });
  });

  it('opens from the Home’s button, and asks a two-account opener for the account, then its environments', async () => {
    const slack = new WebClient(app.standIn.botToken, { slackApiUrl: app.standIn.apiUrl });
    await slack.views.publish({
      user_id: DELEGATE,
      view: {
        type: 'home',
        blocks: [
          {
            type: 'actions',
            elements: [
              { type: 'button', action_id: ids.caseOpen, text: { type: 'plain_text', text: 'Open a case' } },
            ],
          },
        ],
      },
    });
    await app.driver.clickButton(DELEGATE, 'Open a case', { surface: 'home' });
    const form = await formOf(DELEGATE);
    expect(inputs(form)).toEqual([
      'Contact (on behalf of)',
      'Account',
      'Impact',
      'Category',
      'Subject',
      'Description',
      'Attachments',
    ]);
    app.driver.fillModal(DELEGATE, { Subject: 'VPN drops', Description: 'Every hour.' });
    await app.driver.selectOption(DELEGATE, 'Account', 'Engineering');
    const redrawn = await waitFor(() => {
      const view = app.standIn.topModal(DELEGATE);
      return inputs(view).includes('Environment') ? view : undefined;
    });
    const environment = (
      redrawn.blocks as Array<{
        block_id?: string;
        element?: { options?: Array<{ text: { text: string } }> };
      }>
    ).find((b) => b.block_id === 'case_environment');
    expect(environment?.element?.options?.map((o) => o.text.text)).toEqual(['Engineering tenant']);
    app.driver.attachFiles(DELEGATE, 'Attachments', [
      { name: 'log.txt', content: 'drop at 10:00', mimetype: 'text/plain' },
    ]);
    // What was typed stays through the redraw.
    await app.driver.submitModal(DELEGATE, { Environment: 'Engineering tenant', Impact: 'Medium' });
    expect(app.standIn.topModal(DELEGATE)).toBeUndefined();
    expect((await cases())[0]).toMatchObject({
      subject: 'VPN drops',
      description: 'Every hour.',
      accountId: desk.accounts.engineering,
      environmentId: desk.environments.engineering,
      routeRuleId: desk.rules.vpn,
    });
    await waitFor(async () => (await filesOf(1)).length === 1);
  });

  it('answers `/otto case` with something after it with the usage, and opens nothing', async () => {
    const answer = await app.driver.slashCommand(CUSTOMER, 'case 12x');
    expect(answer.status).toBe(200);
    await waitFor(() => app.standIn.responses().length === 1);
    expect(shownBySlack(String(app.standIn.responses()[0]!.body.text))).toBe(
      '“12x” is not a case number. Usage: `/otto case <number>`, e.g. `/otto case 12` or `/otto case #12`.',
    );
    expect(app.standIn.topModal(CUSTOMER)).toBeUndefined();
  });

  it('searches the categories as typed when there are more than Block Kit’s 100 options', async () => {
    const at = { createdAt: app.clock.now(), updatedAt: app.clock.now() };
    await db()
      .insert(deskCategories)
      .values(
        Array.from({ length: 120 }, (_, i) => ({
          name: `Lab ${String(i).padStart(3, '0')}`,
          statuses: [],
          ...at,
        })),
      );
    await app.driver.slashCommand(CUSTOMER, 'case');
    await formOf(CUSTOMER);
    const options = await app.driver.loadOptions(CUSTOMER, 'Type to find a category', 'hARD');
    expect(options.map((o) => o.text.text)).toEqual(['Hardware']);
    expect(await app.driver.loadOptions(CUSTOMER, 'Type to find a category', '')).toHaveLength(100);
    await app.driver.submitModal(CUSTOMER, { ...fill, Category: 'Hardware' });
    expect((await cases())[0]!.categoryId).toBe(desk.categories.hardware);
  });

  it('tells the person by DM when Slack would not open the form from a shortcut', async () => {
    app.standIn.failNext('views.open', 1, 'expired_trigger_id');
    await app.driver.globalShortcut(CUSTOMER, ids.caseShortcut);
    const told = await waitFor(() => texts(dm(CUSTOMER))[0]);
    expect(shownBySlack(told)).toBe(
      'Something went wrong on Otto’s side; nothing was changed. Please try again in a minute.',
    );
    expect(app.standIn.topModal(CUSTOMER)).toBeUndefined();
  });

  it('lists `/otto case` in help for everyone', async () => {
    const answer = await app.driver.slashCommand(STRANGER, 'help');
    expect(JSON.stringify(answer.json)).toContain('Opens a case with the service desk');
  });
});

describe('refusals on the case form', () => {
  const open = async (userId = CUSTOMER) => {
    await app.driver.slashCommand(userId, 'case');
    return formOf(userId);
  };
  const nothingOpened = async () => {
    expect(await cases()).toEqual([]);
    await app.otto.dispatcher.runOnce();
    expect(texts(AV_CHANNEL)).toEqual([]);
    expect(texts(CARE_CHANNEL)).toEqual([]);
  };

  it('refuses an empty subject or description and text over the limits, on their fields', async () => {
    const form = await open();
    // What Slack's client would not send (only spaces, or longer than max_length) comes from a forged form.
    app.standIn.setElementState({ viewId: form.id }, 'case_subject', 'subject', {
      type: 'plain_text_input',
      value: '   ',
    });
    app.standIn.setElementState({ viewId: form.id }, 'case_description', 'description', {
      type: 'plain_text_input',
      value: 'x'.repeat(3001),
    });
    app.driver.fillModal(CUSTOMER, { Impact: 'Low' });
    await app.driver.submitModal(CUSTOMER);
    expect(app.driver.lastErrors(CUSTOMER)).toEqual({
      case_subject: 'Give the case a subject.',
      case_description: 'Keep the description to 3000 characters; attach the rest as a file.',
    });
    await nothingOpened();
  });

  it('refuses a forged impact and a stale or forged form', async () => {
    const form = await open();
    app.driver.fillModal(CUSTOMER, { Subject: 'Help', Description: 'x' });
    app.standIn.setElementState({ viewId: form.id }, 'case_impact', 'impact', {
      type: 'radio_buttons',
      selected_option: { value: 'urgent!!' },
    });
    await app.driver.submitModal(CUSTOMER);
    expect(app.driver.lastErrors(CUSTOMER)).toEqual({ case_impact: 'Choose how much it holds up work.' });

    // A form from another layout (its metadata is not this one's).
    const body = new URLSearchParams({
      payload: JSON.stringify({
        type: 'view_submission',
        user: { id: CUSTOMER, username: 'casey', name: 'casey', team_id: app.standIn.teamId },
        api_app_id: app.standIn.appId,
        token: app.standIn.verificationToken,
        team: { id: app.standIn.teamId, domain: app.standIn.teamDomain },
        trigger_id: app.standIn.issueTriggerId(CUSTOMER),
        view: { ...app.standIn.topModal(CUSTOMER)!, private_metadata: '{"form":"case-0"}' },
      }),
    }).toString();
    const answer = await app.driver.post(body, 'application/x-www-form-urlencoded', app.driver.sign(body));
    expect(answer.json).toEqual({
      response_action: 'errors',
      errors: { case_subject: 'Otto could not read this; close the form and open a case again.' },
    });
    await nothingOpened();
  });

  it('refuses a category removed meanwhile, an account not the opener’s and an environment of another account', async () => {
    const form = await open(DELEGATE);
    app.driver.fillModal(DELEGATE, {
      Impact: 'Low',
      Category: 'General question',
      Subject: 'Help',
      Description: 'x',
    });
    await db().delete(deskCategories).where(eq(deskCategories.id, desk.categories.general));
    app.standIn.setElementState({ viewId: form.id }, 'case_account', ids.caseFormAccount, {
      type: 'static_select',
      selected_option: { value: String(desk.accounts.lsa) },
    });
    await app.driver.submitModal(DELEGATE);
    expect(app.driver.lastErrors(DELEGATE)).toEqual({ case_category: 'Choose one of the categories.' });

    app.driver.fillModal(DELEGATE, { Category: 'Hardware' });
    // An environment of Engineering while LSA is chosen: the account's field comes first, then this.
    const redrawn = app.standIn.topModal(DELEGATE)!;
    expect(inputs(redrawn)).not.toContain('Environment');
    await app.driver.selectOption(DELEGATE, 'Account', 'LSA');
    await waitFor(() => inputs(app.standIn.topModal(DELEGATE)).includes('Environment'));
    app.standIn.setElementState({ viewId: form.id }, 'case_environment', `environment_${desk.accounts.lsa}`, {
      type: 'static_select',
      selected_option: { value: String(desk.environments.engineering) },
    });
    await app.driver.submitModal(DELEGATE);
    expect(app.driver.lastErrors(DELEGATE)).toEqual({
      case_environment: 'Choose an environment of the case’s account.',
    });

    // Dana is taken off Engineering meanwhile: the form still offers it, the desk no longer does.
    await app.driver.selectOption(DELEGATE, 'Account', 'Engineering');
    await waitFor(() =>
      JSON.stringify(app.standIn.topModal(DELEGATE)?.blocks).includes(
        `environment_${desk.accounts.engineering}`,
      ),
    );
    await db()
      .delete(deskAccountMembers)
      .where(
        and(
          eq(deskAccountMembers.accountId, desk.accounts.engineering),
          eq(deskAccountMembers.slackUserId, DELEGATE),
        ),
      );
    await app.driver.submitModal(DELEGATE);
    expect(app.driver.lastErrors(DELEGATE)).toEqual({ case_account: 'Choose one of your accounts.' });
    await nothingOpened();
  });

  it('refuses files too large, each or together, on the field, before anything is opened or fetched', async () => {
    const form = await open();
    app.driver.fillModal(CUSTOMER, fill);
    const nine = Buffer.alloc(9 * 1024 * 1024, 1);
    app.driver.attachFiles(CUSTOMER, 'Attachments', [
      { name: 'a.bin', content: nine },
      { name: 'b.bin', content: nine },
      { name: 'c.bin', content: nine },
    ]);
    await app.driver.submitModal(CUSTOMER);
    expect(app.driver.lastErrors(CUSTOMER)).toEqual({
      case_files: 'The files come to more than 25 MB together; attach fewer.',
    });
    const [big] = app.driver
      .attachFiles(CUSTOMER, 'Attachments', [])
      .concat(
        app.standIn.uploadAsUser(CUSTOMER, { name: 'video.mov', content: Buffer.alloc(11 * 1024 * 1024, 1) }),
      );
    app.standIn.setElementState({ viewId: form.id }, 'case_files', 'files', {
      type: 'file_input',
      files: [big],
    });
    await app.driver.submitModal(CUSTOMER);
    expect(app.driver.lastErrors(CUSTOMER)).toEqual({
      case_files: '“video.mov” is larger than 10 MB; attach a smaller file.',
    });
    expect(Object.values(app.standIn.fileDownloads())).toEqual([0, 0, 0, 0]);
    await nothingOpened();
  });

  it('refuses an app as the contact', async () => {
    await open();
    await app.driver.submitModal(CUSTOMER, { ...fill, 'Contact (on behalf of)': app.standIn.botUserId });
    expect(app.driver.lastErrors(CUSTOMER)).toEqual({
      case_contact: 'Choose a person: an app or a deactivated account cannot be the contact.',
    });
    await nothingOpened();
  });

  it('shows hostile text as text in the DM, the card and the assignee’s DM', async () => {
    await open();
    await app.driver.submitModal(CUSTOMER, {
      Impact: 'Low',
      Subject: '<!channel> projector <http://evil.example|click>',
      Description: '*bold* <@U0AGENTIT> &',
    });
    await app.otto.dispatcher.runOnce();
    for (const channel of [dm(CUSTOMER), AV_CHANNEL, dm(AV_AGENT)]) {
      const [message] = app.standIn.messages(channel);
      // mrkdwn is where Slack would act on a control; plain text shows it as typed.
      const mrkdwn = [
        message!.text,
        ...JSON.stringify(message!.blocks).match(/"type":"mrkdwn","text":"(?:[^"\\]|\\.)*"/g)!,
      ];
      expect(mrkdwn.join('\n')).not.toMatch(/<!channel>|<http:\/\/evil|<@U0AGENTIT>/);
      expect(message!.text).toContain('&lt;!channel&gt; projector &lt;http://evil.example|click&gt;');
    }
  });
});

describe('a case form sent twice, and files that cannot be kept', () => {
  it('opens one case when Slack delivers the same submission twice', async () => {
    await app.driver.slashCommand(CUSTOMER, 'case');
    await formOf(CUSTOMER);
    app.driver.fillModal(CUSTOMER, fill);
    const view = app.standIn.topModal(CUSTOMER)!;
    const first = await app.driver.submitModal(CUSTOMER);
    const again = await app.driver.redeliver(first.sent, { num: 1, reason: 'http_timeout' });
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(again.body).toBe('');
    expect((await cases()).map((c) => c.id)).toEqual([1]);
    // Two copies at once, as a double click sends them.
    await app.driver.slashCommand(CUSTOMER, 'case');
    await waitFor(() => app.standIn.topModal(CUSTOMER)?.id !== view.id && app.standIn.topModal(CUSTOMER));
    app.driver.fillModal(CUSTOMER, { ...fill, Subject: 'Second' });
    const sent = await app.driver.submitModal(CUSTOMER);
    await Promise.all([
      app.driver.redeliver(sent.sent, { num: 1 }),
      app.driver.redeliver(sent.sent, { num: 2 }),
    ]);
    expect((await cases()).map((c) => c.subject)).toEqual(['Projector in B204 does not turn on', 'Second']);
    await app.otto.dispatcher.runOnce();
    expect(texts(dm(CUSTOMER))).toHaveLength(2);
  });

  it('records a file Slack would not hand over on the history and tells the opener; the case stays open', async () => {
    await app.driver.slashCommand(CUSTOMER, 'case');
    const form = await formOf(CUSTOMER);
    const [kept] = app.driver.attachFiles(CUSTOMER, 'Attachments', [
      { name: 'ok.txt', content: 'fine', mimetype: 'text/plain' },
    ]);
    const gone = {
      ...kept!,
      id: 'F0GONE0000',
      name: 'gone.pdf',
      url_private_download: kept!.url_private_download.replace(kept!.id, 'F0GONE0000'),
    };
    app.standIn.setElementState({ viewId: form.id }, 'case_files', 'files', {
      type: 'file_input',
      files: [kept, gone],
    });
    await app.driver.submitModal(CUSTOMER, fill);
    const warning = await waitFor(() => texts(dm(CUSTOMER)).find((t) => t.startsWith(':warning:')));
    expect(shownBySlack(warning)).toBe(
      [
        ':warning: Otto could not keep a file you attached to case #1:',
        '• “gone.pdf”: Slack no longer has that file; it may have been deleted.',
        'Reply with it in the case’s thread to add it.',
      ].join('\n'),
    );
    expect((await filesOf(1)).map((f) => f.name)).toEqual(['ok.txt']);
    expect(await historyOf(1)).toEqual([
      ['opened', CUSTOMER, { source: 'slack' }],
      expect.arrayContaining(['routed']),
      ['files_added', CUSTOMER, { names: ['ok.txt'] }],
      [
        'file_not_kept',
        'otto',
        {
          name: 'gone.pdf',
          reason: 'Slack no longer has that file; it may have been deleted.',
          by: CUSTOMER,
        },
      ],
    ]);
  });
});
