// View models for every builder in blocks/, with one hostile string in every text a person or the
// inventory could have written. Slack ids are the real kind (they come from Slack, not from text):
// the only mentions a builder may write are of these.

import type { ItsmTicketView } from '../../src/domain/refresh/notices.js';
import type { HomeViewModel } from '../../src/services/home/get-home.js';
import type { LineProblem } from '../../src/services/pair-lines.js';
import type { ApprovalSummary } from '../../src/services/refresh/approvals/approval-summary.js';
import type { BatchCreation } from '../../src/services/refresh/batches/create-tickets-from-batch.js';
import type { SerialsCreation } from '../../src/services/refresh/batches/create-tickets-from-serials.js';
import type { BatchView } from '../../src/services/refresh/batches/get-batch.js';
import type { BatchListItem } from '../../src/services/refresh/batches/list-batches.js';
import type { ConfigChoice } from '../../src/services/refresh/batches/list-config-choices.js';
import type { BookSlotModalView } from '../../src/services/refresh/booking/book-slot.js';
import type { RescheduleForm } from '../../src/services/refresh/booking/reschedule.js';
import type { BulkRescheduleResult } from '../../src/services/refresh/booking/reschedule-in-bulk.js';
import type { ConfigSaved } from '../../src/services/refresh/configs/config-fields.js';
import type { ConfigForm } from '../../src/services/refresh/configs/get-config-form.js';
import type { ConfigListPage } from '../../src/services/refresh/configs/list-configs.js';
import type {
  ModelChoice,
  PeripheralChoice,
  UnitChoice,
} from '../../src/services/refresh/configs/search-config-choices.js';
import type { EnterTrackingResult } from '../../src/services/refresh/delivery/enter-tracking.js';
import type { HomeTicket, RefreshHomeSection } from '../../src/services/refresh/home-sections.js';
import type { SlackMatchResult } from '../../src/services/refresh/inventory/match-people-to-slack.js';
import type { AssignmentResult } from '../../src/services/refresh/ordering/assign-replacements.js';
import type {
  OrderGroupFilterChoices,
  OrderGroupList,
} from '../../src/services/refresh/ordering/list-order-groups.js';
import type {
  OrderGroupManifest,
  OrderGroupRow,
} from '../../src/services/refresh/ordering/order-group-store.js';
import type { EditTicketForm } from '../../src/services/refresh/tickets/edit-ticket.js';
import type { ProblemList } from '../../src/services/refresh/tickets/list-problems.js';
import type { TicketRow } from '../../src/services/refresh/tickets/load-ticket.js';
import type { TicketCard } from '../../src/services/refresh/tickets/ticket-card.js';
import type { TicketDetails } from '../../src/services/refresh/tickets/ticket-details.js';
import type { WizardOptionsFound } from '../../src/services/refresh/wizard/find-wizard-options.js';
import type { WizardView } from '../../src/services/refresh/wizard/load-wizard.js';
import type { CalendarOverview } from '../../src/services/scheduling/calendar-overview.js';
import type { SchedulingHomeSection } from '../../src/services/scheduling/home-sections.js';
import type { TeamPreferences } from '../../src/services/scheduling/preferences/list-preferences.js';
import type { TeamSlots } from '../../src/services/scheduling/team-slots.js';

/** The Slack user ids of the fixture: a mention of any other id is user text gone live. */
export const realIds = { admin: 'U0ADMIN01', approver: 'U0APPROVE', customer: 'U0CUSTOMR' } as const;

/** The only link a builder writes: the calendar feed Otto serves. */
export const feedUrl = 'https://otto.example.edu/calendar/north.ics?token=abc&x=1';
export const itsmUrl = 'https://tdx.example.edu/TDNext/Apps/1/Tickets/TicketDet?TicketID=5';

const at = new Date('2026-11-16T15:00:00Z');
const later = new Date('2026-11-20T15:00:00Z');

/** Every view model, with `evil` wherever text comes from people, the inventory or another system. */
export function hostileViews(evil: string) {
  const e = (suffix = '') => `${evil}${suffix}`;

  const ticketRow: TicketRow = {
    id: 12,
    existingSystemId: 1,
    userId: 1,
    delegateId: 2,
    configId: 1,
    style: 'remote_customer',
    status: 'requires_approval',
    statusBeforeHold: null,
    appointmentUid: null,
    appointmentSequence: 0,
    proposedModelId: 1,
    chosenModelId: 2,
    differentDeviceRequested: true,
    differentDeviceReason: e(' reason'),
    orderedModelId: null,
    building: e(' building'),
    room: e(' room'),
    shippingAddress: {
      recipient: e(),
      line1: e(),
      line2: e(),
      city: e(),
      region: e(),
      postalCode: e(),
      country: e(),
    },
    replacementSystemId: 3,
    groupId: 1,
    supportTeamId: 1,
    scheduleSlotId: null,
    trackingNumber: e(),
    orderGroupId: null,
    batchId: null,
    itsmTicketId: e(),
    wizardState: null,
    denialReason: e(' denial'),
    decidedBy: realIds.approver,
    decidedAt: at,
    invitationDueAt: at,
    invitedAt: at,
    remindersSent: 0,
    notes: e(' notes'),
    createdBy: realIds.admin,
    createdAt: at,
    updatedAt: at,
  };

  const details: TicketDetails = {
    ticket: ticketRow,
    config: {
      id: 1,
      name: e(' config'),
      style: 'remote_customer',
      requiresApproval: true,
      unitSpecifiedLocation: e(' location'),
    },
    system: { serial: e(' serial'), name: e(' name'), model: e(' model'), platform: 'windows' },
    user: { id: 1, name: e(' user'), email: 'casey@example.edu', slackUserId: realIds.customer },
    delegate: { id: 2, name: null, email: e('@example.edu'), slackUserId: null },
    proposedModel: { id: 1, name: e(' proposed'), platform: 'windows' },
    chosenModel: { id: 2, name: e(' chosen'), platform: 'mac' },
    replacement: { serial: e(' replacement'), name: e() },
    supportTeam: e(' team'),
    supportTeamTimeZone: 'America/Detroit',
    group: e(' group'),
    peripherals: [
      { id: 1, name: e(' monitor'), quantity: 2, requiresApproval: true },
      { id: 2, name: e(' mouse'), quantity: 1, requiresApproval: false },
    ],
    software: [{ id: 1, name: e(' app'), requiresApproval: true }],
    approvalReasons: [e(' reason one'), e(' reason two')],
  };

  const card: TicketCard = {
    details,
    timeZone: 'America/Detroit',
    lastDecision: { approved: false, by: realIds.approver, at, reason: e('\nsecond line') },
    can: {
      approve: true,
      edit: true,
      changeRequest: true,
      fillLocation: true,
      hold: true,
      resume: true,
      cancel: true,
      reschedule: true,
    },
    appointment: { day1: later, team: e(' team') },
    itsm: { id: e(), url: itsmUrl },
    orderGroup: { name: e(' group'), poNumber: e(' po'), requestItem: e(' ritm') },
    peripherals: { items: [{ name: e(' monitor'), quantity: 2 }], fromBundle: true },
    history: [
      {
        at,
        actor: { name: e(' name'), slackUserId: realIds.admin },
        text: `moved the appointment from ${e()} to ${e(' later')}.`,
        failed: false,
      },
      { at, actor: { name: null, slackUserId: realIds.approver }, text: e(' text'), failed: true },
      { at, actor: null, text: e(' sentence'), failed: false },
    ],
  };

  const summary: ApprovalSummary = {
    ticketId: 12,
    status: 'requires_approval',
    customer: e(' customer'),
    computer: e(' computer'),
    config: e(' config'),
    reasons: [e(' reason')],
    lines: [
      { label: e(' label'), value: e(' value') },
      { label: 'Model', value: e() },
    ],
  };

  const lineProblems: LineProblem[] = [
    { lineNo: 1, text: e(' line'), reason: e(' reason') },
    { lineNo: 2, text: 'SN1 NEW1', reason: e() },
  ];

  const homeTicket = (id: number, lookup?: string): HomeTicket => ({
    id,
    status: id % 2 ? 'pending_location_info' : 'pending_itsm_existence',
    serial: e(' serial'),
    systemName: e(' name'),
    customer: e(' customer'),
    ...(lookup === undefined ? {} : { lookup }),
  });

  const slotRules: TeamPreferences[] = [
    {
      teamId: 1,
      team: e(' team'),
      timeZone: e(' zone'),
      rules: [
        {
          id: 1,
          weekdays: [1, 2, 3],
          startTime: '09:00',
          endTime: '16:30',
          slotMinutes: 60,
          capacity: 2,
          effectiveFrom: '2026-11-16',
          effectiveTo: null,
        },
      ],
    },
    { teamId: 2, team: e(), timeZone: 'America/Detroit', rules: [] },
  ];

  const calendar: CalendarOverview = {
    teams: [
      {
        teamId: 1,
        team: e(' team'),
        timeZone: 'America/Detroit',
        days: [{ day: '2026-11-17', slots: 4, capacity: 8, booked: 3 }],
      },
      { teamId: 2, team: e(), timeZone: 'America/Detroit', days: [] },
    ],
    teamChoices: [
      { id: 1, name: e(' team') },
      { id: 2, name: e() },
    ],
    filter: { id: 1, name: e(' team') },
    feeds: [{ name: e(' feed'), url: feedUrl }],
    feedsOff: false,
  };

  // One of each Home section kind: the typed maps make a new kind name its case here.
  const refreshSections: { [K in RefreshHomeSection['kind']]: Extract<RefreshHomeSection, { kind: K }> } = {
    approvals: {
      module: 'refresh',
      kind: 'approvals',
      band: 'waiting',
      awaitingApproval: 20,
      awaiting: [homeTicket(2), homeTicket(4)],
      approverCounts: [
        { status: 'requires_approval', count: 20 },
        { status: 'pending_ordering', count: 3 },
      ],
      orderGroupsAwaiting: 7,
      orderGroups: [
        { id: 4, name: e(' group'), ticketCount: 3, unitName: e(' unit'), models: [{ name: e(), count: 2 }] },
        { id: 5, name: e(), ticketCount: 1, unitName: null, models: [] },
      ],
    },
    problems: {
      module: 'refresh',
      kind: 'problems',
      band: 'waiting',
      pendingLocationInfo: 12,
      pendingItsmExistence: 1,
      itsmCancelled: 1,
      lists: {
        pendingLocationInfo: [homeTicket(1)],
        pendingItsmExistence: [homeTicket(2, e(' lookup'))],
        itsmCancelled: [homeTicket(3)],
      },
    },
    my_refresh: {
      module: 'refresh',
      kind: 'my_refresh',
      band: 'own',
      myTickets: [
        {
          id: 5,
          status: 'pending_customer',
          style: 'unit_specified_location',
          serial: e(' serial'),
          systemName: e(' name'),
          asDelegate: true,
          onBehalfOf: e(' customer'),
          denialReason: e(' denial'),
          unitLocation: e(' location'),
          timeline: [
            { stage: 'answers', state: 'now', day: e(' day') },
            { stage: 'approval', state: 'next' },
          ],
          next: { kind: 'answer', started: true, by: e(' deadline') },
        },
        {
          id: 6,
          status: 'delivery_scheduled',
          style: 'unit_specified_location',
          serial: e(),
          systemName: null,
          asDelegate: false,
          denialReason: null,
          appointment: e(' appointment'),
          unitLocation: e(' location'),
          timeline: [
            { stage: 'answers', state: 'done', day: e() },
            { stage: 'delivery', state: 'now', day: e() },
          ],
          next: { kind: 'attend', appointment: e(' appointment') },
        },
        // Every other next step, with the texts it carries.
        ...(
          [
            { kind: 'delegate_answers', delegate: e(' delegate'), by: e() },
            { kind: 'staff_location' },
            { kind: 'approval', digest: e() },
            { kind: 'ordering', after: 'ship' },
            { kind: 'ordering', after: 'schedule' },
            { kind: 'ordering', after: 'deliver' },
            { kind: 'find_times' },
            { kind: 'pick_time' },
            { kind: 'shipping', trackingNumber: e(' tracking') },
            { kind: 'shipping', trackingNumber: null },
            { kind: 'on_hold' },
          ] as const
        ).map((next, i) => ({
          id: 10 + i,
          status: 'on_hold' as const,
          style: (i % 2 ? 'remote_customer' : 'bump_down') as 'remote_customer' | 'bump_down',
          serial: e(),
          systemName: e(),
          asDelegate: i % 3 === 0,
          ...(i % 3 === 0 ? { onBehalfOf: e(' customer') } : {}),
          denialReason: null,
          timeline: [{ stage: 'ordering' as const, state: 'now' as const }],
          next,
        })),
      ],
    },
  };

  const schedulingSections: {
    [K in SchedulingHomeSection['kind']]: Extract<SchedulingHomeSection, { kind: K }>;
  } = {
    slot_teams: {
      module: 'scheduling',
      kind: 'slot_teams',
      band: 'team',
      slotTeams: [
        {
          team: e(' team'),
          timeZone: e(' zone'),
          counts: { slots: 3, seats: 5, booked: 2 },
          days: [
            {
              day: e(' day'),
              counts: { slots: 3, seats: 5, booked: 2 },
              slots: [
                {
                  id: 7,
                  time: e(' time'),
                  capacity: 2,
                  booked: 2,
                  bookings: [
                    { ticketId: 12, customer: e(' customer') },
                    { ticketId: 13, customer: null },
                  ],
                },
                {
                  id: 8,
                  time: e(' time'),
                  capacity: 1,
                  booked: 0,
                  bookings: [],
                },
              ],
            },
          ],
        },
        { team: e(), timeZone: e(), counts: { slots: 0, seats: 0, booked: 0 }, days: [] },
      ],
    },
    slot_rules: { module: 'scheduling', kind: 'slot_rules', band: 'team', teams: slotRules },
    calendar: {
      module: 'scheduling',
      kind: 'calendar',
      band: 'team',
      days: 7,
      calendar,
      bulkReschedule: true,
    },
  };

  const home: HomeViewModel = {
    userId: realIds.admin,
    roles: ['admin', 'manager', 'slot_admin'],
    sections: [
      refreshSections.approvals,
      refreshSections.problems,
      schedulingSections.slot_teams,
      schedulingSections.slot_rules,
      schedulingSections.calendar,
      refreshSections.my_refresh,
    ],
  };

  const batch: BatchView = {
    id: 3,
    name: e(' batch'),
    createdBy: realIds.admin,
    createdAt: at,
    lookedUpAt: at,
    configId: 1,
    configName: e(' config'),
    configStyle: 'on_prem',
    total: 10,
    ticketsCreated: 1,
    counts: {
      pending: 1,
      ready: 2,
      unknown_serial: 1,
      no_group: 1,
      no_user: 1,
      no_support_team: 1,
      open_ticket: 1,
      no_slack_account: 1,
    },
    problems: [
      { serial: e(' serial'), result: 'unknown_serial' },
      { serial: e(), result: 'no_user' },
      { serial: e(' nos'), result: 'no_slack_account' },
    ],
    messageChannel: null,
    messageTs: null,
  };

  const creation: BatchCreation = {
    batchId: 3,
    batchName: e(' batch'),
    configName: e(' config'),
    style: 'on_prem',
    status: 'pending_customer',
    invitationDueAt: later,
    timeZone: 'America/Detroit',
    ticketIds: [10, 11],
    withoutSlack: 1,
    alreadyCreated: 1,
    skipped: { unknown_serial: 1, no_group: 2 },
  };

  const batchList: BatchListItem[] = [
    { id: 3, name: e(' batch'), createdAt: at, createdBy: realIds.admin, total: 9, ticketsCreated: 1 },
  ];

  const configList: ConfigListPage = {
    configs: [
      {
        id: 1,
        name: e(' config'),
        style: 'unit_specified_location',
        unitName: e(' unit'),
        approvers: [realIds.approver, realIds.admin],
        openTickets: 2,
        totalTickets: 5,
      },
    ],
    page: 2,
    pageCount: 3,
    total: 41,
  };

  const itsmTicket: ItsmTicketView = {
    id: 7,
    kind: 'refresh',
    title: e(' title'),
    body: e('\nbody'),
    status: 'open',
    refreshTicketId: 12,
    timeZone: 'America/Detroit',
    day1: later,
    tasks: [
      {
        id: 1,
        kind: 'depot_build',
        title: e(' task'),
        status: 'done',
        dueAt: at,
        completedAt: later,
        completedBy: realIds.admin,
      },
      {
        id: 2,
        kind: 'nit_delivery',
        title: e(),
        status: 'open',
        dueAt: later,
        completedAt: null,
        completedBy: null,
      },
      {
        id: 3,
        kind: 'prestage',
        title: e(),
        status: 'done',
        dueAt: null,
        completedAt: at,
        completedBy: 'otto',
      },
    ],
  };

  const orderGroupRow: OrderGroupRow = {
    id: 4,
    name: e(' group'),
    unitId: 1,
    status: 'approved',
    poNumber: e(' po'),
    requestItem: e(' ritm'),
    approvedBy: realIds.approver,
    approvedAt: at,
    deniedBy: null,
    denialReason: null,
    createdBy: realIds.admin,
    createdAt: at,
  };

  const manifest: OrderGroupManifest = {
    group: orderGroupRow,
    unitName: e(' unit'),
    ticketCount: 3,
    pendingOrdering: 2,
    models: [{ name: e(' model'), count: 2 }],
    peripherals: [{ name: e(' peripheral'), count: 3 }],
    software: [],
    approvers: [realIds.approver],
    tickets: [
      {
        id: 12,
        serial: e(' serial'),
        user: e(' user'),
        style: 'remote_customer',
        shipTo: e(' ship to'),
        model: e(' model'),
        deviceToChoose: false,
        peripherals: [e(' peripheral')],
        software: [e(' software')],
        differences: [e(' found inadequate'), e(' software requested')],
      },
      {
        id: 13,
        serial: e(),
        user: null,
        style: 'on_prem',
        shipTo: null,
        model: null,
        deviceToChoose: true,
        peripherals: [],
        software: [],
        differences: [],
      },
    ],
  };

  const orderGroupList: OrderGroupList = {
    groups: [{ group: orderGroupRow, ticketCount: 3 }],
    ungrouped: 2,
  };

  const problems: ProblemList[] = [
    { status: 'pending_location_info', total: 20, tickets: [homeTicket(1), homeTicket(3)] },
    { status: 'pending_itsm_existence', total: 1, tickets: [homeTicket(2, e())] },
  ];

  const tracked: EnterTrackingResult = {
    total: 1,
    problems: [],
    entered: [{ ticketId: 12, trackingNumber: e(' tracking') }],
  };

  const configChoice: ConfigChoice = { id: 1, name: e(' config'), style: 'on_prem' };
  const unit: UnitChoice = { id: 1, name: e(' unit') };
  const model: ModelChoice = { id: 1, manufacturer: e(' maker'), name: e(' model'), platform: 'mac' };
  const peripheral: PeripheralChoice = { id: 1, name: e(' peripheral'), requiresApproval: true };

  const configForm: ConfigForm = {
    configId: 1,
    updatedAt: at.getTime(),
    name: e(' config'),
    unit,
    style: 'unit_specified_location',
    options: {
      canCustomizeComputer: true,
      canCustomizePlatform: false,
      canRequestDifferentDevice: true,
      canCustomizePeripherals: false,
      canCustomizeSoftware: true,
      requiresApproval: false,
    },
    approvers: [realIds.approver],
    proposedModel: model,
    approvedModels: [model],
    bundle: [peripheral],
    unitSpecifiedLocation: e(' location'),
  };

  const configSaved: ConfigSaved = {
    configId: 1,
    name: e(' config'),
    updatedAt: at,
    changed: ['name', 'unitId', e()],
    notes: [e(' note')],
  };

  const serialsCreation: SerialsCreation = {
    configName: e(' config'),
    style: 'bump_down',
    status: 'pending_ordering',
    invitationDueAt: null,
    timeZone: 'America/Detroit',
    created: [{ serial: e(), systemId: 1, ticketId: 10 }],
    withoutSlack: [e()],
    problems: [{ serial: e(' serial'), reason: 'no_group' }],
    duplicates: [e(' duplicate'), e()],
    refused: lineProblems,
  };

  const editForm: EditTicketForm = {
    details,
    replacementSerial: e(' replacement'),
    models: [
      { id: 1, name: e(' proposed'), platform: 'windows' },
      { id: 2, name: e(' chosen'), platform: 'mac' },
    ],
    peripherals: [{ id: 1, name: e(' monitor') }],
  };

  const days = [
    {
      label: e(' day'),
      slots: [
        { id: 1, label: e(' 09:00') },
        { id: 2, label: '10:00' },
      ],
    },
  ];

  const bookSlot: BookSlotModalView = {
    ticketId: 12,
    computer: e(' computer'),
    onBehalfOf: e(' customer'),
    timeZone: e(' zone'),
    firstDay: e(' first day'),
    days,
    more: true,
    gone: e(' gone'),
    tooSoon: e(' too soon'),
    current: e(' current'),
    unitLocation: e(' location'),
    location: e(' room'),
  };

  const reschedule: RescheduleForm = {
    ticketId: 12,
    status: 'delivery_scheduled',
    computer: e(' computer'),
    customer: e(' customer'),
    current: e(' current'),
    canAskCustomer: true,
    timeZone: e(' zone'),
    days,
    more: true,
  };

  const teamSlots: TeamSlots = {
    team: e(' team'),
    timeZone: 'America/Detroit',
    slots: [
      {
        id: 1,
        startsAt: at,
        endsAt: later,
        capacity: 2,
        booked: 2,
        bookings: [
          { ticketId: 12, customer: e(' customer'), serial: e(' serial') },
          { ticketId: 13, customer: null, serial: e() },
        ],
      },
    ],
  };

  const catalogModel = (id: number, platform: 'windows' | 'mac') => ({
    id,
    label: e(` model ${id}`),
    platform,
  });
  const wizardBase = {
    ticket: {
      id: 12,
      status: 'pending_customer' as const,
      serial: e(' serial'),
      systemName: e(' name'),
      denialReason: e('\ndenial'),
    },
    setup: {
      style: 'remote_customer' as const,
      options: {
        canCustomizeComputer: true,
        canCustomizePlatform: true,
        canRequestDifferentDevice: true,
        canCustomizePeripherals: true,
        canCustomizeSoftware: true,
      },
      configRequiresApproval: true,
      proposedModel: catalogModel(1, 'windows'),
      approvedModels: [catalogModel(1, 'windows'), catalogModel(2, 'mac')],
      bundle: [{ id: 1, name: e(' bundle'), requiresApproval: false, quantity: 2 }],
      peripherals: [
        { id: 1, name: e(' bundle'), requiresApproval: false },
        { id: 2, name: e(' extra'), requiresApproval: true },
      ],
      software: [{ id: 1, name: e(' app'), requiresApproval: true }],
      unitSpecifiedLocation: e(' location'),
      systemLocation: { building: e(' building'), room: e(' room') },
      replacement: { serial: e(' replacement'), model: catalogModel(3, 'mac') },
    },
    pages: ['location', 'device', 'peripherals', 'software', 'review'] as WizardView['pages'],
    values: {
      recipient: e(),
      line1: e(),
      building: e(),
      room: e(),
      model: '2',
      fits: 'no',
      reason: e(),
      items: ['1', '2'],
    },
    problems: [e(' problem'), e()],
    onBehalfOf: null as string | null,
  };
  const wizardPage = (
    page: WizardView['page'],
    style: WizardView['setup']['style'],
    options: Partial<WizardView['setup']['options']> = {},
  ): WizardView => ({
    ...wizardBase,
    page,
    setup: { ...wizardBase.setup, style, options: { ...wizardBase.setup.options, ...options } },
  });
  const review: NonNullable<WizardView['review']> = {
    answers: {
      location: {
        kind: 'shipping',
        address: {
          recipient: e(),
          line1: e(),
          line2: e(),
          city: e(),
          region: e(),
          postalCode: e(),
          country: e(),
        },
      },
      device: { chosenModelId: null, differentDeviceRequested: true, reason: e('\nline two') },
      peripherals: {
        items: [
          { id: 1, quantity: 2 },
          { id: 99, quantity: 1 },
        ],
      },
      software: { ids: [1] },
    },
    approvalReasons: [e(' reason')],
    locationChange: { from: { building: e(), room: null }, to: { building: e(), room: e() } },
  };
  const wizardViews: WizardView[] = [
    wizardPage('location', 'remote_customer'),
    wizardPage('location', 'on_prem'),
    wizardPage('location', 'unit_specified_location'),
    wizardPage('device', 'on_prem'),
    wizardPage('device', 'on_prem', { canCustomizeComputer: false }),
    wizardPage('device', 'on_prem', { canCustomizeComputer: false, canRequestDifferentDevice: false }),
    wizardPage('device', 'bump_down'),
    // The reason shows once the proposed computer will not do, or none is adequate.
    {
      ...wizardPage('device', 'on_prem', { canCustomizeComputer: false }),
      values: { fits: 'no', reason: e() },
    },
    { ...wizardPage('device', 'on_prem'), values: { model: 'none', reason: e() } },
    wizardPage('peripherals', 'on_prem'),
    wizardPage('peripherals', 'on_prem', { canCustomizePeripherals: false }),
    wizardPage('software', 'on_prem'),
    // A delegate reads every page about the customer they act for.
    ...(['location', 'device', 'peripherals', 'software'] as const).flatMap((page) =>
      (['on_prem', 'unit_specified_location', 'remote_customer', 'bump_down'] as const).map((style) => ({
        ...wizardPage(page, style, { canCustomizeComputer: false }),
        onBehalfOf: e(' customer'),
      })),
    ),
    { ...wizardPage('review', 'remote_customer'), review, onBehalfOf: e(' customer') },
    { ...wizardPage('review', 'remote_customer'), review },
    {
      ...wizardPage('review', 'on_prem'),
      review: {
        ...review,
        answers: {
          ...review.answers,
          location: { kind: 'on_prem', building: e(), room: e() },
          device: { chosenModelId: 2, differentDeviceRequested: false, reason: null },
        },
      },
    },
    {
      ...wizardPage('review', 'unit_specified_location'),
      review: { ...review, answers: { ...review.answers, location: { kind: 'unit' } } },
    },
  ];
  const wizardOptions: WizardOptionsFound[] = [
    {
      list: 'models',
      models: [catalogModel(1, 'windows'), catalogModel(2, 'mac')],
      mixedPlatforms: true,
      noneAdequate: true,
    },
    { list: 'software', items: [{ id: 1, name: e(' app'), requiresApproval: true }] },
  ];

  const assignment: AssignmentResult = {
    total: 3,
    assigned: [{ lineNo: 1, ticketId: 12, existing: e(), replacement: e(' new'), added: true }],
    skipped: lineProblems,
  };

  const bulk: BulkRescheduleResult = {
    team: e(' team'),
    total: 3,
    asked: [1, 2],
    moved: [{ ticketId: 3, when: e(' when') }],
    skipped: [{ ticketId: 4, reason: e(' reason') }],
  };

  const orderGroupChoices: OrderGroupFilterChoices = {
    units: [{ id: 1, name: e(' unit'), tickets: 2 }],
    configs: [{ id: 1, name: e(' config'), tickets: 2 }],
    models: [{ id: 1, name: e(' model'), tickets: 1 }],
    ungrouped: 4,
  };

  const slackMatch: SlackMatchResult = { lookedUp: 3, matched: 1, notFound: 2, stoppedBy: e(' reason') };

  return {
    evil,
    e,
    at,
    later,
    ticketRow,
    details,
    card,
    summary,
    lineProblems,
    refreshSections,
    schedulingSections,
    home,
    slotRules,
    calendar,
    batch,
    creation,
    batchList,
    configList,
    itsmTicket,
    orderGroupRow,
    manifest,
    orderGroupList,
    problems,
    tracked,
    configChoice,
    unit,
    model,
    peripheral,
    configForm,
    configSaved,
    serialsCreation,
    editForm,
    days,
    bookSlot,
    reschedule,
    teamSlots,
    wizardViews,
    wizardOptions,
    assignment,
    bulk,
    orderGroupChoices,
    slackMatch,
  };
}

export type HostileViews = ReturnType<typeof hostileViews>;
