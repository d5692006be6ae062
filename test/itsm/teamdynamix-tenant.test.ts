import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ItsmError } from '../../src/itsm/errors.js';
import type { CreateTicketInput, ItsmPort } from '../../src/itsm/port.js';
import { TdxSettings, type TdxSettingsInput } from '../../src/itsm/tdx-settings.js';
import { createTeamDynamixItsm } from '../../src/itsm/teamdynamix.js';
import { startTdxStandIn, type TdxStandIn, tdxSettingsFor, tdxTenant } from '../helpers/tdx-standin.js';

// The adapter against a tenant set up as TeamDynamix documents it: every call's method, path,
// query and body as the stand-in recorded it.

let tdx: TdxStandIn;

function adapter(settings: Partial<TdxSettingsInput> = {}): ItsmPort {
  return createTeamDynamixItsm({
    ...tdx.connection(),
    settings: TdxSettings.parse(tdxSettingsFor(settings)),
    sleep: async () => {},
  });
}

const refresh: CreateTicketInput = {
  kind: 'refresh',
  title: 'Refresh #7: LSA-NEW for Casey Jones',
  body: 'Otto refresh ticket #7 (On premises).',
  requestedBy: 'otto',
  refreshTicketId: 7,
  requestor: { email: 'casey@example.edu', name: 'Casey Jones' },
  supportTeam: { name: 'North desk', itsmGroup: 'NIT-North' },
  replacement: { serial: 'NEW1' },
  tasks: [
    { kind: 'depot_build', title: 'Build the replacement at the depot', dueAt: '2026-12-01T13:00:00.000Z' },
    { kind: 'nit_delivery', title: 'Deliver and set up at day1', dueAt: '2026-12-02T15:00:00.000Z' },
  ],
};

/** The calls after the login, as `METHOD pathname` with their query and body. */
const callsAfterLogin = () =>
  tdx.calls
    .filter((c) => !c.pathname.endsWith('/auth/loginadmin'))
    .map(({ method, pathname, query, body, status }) => ({ method, pathname, query, body, status }));

async function rejection(promise: Promise<unknown>): Promise<ItsmError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ItsmError);
  return error as ItsmError;
}

beforeEach(async () => {
  tdx = await startTdxStandIn();
});
afterEach(() => tdx.close());

const notify = {
  EnableNotifyReviewer: 'false',
  NotifyRequestor: 'false',
  NotifyResponsible: 'false',
  AllowRequestorCreation: 'false',
};

describe('creating a TeamDynamix ticket a tenant accepts', () => {
  it('sends every configured id, the known requestor, the team’s group on ticket and tasks, and attaches the replacement', async () => {
    const casey = tdx.addPerson({ email: 'Casey@Example.edu', name: 'Casey Jones' });
    tdx.addPerson({ email: 'casey@example.edu.old', name: 'Casey Jones (old)' });
    const asset = tdx.addAsset({ SerialNumber: 'NEW1', Name: 'LSA-NEW' });
    const created = await adapter().createTicket(refresh);

    const ticketId = Number(created.id);
    const [depot, delivery] = tdx.tickets.get(ticketId)!.Tasks;
    expect(created).toEqual({
      id: String(ticketId),
      tasks: [
        { id: String(depot!.ID), kind: 'depot_build' },
        { id: String(delivery!.ID), kind: 'nit_delivery' },
      ],
    });
    expect(callsAfterLogin()).toEqual([
      {
        method: 'GET',
        pathname: '/TDWebApi/api/people/lookup',
        query: { searchText: 'casey@example.edu', maxResults: '5' },
        body: undefined,
        status: 200,
      },
      {
        method: 'POST',
        pathname: '/TDWebApi/api/43/assets/search',
        query: {},
        body: { SerialLike: 'NEW1', MaxResults: 50 },
        status: 200,
      },
      {
        method: 'POST',
        pathname: '/TDWebApi/api/42/tickets',
        query: notify,
        body: {
          TypeID: 101,
          FormID: 201,
          Title: refresh.title,
          Description: `${refresh.body}\n\nRequested in Otto by otto for refresh ticket #7.`,
          AccountID: 5,
          SourceID: 8,
          StatusID: 301,
          PriorityID: 20,
          ServiceID: 77,
          RequestorUid: casey.UID,
          ResponsibleGroupID: 901,
        },
        status: 201,
      },
      {
        method: 'POST',
        pathname: `/TDWebApi/api/42/tickets/${ticketId}/assets/${asset.ID}`,
        query: {},
        body: {},
        status: 200,
      },
      {
        method: 'POST',
        pathname: `/TDWebApi/api/42/tickets/${ticketId}/tasks`,
        query: {},
        body: {
          Title: 'Build the replacement at the depot',
          EndDate: '2026-12-01T13:00:00.000Z',
          ResponsibleGroupID: 901,
        },
        status: 201,
      },
      {
        method: 'POST',
        pathname: `/TDWebApi/api/42/tickets/${ticketId}/tasks`,
        query: {},
        body: {
          Title: 'Deliver and set up at day1',
          EndDate: '2026-12-02T15:00:00.000Z',
          ResponsibleGroupID: 901,
        },
        status: 201,
      },
    ]);
    expect(tdx.tickets.get(ticketId)).toMatchObject({
      RequestorUid: casey.UID,
      ResponsibleGroupID: 901,
      Assets: [asset.ID],
    });
    // Every body went as JSON, as TeamDynamix accepts no other content type.
    expect(
      tdx.calls
        .filter((c) => c.body !== undefined)
        .every((c) => c.contentType === 'application/json; charset=utf-8'),
    ).toBe(true);
  });

  it('uses the asset a lookup found without searching again, and each kind’s own ids', async () => {
    const asset = tdx.addAsset({ SerialNumber: 'NEW1', Name: 'LSA-NEW' });
    const itsm = adapter();
    const created = await itsm.createTicket({
      ...refresh,
      requestor: undefined,
      replacement: { serial: 'NEW1', assetId: String(asset.ID) },
      tasks: [],
    });
    await itsm.createTicket({
      kind: 'change_request',
      title: 'Change request for refresh #7',
      body: 'Another colour, please.',
      requestedBy: 'U0CASEY',
      supportTeam: { name: 'Central IT' },
    });
    expect(callsAfterLogin().map((c) => [c.method, c.pathname, c.body])).toEqual([
      ['POST', '/TDWebApi/api/42/tickets', expect.objectContaining({ TypeID: 101, FormID: 201 })],
      ['POST', `/TDWebApi/api/42/tickets/${created.id}/assets/${asset.ID}`, {}],
      [
        'POST',
        '/TDWebApi/api/42/tickets',
        {
          TypeID: 103,
          FormID: 202,
          Title: 'Change request for refresh #7',
          Description: 'Another colour, please.\n\nRequested in Otto by U0CASEY.',
          AccountID: 5,
          StatusID: 301,
          PriorityID: 20,
          // No customer: the tenant's service account asks (later edits need a requestor).
          RequestorUid: tdxTenant.serviceAccountUid,
          // The team by its name when it has no ITSM group.
          ResponsibleGroupID: 902,
        },
      ],
    ]);
  });

  it('names a customer TeamDynamix does not know in the description, with the configured requestor', async () => {
    tdx.addPerson({ email: 'casey@example.edu', name: 'Casey Jones', active: false });
    await adapter({ defaultResponsibleGroupId: undefined }).createTicket({
      ...refresh,
      supportTeam: { name: 'Unlisted team' },
      replacement: undefined,
      tasks: [{ kind: 'nit_delivery', title: 'Deliver and set up at day1' }],
    });
    const [, ticket, task] = callsAfterLogin();
    expect(ticket!.body).toEqual({
      TypeID: 101,
      FormID: 201,
      Title: refresh.title,
      Description: `${refresh.body}\n\nCustomer: Casey Jones <casey@example.edu> (not found in TeamDynamix).\nRequested in Otto by otto for refresh ticket #7.`,
      AccountID: 5,
      SourceID: 8,
      StatusID: 301,
      PriorityID: 20,
      ServiceID: 77,
      RequestorUid: tdxTenant.serviceAccountUid,
    });
    // No group for the team and no default: the task is left to the ticket type's.
    expect(task!.body).toEqual({ Title: 'Deliver and set up at day1' });
  });

  it('opens the ticket anyway when the replacement cannot be attached or the people lookup answers nonsense', async () => {
    tdx.failNext(
      { status: 200, body: [{ UID: 'casey', PrimaryEmail: 'casey@example.edu' }] },
      /people\/lookup/,
    );
    const itsm = adapter();
    const missing = await itsm.createTicket({ ...refresh, tasks: [] });
    expect(missing.warnings).toEqual(['replacement NEW1 not found in TeamDynamix: not attached']);
    const gone = await itsm.createTicket({
      ...refresh,
      requestor: undefined,
      replacement: { serial: 'NEW1', assetId: '404404' },
      tasks: [],
    });
    expect(gone.warnings).toEqual([
      `replacement NEW1 not attached: TeamDynamix answered 404 to POST /42/tickets/${gone.id}/assets/404404: {"Message":"Asset not found."}`,
    ]);
    expect(tdx.tickets.get(Number(missing.id))).toMatchObject({
      RequestorUid: tdxTenant.serviceAccountUid,
      Assets: [],
    });
    expect(tdx.tickets.size).toBe(2);
  });

  it('is refused by the tenant when a required id is wrong, and the refusal is not retried', async () => {
    const itsm = adapter({
      tickets: {
        ...tdxSettingsFor().tickets,
        refresh: { typeId: 999, statusId: 301, priorityId: 20, accountId: 5 },
      },
    });
    const error = await rejection(itsm.createTicket({ ...refresh, requestor: undefined }));
    expect(error.message).toBe(
      `TeamDynamix answered 400 to POST /42/tickets?EnableNotifyReviewer=false&NotifyRequestor=false&NotifyResponsible=false&AllowRequestorCreation=false: {"Message":"TypeID 999 is not valid."}`,
    );
    expect(error.permanent).toBe(true);
    expect(tdx.tickets.size).toBe(0);
  });

  it('reads the workflow’s tasks instead of adding its own where a workflow drives the kind', async () => {
    const tickets = tdxSettingsFor().tickets;
    const itsm = adapter({
      tickets: { ...tickets, refresh: { ...tickets.refresh, tasks: 'workflow', workflowId: 600 } },
      workflowTasks: { depot_build: 'Depot build (workflow)', nit_delivery: 'deliver and set up (WORKFLOW)' },
    });
    const created = await itsm.createTicket({ ...refresh, requestor: undefined, replacement: undefined });
    const ticket = tdx.tickets.get(Number(created.id))!;
    expect(created.tasks).toEqual([
      { id: String(ticket.Tasks[0]!.ID), kind: 'depot_build' },
      { id: String(ticket.Tasks[1]!.ID), kind: 'nit_delivery' },
    ]);
    expect(callsAfterLogin().map((c) => [c.method, c.pathname, c.query])).toEqual([
      ['POST', '/TDWebApi/api/42/tickets', notify],
      [
        'PUT',
        `/TDWebApi/api/42/tickets/${created.id}/workflow`,
        { newWorkflowId: '600', allowRemoveExisting: 'false' },
      ],
      ['GET', `/TDWebApi/api/42/tickets/${created.id}/tasks`, { isEligiblePredecessor: 'false' }],
    ]);
    expect(ticket.Tasks.map((t) => t.TaskType)).toEqual([3, 3]);

    // Installed when the workflow's delivery task is complete.
    tdx.completeTask(ticket.ID, 'Depot build (workflow)');
    expect(await itsm.getTicketState(created.id)).toMatchObject({ installed: false });
    tdx.completeTask(ticket.ID, 'Deliver and set up (workflow)');
    expect(await itsm.getTicketState(created.id)).toEqual({ installed: true, closed: false, status: 'New' });
  });
});

describe('looking a replacement up in the asset application', () => {
  it('finds it by its service tag, and never a retired or disposed asset', async () => {
    tdx.addAsset({ ID: 501, SerialNumber: 'C02XK1', Tag: 'UM-004211', Name: 'LSA-MAC' });
    tdx.addAsset({ ID: 502, SerialNumber: 'OLD9', Tag: 'UM-0042', Name: 'Retired one', StatusID: 3 });
    tdx.addAsset({ ID: 503, SerialNumber: 'DSP1', Name: 'Disposed one', StatusID: 4 });
    const itsm = adapter();
    expect(await itsm.lookupSystem('um-004211')).toEqual({ found: true, assetId: '501', name: 'LSA-MAC' });
    expect(await itsm.lookupSystem('UM-0042')).toEqual({ found: false });
    expect(await itsm.lookupSystem('DSP1')).toEqual({ found: false });
    expect(callsAfterLogin().map((c) => [c.method, c.pathname, c.body])).toEqual([
      ['POST', '/TDWebApi/api/43/assets/search', { SerialLike: 'um-004211', MaxResults: 50 }],
      ['POST', '/TDWebApi/api/43/assets/search', { SerialLike: 'UM-0042', MaxResults: 50 }],
      ['POST', '/TDWebApi/api/43/assets/search', { SerialLike: 'DSP1', MaxResults: 50 }],
    ]);
  });

  it('asks for the statuses a replacement may have, where the tenant named them', async () => {
    tdx.addAsset({ ID: 501, SerialNumber: 'NEW1', Name: 'In stock', StatusID: 2 });
    tdx.addAsset({ ID: 502, SerialNumber: 'NEW2', Name: 'In use', StatusID: 1 });
    const itsm = adapter({ replacementStatusIds: [2] });
    expect(await itsm.lookupSystem('NEW1')).toEqual({ found: true, assetId: '501', name: 'In stock' });
    expect(await itsm.lookupSystem('NEW2')).toEqual({ found: false });
    expect(callsAfterLogin()[1]!.body).toEqual({ SerialLike: 'NEW2', StatusIDs: [2], MaxResults: 50 });
  });

  it('is not found in the ticketing application, where assets are not kept', async () => {
    tdx.addAsset({ ID: 501, SerialNumber: 'NEW1', Name: 'LSA-NEW' });
    const wrong = createTeamDynamixItsm({
      baseUrl: tdx.baseUrl,
      beid: tdx.beid,
      webServicesKey: tdx.webServicesKey,
      appId: tdx.appId,
      assetAppId: tdx.appId,
      settings: tdx.settings,
    });
    const error = await rejection(wrong.lookupSystem('NEW1'));
    expect(error.message).toBe(
      'TeamDynamix answered 404 to POST /42/assets/search: {"Message":"Application 42 is not an asset application."}',
    );
  });
});

describe('reading a ticket’s state by its status class', () => {
  async function opened(itsm: ItsmPort) {
    return itsm.createTicket({ ...refresh, requestor: undefined, replacement: undefined });
  }

  it('counts it installed when the NIT delivery task is complete, whatever the other tasks', async () => {
    const itsm = adapter();
    const created = await opened(itsm);
    const ticket = tdx.tickets.get(Number(created.id))!;
    tdx.completeTask(ticket.ID, 'Build the replacement at the depot');
    expect(await itsm.getTicketState(created.id, created.tasks)).toEqual({
      installed: false,
      closed: false,
      status: 'New',
    });
    tdx.setStatus(ticket.ID, { id: 302 });
    tdx.completeTask(ticket.ID, 'Deliver and set up at day1');
    expect(await itsm.getTicketState(created.id, created.tasks)).toEqual({
      installed: true,
      closed: false,
      status: 'In Process',
    });
    const reads = callsAfterLogin().filter((c) => c.method === 'GET');
    expect(reads.map((c) => [c.pathname, c.query])).toEqual([
      [`/TDWebApi/api/42/tickets/${created.id}`, {}],
      [`/TDWebApi/api/42/tickets/${created.id}/tasks`, { isEligiblePredecessor: 'false' }],
      [`/TDWebApi/api/42/tickets/${created.id}`, {}],
      [`/TDWebApi/api/42/tickets/${created.id}/tasks`, { isEligiblePredecessor: 'false' }],
    ]);
  });

  it('counts it installed at a named custom status, without reading tasks', async () => {
    const itsm = adapter({ installed: { status: 'installed' } });
    const created = await opened(itsm);
    const id = Number(created.id);
    expect(await itsm.getTicketState(created.id)).toEqual({ installed: false, closed: false, status: 'New' });
    tdx.setStatus(id, { id: 303 });
    expect(await itsm.getTicketState(created.id)).toEqual({
      installed: true,
      closed: false,
      status: 'Installed',
    });
    expect(tdx.callsTo('GET', /\/tasks/)).toEqual([]);
  });

  it('reports a cancelled ticket as cancelled, neither installed nor closed', async () => {
    const itsm = adapter();
    const created = await opened(itsm);
    tdx.setStatus(Number(created.id), 4);
    expect(await itsm.getTicketState(created.id, created.tasks)).toEqual({
      installed: false,
      closed: false,
      cancelled: true,
      status: 'Cancelled',
    });
    // A closed ticket has no tasks to read (TeamDynamix answers none).
    expect(tdx.callsTo('GET', /\/tasks/)).toEqual([]);
  });

  it('refuses a status class TeamDynamix does not define', async () => {
    const itsm = adapter();
    const created = await opened(itsm);
    Object.assign(tdx.tickets.get(Number(created.id))!, { StatusClass: 9, StatusName: 'Limbo' });
    const error = await rejection(itsm.getTicketState(created.id, created.tasks));
    expect(error.message).toBe(
      `TeamDynamix ticket ${created.id} has a status Otto does not know (class 9, "Limbo")`,
    );
    expect(error.permanent).toBe(true);
  });
});

describe('the TeamDynamix stand-in', () => {
  it('answers no tasks for a closed ticket, and only unfinished ones as eligible predecessors', async () => {
    const itsm = adapter();
    const created = await itsm.createTicket({ ...refresh, requestor: undefined, replacement: undefined });
    const id = Number(created.id);
    tdx.completeTask(id, 'Build the replacement at the depot');
    const bearer = tdx.calls.find((c) => c.authorization)!.authorization!;
    const get = async (query: string) => {
      const response = await fetch(`${tdx.baseUrl}/api/42/tickets/${id}/tasks${query}`, {
        headers: { Authorization: bearer },
      });
      return ((await response.json()) as Array<{ Title: string }>).map((t) => t.Title);
    };
    expect(await get('?isEligiblePredecessor=true')).toEqual(['Deliver and set up at day1']);
    expect(await get('?isEligiblePredecessor=false')).toEqual([
      'Build the replacement at the depot',
      'Deliver and set up at day1',
    ]);
    tdx.setStatus(id, 3);
    expect(await get('?isEligiblePredecessor=false')).toEqual([]);
  });

  it('refuses a body that is not sent as JSON', async () => {
    await adapter().lookupSystem('warm-up');
    const bearer = tdx.calls.find((c) => c.authorization)!.authorization!;
    const response = await fetch(`${tdx.baseUrl}/api/43/assets/search`, {
      method: 'POST',
      headers: { Authorization: bearer, 'Content-Type': 'text/plain' },
      body: JSON.stringify({ SerialLike: 'NEW1' }),
    });
    expect(response.status).toBe(415);
  });

  it('lets a rate budget answer before a call is routed', async () => {
    const seen: string[] = [];
    tdx.beforeCall = ({ method, pathname }) => {
      seen.push(`${method} ${pathname}`);
      return pathname.endsWith('/assets/search')
        ? {
            status: 429,
            body: { Message: 'Too many requests.' },
            headers: { 'X-RateLimit-Reset': new Date(Date.now() + 60_000).toUTCString() },
          }
        : undefined;
    };
    // A caller who cannot wait a minute gets the 429's wait back.
    const error = await rejection(adapter().lookupSystem('NEW1', { maxWaitMs: 5000 }));
    expect(error.status).toBe(429);
    expect(seen).toEqual(['POST /TDWebApi/api/auth/loginadmin', 'POST /TDWebApi/api/43/assets/search']);
    expect(tdx.calls.at(-1)).toMatchObject({ status: 429, pathname: '/TDWebApi/api/43/assets/search' });
  });
});
