// Every builder in blocks/ and every notice's Slack form on the delivery road, run with hostile
// text in every field: nothing a person typed comes out as a live mention, broadcast, channel link,
// link or date, in the blocks or in the notification `text`, and every surface still fits Block
// Kit's limits. A builder added to blocks/ without a case here fails the first test; a notice kind
// added without a sample view fails to compile (test/helpers/notices.ts).
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderCaseCard } from '../../blocks/desk/case-card.js';
import { environmentAction, renderCaseForm } from '../../blocks/desk/case-form.js';
import {
  renderCaseFile,
  renderCaseMessage,
  renderCaseMessageRemoved,
} from '../../blocks/desk/case-messages.js';
import { renderCaseAssigned, renderCaseOpened } from '../../blocks/desk/case-notices.js';
import { caseStoryModal, renderCaseStory } from '../../blocks/desk/case-view.js';
import { renderDeskHomeSection } from '../../blocks/desk/home.js';
import {
  describeTriedRoute,
  renderAccountForm,
  renderCategoryForm,
  renderDeskSetup,
  renderGroupForm,
  renderRuleForm,
  renderTryRulesForm,
} from '../../blocks/desk/setup.js';
import { renderCaseEscalated, renderCaseMoved, renderReassignForm } from '../../blocks/desk/triage.js';
import { renderRefreshHomeSection } from '../../blocks/refresh/home.js';
import {
  decisionButtons,
  renderApprovalDecided,
  renderApprovalRequest,
} from '../../blocks/refresh/messages/approval-request.js';
import {
  renderAssignProblems,
  renderAssignProgress,
  renderAssignResult,
} from '../../blocks/refresh/messages/assign-progress.js';
import {
  creationSentence,
  duplicatesSentence,
  problemList,
  renderBatchList,
  renderBatchMessage,
  renderBatchProgress,
  skippedSentence,
  ticketCreatedSentence,
  withoutSlackSentence,
} from '../../blocks/refresh/messages/batch.js';
import {
  placeLine,
  renderAppointmentNotice,
  renderAppointmentWithdrawn,
  renderSlotInvitation,
} from '../../blocks/refresh/messages/booking.js';
import type { CaseSummaryView } from '../../src/domain/desk/notices.js';
import type { CaseStoryView } from '../../src/services/desk/cases/case-story.js';
import type { DeskHomeSection, HomeCaseRow } from '../../src/services/desk/home-sections.js';
import type { DeskSetup } from '../../src/services/desk/setup/get-setup.js';

/** The calendar cancellation a withdrawn appointment's notice carries. */
const withdrawnEvent = {
  uid: 'b3f1c2d4@otto.example.edu',
  sequence: 2,
  startsAt: new Date('2026-11-23T15:00:00Z'),
  endsAt: new Date('2026-11-23T16:00:00Z'),
  bookedAt: new Date('2026-11-17T12:00:00Z'),
};

import {
  renderBulkRescheduleProgress,
  renderBulkRescheduleResult,
} from '../../blocks/refresh/messages/bulk-reschedule.js';
import { renderConfigList } from '../../blocks/refresh/messages/config-list.js';
import {
  renderApprovedNotice,
  renderDeniedNotice,
  renderSubmittedNotice,
} from '../../blocks/refresh/messages/decision-notices.js';
import {
  renderCompletionNotice,
  renderDeliveryBookedPost,
  renderDeliveryBookingEndedPost,
  renderTrackingNotice,
} from '../../blocks/refresh/messages/delivery-notices.js';
import { renderApproverDigest } from '../../blocks/refresh/messages/digest.js';
import {
  deadlineContext,
  renderInvitation,
  whoseComputer,
  wizardButton,
} from '../../blocks/refresh/messages/invitation.js';
import { renderItsmTicketMessage } from '../../blocks/refresh/messages/itsm-ticket.js';
import {
  orderGroupDecisionButtons,
  renderOrderGroupApprovalRequest,
  renderOrderGroupApprovedNotice,
  renderOrderGroupDecided,
  renderOrderGroupDeniedNotice,
  renderOrderGroupList,
  renderOrderGroupMessage,
} from '../../blocks/refresh/messages/order-group.js';
import { renderProblems } from '../../blocks/refresh/messages/problems.js';
import { renderReminder } from '../../blocks/refresh/messages/reminder.js';
import {
  renderTicketCard,
  ticketCardModal,
  ticketNoticeModal,
} from '../../blocks/refresh/messages/ticket-card.js';
import { renderTrackingResult } from '../../blocks/refresh/messages/tracking-result.js';
import { renderAssignModal } from '../../blocks/refresh/modals/assign.js';
import { renderBatchCreateModal } from '../../blocks/refresh/modals/batch-create.js';
import { renderBatchNewModal } from '../../blocks/refresh/modals/batch-new.js';
import { bookingOutcomeModal, bookSlotModal } from '../../blocks/refresh/modals/book-slot.js';
import { changeRequestModal } from '../../blocks/refresh/modals/change-request.js';
import {
  modelOption,
  peripheralOption,
  renderConfigForm,
  renderConfigNotice,
  renderConfigSaved,
  unitOption,
} from '../../blocks/refresh/modals/config-form.js';
import {
  configInput,
  configOption,
  delegateInput,
  noCustomerInput,
  serialsInput,
} from '../../blocks/refresh/modals/create-options.js';
import {
  renderCreateTicketsModal,
  renderCreateTicketsResult,
} from '../../blocks/refresh/modals/create-tickets.js';
import { denyModal } from '../../blocks/refresh/modals/deny.js';
import { deviceModelOption, renderDeviceModal } from '../../blocks/refresh/modals/device.js';
import {
  editModelOption,
  editTicketModal,
  noChosenModelOption,
} from '../../blocks/refresh/modals/edit-ticket.js';
import { locationFormModal } from '../../blocks/refresh/modals/location-form.js';
import { renderOrderGroupDenyModal } from '../../blocks/refresh/modals/order-group-deny.js';
import { renderOrderGroupNewModal } from '../../blocks/refresh/modals/order-group-new.js';
import { renderOrderGroupPoModal } from '../../blocks/refresh/modals/order-group-po.js';
import {
  bulkRescheduleModal,
  rescheduleModal,
  slotOptionGroups,
} from '../../blocks/refresh/modals/reschedule.js';
import { renderTrackingModal } from '../../blocks/refresh/modals/tracking.js';
import {
  catalogOptionText,
  modelOptionText,
  renderWizardDone,
  renderWizardNotice,
  renderWizardOptions,
  renderWizardPage,
} from '../../blocks/refresh/modals/wizard.js';
import {
  dayLine,
  renderCalendarReply,
  slotCountsText,
  teamCalendarSection,
} from '../../blocks/scheduling/calendar.js';
import { renderSchedulingHomeSection } from '../../blocks/scheduling/home.js';
import {
  removeSlotPreferenceModal,
  slotPreferenceModal,
  slotPreferenceNoticeModal,
  slotPreferenceSavedModal,
} from '../../blocks/scheduling/slot-preference.js';
import { slotRuleBlocks } from '../../blocks/scheduling/slot-rules.js';
import { renderTeamSlotsModal } from '../../blocks/scheduling/team-slots.js';
import { renderHelp } from '../../blocks/shared/help.js';
import { renderHome } from '../../blocks/shared/home.js';
import type { RenderedSection } from '../../blocks/shared/home-section.js';
import { renderImportModal } from '../../blocks/shared/import-modal.js';
import { renderImportDone } from '../../blocks/shared/import-result.js';
import { renderRoleHolders, roleChanged } from '../../blocks/shared/roles.js';
import { formInProgressView, staleFormView } from '../../blocks/shared/stale-form.js';
import {
  fitInput,
  forActor,
  joinMd,
  link,
  Mrkdwn,
  md,
  messageText,
  moreLine,
  mrkdwn,
  plain,
  relayedMd,
  truncate,
  truncateMd,
  userMention,
} from '../../blocks/shared/text.js';
import { type NoticeKind, type NoticeView, noticeKinds, notices } from '../../src/domain/notices/index.js';
import { noticeRenderers, renderSlackRow } from '../../src/effects/render/index.js';
import { sampleViews } from '../helpers/notices.js';
import { shownBySlack, validateBlocks, validateView } from '../helpers/slack.js';
import { feedUrl, type HostileViews, hostileViews, itsmUrl, realIds } from './hostile-views.js';

/** Text people could type, each with EVIL in it so a test can see where it went. */
const hostile: Array<{
  value: string;
  /** Already-escaped input must show as typed, not as a control. */
  shownNever?: string[];
}> = [
  { value: '<!channel> EVIL' },
  { value: '<!here|here> EVIL' },
  { value: '<!everyone>EVIL' },
  { value: 'EVIL <@U123>' },
  { value: 'EVIL <@U123|boss>' },
  { value: 'EVIL <#C123>' },
  { value: 'EVIL <#C123|general>' },
  { value: '<!subteam^S1> EVIL' },
  { value: '<!subteam^S1|@team> EVIL' },
  { value: '<http://evil.example|click> EVIL' },
  { value: '<https://evil.example> EVIL <mailto:x@evil.example|mail>' },
  { value: '<!date^1700000000^{date}|EVIL>' },
  { value: '&lt;!channel&gt; EVIL', shownNever: ['<!channel>'] },
  { value: '&amp;lt;@U123&amp;gt; EVIL &#60;!here&#62;', shownNever: ['<@U123>', '&lt;@U123&gt;'] },
  { value: 'EVIL *bold* _it_ ~strike~ `code` >quote :skull:' },
  { value: 'EVIL\n>quote\n```<!channel>```' },
  { value: 'EVIL < & > <<>> <@ <! <# <http' },
  { value: `EVIL ${'x'.repeat(2960)}<!channel>${'&'.repeat(30)}${'😀'.repeat(30)}<@U123>` },
  { value: `EVIL ${'😀'.repeat(1600)}` },
  { value: `EVIL ${'<'.repeat(40)}${'&'.repeat(700)}` },
  { value: 'EVIL \u202Eevil\u202C \u200Bzero-width ﷽ Ünïcødé 💻' },
];

type Build = (v: HostileViews) => unknown[];
/**
 * A builder's runs for one hostile string; `noUserText` when it takes none (ids, dates, counts) and
 * is here to be checked all the same, or `helper` with why it needs no case of its own.
 */
type Case = Build | { build: Build; noUserText: true } | { helper: string };

const when = new Date('2026-11-16T15:00:00Z');
const zone = 'America/Detroit';
const openApp = 'https://slack.com/app_redirect?app=A0STANDIN';

/** A Home section's blocks: as they are, or for a roomy and a tight Home when they fill what is left. */
const sectionBlocks = ({ blocks }: RenderedSection) =>
  Array.isArray(blocks) ? [blocks] : [blocks(100), blocks(3)];

/** Every exported function of blocks/, by file. */
const deskAt = new Date('2026-11-23T14:00:00Z');

/** A case as the Home lists it, every text of it hostile. */
function hostileDeskRow(e: (suffix?: string) => string, caseId: number): HomeCaseRow {
  return {
    caseId,
    version: 1,
    subject: e(' subject'),
    status: 'deferred',
    impact: 'high',
    group: e(' group'),
    assignee: realIds.admin,
    requester: { slackUserId: null, name: e(' name'), email: null },
    openedAt: deskAt,
    dueAt: deskAt,
    escalatedAt: deskAt,
  };
}

function hostileDeskSections(e: (suffix?: string) => string): DeskHomeSection[] {
  const list = <L extends 'mine' | 'assigned' | 'unassigned' | 'deferred' | 'unrouted' | 'escalated'>(
    name: L,
  ) => ({
    list: name,
    total: 30,
    offset: 8,
    cases: [hostileDeskRow(e, 7), hostileDeskRow(e, 8)],
    oldestWaiting: hostileDeskRow(e, 3),
  });
  const lastMessage = {
    author: { name: e(' author') },
    side: 'staff' as const,
    at: deskAt,
    text: e('\nsecond'),
  };
  return [
    {
      module: 'desk',
      kind: 'my_cases',
      band: 'own',
      cases: { ...list('mine'), cases: list('mine').cases.map((c) => ({ ...c, lastMessage })) },
      timeZone: 'America/Detroit',
    },
    {
      module: 'desk',
      kind: 'queue',
      band: 'waiting',
      assigned: list('assigned'),
      unassigned: list('unassigned'),
      deferred: list('deferred'),
      timeZone: 'America/Detroit',
    },
    {
      module: 'desk',
      kind: 'triage',
      band: 'waiting',
      unrouted: list('unrouted'),
      escalated: list('escalated'),
      timeZone: 'America/Detroit',
    },
  ];
}

function hostileCaseStory(e: (suffix?: string) => string, reader: 'staff' | 'requester'): CaseStoryView {
  return {
    reader,
    summary: {
      caseId: 7,
      version: 2,
      subject: e(' subject'),
      status: 'open',
      impact: 'high',
      category: e(' category'),
      account: e(' account'),
      environment: e(' environment'),
      group: e(' group'),
      assignee: realIds.admin,
      reporter: { slackUserId: null, name: e(' reporter'), email: null },
      contact: { slackUserId: null, name: e(' contact'), email: null },
      routeReason: e(' reason'),
      escalatedAt: deskAt,
      responseDueAt: deskAt,
      firstResponseAt: null,
      resolutionDueAt: deskAt,
      dueAt: deskAt,
      openedAt: deskAt,
      timeZone: 'America/Detroit',
    },
    description: e('\ndescription'),
    files: [e(' file')],
    lines: Array.from({ length: 20 }, (_, i) => ({
      at: deskAt,
      parts: [e(' part'), { user: realIds.admin }, { user: realIds.customer }],
      internal: i % 2 === 0,
    })),
    names: { [realIds.admin]: e(' name') },
  };
}

const cases: Record<string, Record<string, Case>> = {
  'desk/home.ts': {
    renderDeskHomeSection: (v) =>
      hostileDeskSections(v.e).flatMap((section) =>
        sectionBlocks(renderDeskHomeSection(section, realIds.customer)),
      ),
  },
  'desk/case-view.ts': {
    lastPageStart: { helper: 'a line number from a count' },
    renderCaseStory: (v) => [
      renderCaseStory(hostileCaseStory(v.e, 'staff')),
      renderCaseStory(hostileCaseStory(v.e, 'requester'), 0),
    ],
    caseStoryModal: (v) => [caseStoryModal(hostileCaseStory(v.e, 'staff'), 5)],
  },
  'refresh/home.ts': {
    renderRefreshHomeSection: (v) =>
      Object.values(v.refreshSections).flatMap((section) => sectionBlocks(renderRefreshHomeSection(section))),
  },
  'refresh/messages/approval-request.ts': {
    decisionButtons: { build: () => [decisionButtons(12, 'requires_approval', 'b')], noUserText: true },
    renderApprovalRequest: (v) => [
      renderApprovalRequest(v.summary),
      renderApprovalRequest({ ...v.summary, delegate: v.e(' delegate') }),
    ],
    renderApprovalDecided: (v) => [
      renderApprovalDecided(v.summary, { approved: false, by: realIds.approver, reason: v.e('\nline') }),
      renderApprovalDecided(v.summary, { approved: true, by: v.e() }),
    ],
  },
  'refresh/messages/assign-progress.ts': {
    describeLineProblems: {
      helper: 'plain text for a modal field error; in messages through renderAssignProblems',
    },
    renderAssignProgress: (v) => [renderAssignProgress({ done: 1, total: 2, groupName: v.e() })],
    renderAssignResult: (v) => [renderAssignResult(v.assignment, v.e())],
    renderAssignProblems: (v) => [renderAssignProblems(v.lineProblems, 3)],
  },
  'refresh/messages/batch.ts': {
    plural: { helper: 'numbers and Otto’s own words' },
    needsAttention: { helper: 'a lookup result and a config style, no text' },
    creatableCount: { helper: 'counts, no text' },
    withoutSlackSentence: { build: () => [withoutSlackSentence(3)], noUserText: true },
    creationSentence: (v) => [
      creationSentence({
        created: 2,
        configName: v.e(),
        style: 'on_prem',
        invitationDueAt: when,
        timeZone: zone,
      }),
      creationSentence({
        created: 1,
        configName: v.e(),
        style: 'no_customer',
        invitationDueAt: null,
        timeZone: zone,
      }),
    ],
    ticketCreatedSentence: (v) => [
      ticketCreatedSentence({
        ticketId: 1,
        serial: v.e(),
        replacement: v.e(),
        configName: v.e(),
        style: 'bump_down',
        invitationDueAt: when,
        timeZone: zone,
      }),
    ],
    skippedSentence: { build: (v) => [skippedSentence(v.creation.skipped)], noUserText: true },
    duplicatesSentence: (v) => [duplicatesSentence(Array.from({ length: 12 }, () => v.e()))],
    problemList: (v) => [problemList(v.batch.problems.map((p) => ({ serial: p.serial, reason: p.result })))],
    renderBatchProgress: (v) => [
      renderBatchProgress({
        batch: v.batch,
        progress: { done: 1, total: 9 },
        duplicates: [v.e()],
        timeZone: zone,
      }),
    ],
    renderBatchMessage: (v) => [
      renderBatchMessage({ batch: v.batch, creation: v.creation, duplicates: [v.e()], timeZone: zone }),
      renderBatchMessage({
        batch: { ...v.batch, counts: { ...v.batch.counts, ready: 0 } },
        creation: { ...v.creation, ticketIds: [] },
        timeZone: zone,
      }),
    ],
    renderBatchList: (v) => [renderBatchList(v.batchList), renderBatchList([])],
  },
  'refresh/messages/booking.ts': {
    placeLine: (v) => [placeLine(v.bookSlot, v.e()), placeLine({ location: v.e() })],
    renderSlotInvitation: (v) => [
      renderSlotInvitation({
        ticketId: 12,
        computer: v.e(),
        onBehalfOf: v.e(),
        openApp,
        unitLocation: v.e(),
        firstTimes: [v.e(), v.e()],
      }),
      renderSlotInvitation({
        ticketId: 12,
        computer: v.e(),
        onBehalfOf: v.e(),
        openApp,
        firstTimes: [v.e()],
        withdrawn: { when: v.e(), reason: 'slot_deleted', event: withdrawnEvent },
      }),
    ],
    renderAppointmentWithdrawn: (v) =>
      (['slot_deleted', 'reschedule_requested', 'on_hold', 'canceled'] as const).flatMap((reason) =>
        [false, true].map((onHold) =>
          renderAppointmentWithdrawn({
            ticketId: 12,
            computer: v.e(),
            onBehalfOf: v.e(),
            openApp,
            unitLocation: v.e(),
            location: v.e(),
            when: v.e(),
            reason,
            event: withdrawnEvent,
            ...(onHold && { onHold: true as const }),
          }),
        ),
      ),
    withdrawalReason: { helper: 'plain text; in Slack through renderAppointmentWithdrawn' },
    withdrawalNext: { helper: 'plain text; in Slack through renderAppointmentWithdrawn' },
    renderAppointmentNotice: (v) =>
      (['booked', 'moved', 'reminder'] as const).map((kind) =>
        renderAppointmentNotice({
          ticketId: 12,
          computer: v.e(),
          onBehalfOf: v.e(),
          openApp,
          unitLocation: v.e(),
          location: v.e(),
          when: v.e(),
          previousWhen: v.e(),
          kind,
        }),
      ),
  },
  'refresh/messages/bulk-reschedule.ts': {
    renderBulkRescheduleProgress: (v) => [renderBulkRescheduleProgress({ team: v.e(), done: 1, total: 3 })],
    renderBulkRescheduleResult: (v) => [
      renderBulkRescheduleResult(v.bulk),
      renderBulkRescheduleResult({ ...v.bulk, total: 0 }),
    ],
  },
  'refresh/messages/config-list.ts': {
    renderConfigList: (v) => [
      renderConfigList(v.configList),
      renderConfigList({ ...v.configList, total: 0 }),
    ],
  },
  'refresh/messages/decision-notices.ts': {
    submittedSentence: { helper: 'plain text; in Slack through renderSubmittedNotice' },
    renderSubmittedNotice: {
      build: () => [renderSubmittedNotice({ ticketId: 1, openApp })],
      noUserText: true,
    },
    renderApprovedNotice: (v) => [
      renderApprovedNotice({
        ticketId: 1,
        computer: v.e(),
        approverId: realIds.approver,
        approverName: v.e(),
        decidedAt: v.e(),
        onBehalfOf: v.e(),
        openApp,
        next: v.e(),
      }),
      renderApprovedNotice({
        ticketId: 1,
        computer: v.e(),
        approverId: null,
        approverName: v.e(),
        decidedAt: v.e(),
        openApp,
        next: v.e(),
      }),
    ],
    renderDeniedNotice: (v) => [
      renderDeniedNotice({
        ticketId: 1,
        computer: v.e(),
        approverId: realIds.approver,
        approverName: v.e(),
        decidedAt: v.e(),
        onBehalfOf: v.e(),
        openApp,
        reason: v.e('\n2'),
      }),
    ],
  },
  'refresh/messages/delivery-notices.ts': {
    renderTrackingNotice: (v) => [
      renderTrackingNotice({
        ticketId: 1,
        computer: v.e(),
        onBehalfOf: v.e(),
        openApp,
        trackingNumber: v.e(),
      }),
    ],
    renderCompletionNotice: (v) => [
      renderCompletionNotice({ ticketId: 1, computer: v.e(), onBehalfOf: v.e(), openApp }),
    ],
    renderDeliveryBookedPost: (v) => [
      renderDeliveryBookedPost({
        ticketId: 1,
        computer: v.e(),
        customer: v.e(),
        day1: v.e(),
        where: v.e(),
        rescheduled: true,
      }),
      renderDeliveryBookedPost({ ticketId: 1, computer: v.e(), day1: v.e(), rescheduled: false }),
    ],
    renderDeliveryBookingEndedPost: (v) => [
      renderDeliveryBookingEndedPost({
        ticketId: 1,
        computer: v.e(),
        customer: v.e(),
        day1: v.e(),
        where: v.e(),
        rescheduled: true,
        postedAs: 2,
        ended: { kind: 'moved', to: v.e() },
      }),
      renderDeliveryBookingEndedPost({
        ticketId: 1,
        computer: v.e(),
        day1: v.e(),
        rescheduled: false,
        postedAs: 2,
        ended: { kind: 'off', reason: 'slot_deleted', onHold: true },
      }),
    ],
  },
  'refresh/messages/digest.ts': {
    statusHeading: { helper: 'a status label' },
    closedSummary: { helper: 'numbers' },
    approverDigestText: { helper: 'numbers; the DM’s text through renderApproverDigest' },
    renderApproverDigest: (v) => [
      renderApproverDigest({
        weekOf: v.e(),
        awaiting: 12,
        open: 20,
        groups: [
          {
            status: 'requires_approval',
            count: 12,
            tickets: Array.from({ length: 12 }, (_, i) => ({
              id: i + 1,
              computer: v.e(),
              customer: v.e(),
              config: v.e(),
            })),
            more: 0,
          },
          {
            status: 'pending_ordering',
            count: 3,
            tickets: [{ id: 30, computer: v.e(), customer: v.e(), config: v.e() }],
            more: 2,
          },
        ],
        closed: { complete: 2, canceled: 1 },
      }),
      renderApproverDigest(
        {
          weekOf: v.e(),
          awaiting: 3,
          open: 3,
          groups: [
            {
              status: 'requires_approval',
              count: 3,
              tickets: [1, 2, 3].map((id) => ({ id, computer: v.e(), customer: v.e(), config: v.e() })),
              more: 0,
            },
          ],
          closed: { complete: 0, canceled: 0 },
        },
        {
          1: { outcome: 'approved', by: realIds.approver, status: 'pending_ordering' },
          2: { outcome: 'denied', by: realIds.approver, status: 'pending_customer' },
          3: { outcome: 'moved', by: null, status: 'canceled' },
        },
      ),
    ],
  },
  'refresh/messages/invitation.ts': {
    whoseComputer: (v) => [
      whoseComputer({ computer: v.e(), onBehalfOf: v.e() }),
      whoseComputer({ computer: v.e(), onBehalfOf: null }, false),
    ],
    wizardButton: {
      build: () => [wizardButton({ ticketId: 1, status: 'pending_customer' }, 'Start')],
      noUserText: true,
    },
    deadlineContext: (v) => [deadlineContext({ ticketId: 1, deadline: v.e() })],
    renderInvitation: (v) => [
      renderInvitation({
        ticketId: 1,
        status: 'pending_customer',
        computer: v.e(),
        asks: v.e(),
        onBehalfOf: v.e(),
        openApp,
        deadline: v.e(),
      }),
    ],
  },
  'refresh/messages/itsm-ticket.ts': {
    renderItsmTicketMessage: (v) => [
      renderItsmTicketMessage(v.itsmTicket),
      renderItsmTicketMessage({ ...v.itsmTicket, status: 'closed', refreshTicketId: null }),
      renderItsmTicketMessage({ ...v.itsmTicket, kind: 'confirm_location', day1: null }),
    ],
  },
  'refresh/messages/order-group.ts': {
    renderOrderGroupMessage: (v) => [
      renderOrderGroupMessage(v.manifest, md`Sent to ${userMention(realIds.approver)}: ${v.e()}`),
      renderOrderGroupMessage({
        ...v.manifest,
        group: { ...v.orderGroupRow, status: 'open', approvedBy: null, poNumber: null },
      }),
    ],
    orderGroupDecisionButtons: { build: () => [orderGroupDecisionButtons(4, 'b')], noUserText: true },
    renderOrderGroupApprovalRequest: (v) => [
      renderOrderGroupApprovalRequest({
        orderGroupId: 4,
        name: v.e(),
        ticketCount: 3,
        models: v.manifest.models,
        peripherals: v.manifest.peripherals,
        software: [],
        differences: [{ ticketId: 12, label: v.e(), what: [v.e(), v.e()] }],
        requestedBy: realIds.admin,
      }),
    ],
    renderOrderGroupDecided: (v) => [
      renderOrderGroupDecided(v.manifest),
      renderOrderGroupDecided({
        ...v.manifest,
        group: {
          ...v.orderGroupRow,
          status: 'open',
          approvedBy: null,
          deniedBy: realIds.approver,
          denialReason: v.e(' reason'),
        },
      }),
      renderOrderGroupDecided({ ...v.manifest, group: { ...v.orderGroupRow, status: 'awaiting_approval' } }),
    ],
    renderOrderGroupApprovedNotice: (v) => [
      renderOrderGroupApprovedNotice({ orderGroupId: 4, name: v.e(), approvedBy: realIds.approver }),
    ],
    renderOrderGroupDeniedNotice: (v) => [
      renderOrderGroupDeniedNotice({
        orderGroupId: 4,
        name: v.e(),
        deniedBy: realIds.approver,
        reason: v.e(),
      }),
    ],
    renderOrderGroupList: (v) => [
      renderOrderGroupList(v.orderGroupList),
      renderOrderGroupList({ groups: [], ungrouped: 0 }),
    ],
  },
  'refresh/messages/problems.ts': { renderProblems: (v) => [renderProblems(v.problems)] },
  'refresh/messages/reminder.ts': {
    renderReminder: (v) =>
      ([1, 2] as const).flatMap((reminder) =>
        [true, false].map((started) =>
          renderReminder({
            ticketId: 1,
            status: 'pending_customer',
            computer: v.e(),
            asks: v.e(),
            onBehalfOf: started ? v.e() : null,
            openApp,
            deadline: v.e(),
            reminder,
            started,
          }),
        ),
      ),
  },
  'refresh/messages/ticket-card.ts': {
    renderTicketCard: (v) => [
      renderTicketCard(v.card, md`${v.e()}`),
      renderTicketCard({
        ...v.card,
        details: {
          ...v.details,
          ticket: {
            ...v.ticketRow,
            style: 'unit_specified_location',
            status: 'on_hold',
            statusBeforeHold: 'pending_customer',
          },
        },
      }),
      renderTicketCard({
        ...v.card,
        details: { ...v.details, ticket: { ...v.ticketRow, style: 'on_prem' } },
        history: [],
      }),
      renderTicketCard({ ...v.card, itsm: { id: '5', url: itsmUrl } }),
      renderTicketCard({
        ...v.card,
        appointment: null,
        itsm: { id: v.e(), url: null },
        orderGroup: { name: v.e(), poNumber: null, requestItem: null },
        peripherals: { items: [], fromBundle: false },
      }),
    ],
    ticketCardModal: (v) => [ticketCardModal(v.card, { fromHome: true, note: md`${v.e()}` })],
    ticketNoticeModal: (v) => [ticketNoticeModal(v.e(), md`${v.e()}`)],
  },
  'refresh/messages/tracking-result.ts': {
    renderTrackingResult: (v) => [
      renderTrackingResult(v.tracked),
      renderTrackingResult({ ...v.tracked, entered: [...v.tracked.entered, ...v.tracked.entered] }),
      renderTrackingResult({ total: 2, problems: v.lineProblems, entered: [] }),
    ],
  },
  'refresh/modals/assign.ts': {
    renderAssignModal: (v) => [
      renderAssignModal({ channelId: 'C0REFRESH', orderGroupId: 4, groupName: v.e() }, v.e()),
      renderAssignModal({ channelId: 'C0REFRESH' }),
    ],
  },
  'refresh/modals/batch-create.ts': {
    renderBatchCreateModal: (v) => [
      renderBatchCreateModal({
        batch: { id: 3, name: v.e(), ready: 2 },
        configs: { kind: 'static', configs: [v.configChoice], initialId: 1 },
      }),
    ],
  },
  'refresh/modals/batch-new.ts': {
    renderBatchNewModal: (v) => [renderBatchNewModal({ metadata: { channelId: 'C0REFRESH' }, name: v.e() })],
  },
  'refresh/modals/book-slot.ts': {
    bookSlotModal: (v) => [
      bookSlotModal(v.bookSlot, '{}'),
      bookSlotModal({ ...v.bookSlot, days: [], gone: undefined }, '{}'),
      bookSlotModal({ ...v.bookSlot, days: [], current: undefined, unitLocation: undefined }, '{}'),
    ],
    bookingOutcomeModal: (v) => [bookingOutcomeModal({ ticketId: 12, heading: v.e(), body: md`${v.e()}` })],
  },
  'refresh/modals/change-request.ts': { changeRequestModal: (v) => [changeRequestModal(v.details, '{}')] },
  'refresh/modals/config-form.ts': {
    unitOption: (v) => [unitOption(v.unit)],
    modelOption: (v) => [modelOption(v.model)],
    peripheralOption: (v) => [
      peripheralOption(v.peripheral),
      peripheralOption({ ...v.peripheral, requiresApproval: false }),
    ],
    renderConfigForm: (v) => [
      renderConfigForm(v.configForm),
      // Another style keeps the typed location in the metadata, within Slack's limit.
      renderConfigForm({ ...v.configForm, style: 'no_customer' }),
      renderConfigForm({ ...v.configForm, style: null, configId: null, updatedAt: null }),
    ],
    renderConfigSaved: (v) => [
      renderConfigSaved(v.configSaved, true),
      renderConfigSaved(v.configSaved, false),
      renderConfigSaved({ ...v.configSaved, changed: [], notes: [] }, false),
    ],
    renderConfigNotice: (v) => [renderConfigNotice(md`${v.e()}`)],
  },
  'refresh/modals/create-options.ts': {
    configOption: (v) => [configOption(v.configChoice)],
    configInput: (v) => [
      configInput({ kind: 'static', configs: [v.configChoice], initialId: 1 }),
      configInput({ kind: 'external', initial: v.configChoice }),
    ],
    delegateInput: { build: () => [delegateInput()], noUserText: true },
    noCustomerInput: { build: () => [noCustomerInput()], noUserText: true },
    serialsInput: (v) => [serialsInput(v.e())],
  },
  'refresh/modals/create-tickets.ts': {
    renderCreateTicketsModal: (v) => [
      renderCreateTicketsModal({ configs: { kind: 'external', initial: v.configChoice }, serials: v.e() }),
    ],
    renderCreateTicketsResult: (v) => [
      renderCreateTicketsResult(v.serialsCreation),
      renderCreateTicketsResult({
        ...v.serialsCreation,
        created: [],
        invitationDueAt: when,
        style: 'on_prem',
      }),
    ],
  },
  'refresh/modals/deny.ts': { denyModal: (v) => [denyModal(v.summary, '{}')] },
  'refresh/modals/edit-ticket.ts': {
    editTicketModal: (v) => [
      editTicketModal(v.editForm, '{}'),
      editTicketModal({ ...v.editForm, exchangeOnly: true }, '{}'),
      editTicketModal({ ...v.editForm, searchModels: true }, '{}'),
    ],
    editModelOption: (v) => [editModelOption({ id: 1, name: v.e(), platform: 'mac' })],
    noChosenModelOption: { build: () => [noChosenModelOption], noUserText: true },
  },
  'refresh/modals/location-form.ts': {
    locationFormModal: (v) =>
      (['remote_customer', 'unit_specified_location', 'on_prem'] as const).map((style) =>
        locationFormModal(
          { ...v.details, ticket: { ...v.ticketRow, style } },
          { building: v.e(), room: v.e() },
          '{}',
        ),
      ),
  },
  'refresh/modals/order-group-new.ts': {
    renderOrderGroupNewModal: (v) => [
      renderOrderGroupNewModal(v.orderGroupChoices, { channelId: 'C0REFRESH' }),
    ],
  },
  'refresh/modals/device.ts': {
    renderDeviceModal: (v) => [
      renderDeviceModal(
        { ticketId: 12, reason: v.e(), current: { id: 2, name: v.e('x') } },
        { ticketId: 12, channelId: 'C0REFRESH', ts: '1.2' },
      ),
      renderDeviceModal({ ticketId: 12, reason: null, current: null }, { ticketId: 12 }),
    ],
    deviceModelOption: (v) => [deviceModelOption({ id: 1, name: v.e() })],
  },
  'refresh/modals/order-group-deny.ts': {
    renderOrderGroupDenyModal: (v) => [
      renderOrderGroupDenyModal(v.orderGroupRow, {
        orderGroupId: 4,
        status: 'awaiting_approval',
        fromHome: true,
      }),
    ],
  },
  'refresh/modals/order-group-po.ts': {
    renderOrderGroupPoModal: (v) => [renderOrderGroupPoModal(v.orderGroupRow, { orderGroupId: 4 })],
  },
  'refresh/modals/reschedule.ts': {
    slotOptionGroups: (v) => [slotOptionGroups(v.days)],
    rescheduleModal: (v) => [
      rescheduleModal(v.reschedule, '{}'),
      rescheduleModal(v.reschedule, '{}', 'assign'),
      rescheduleModal(
        { ...v.reschedule, days: [], current: undefined, customer: undefined, canAskCustomer: false },
        '{}',
      ),
    ],
    bulkRescheduleModal: (v) => [
      bulkRescheduleModal({ teams: [{ id: 1, name: v.e() }], today: '2026-11-16' }, '{}'),
    ],
  },
  'refresh/modals/tracking.ts': {
    renderTrackingModal: { build: () => [renderTrackingModal({ channelId: 'C0REFRESH' })], noUserText: true },
  },
  'refresh/modals/wizard.ts': {
    wizardBlockId: { helper: 'ids' },
    readWizardValues: { helper: 'reads a submission' },
    wizardErrors: { helper: 'plain text for modal field errors' },
    modelOptionText: (v) => [plain(modelOptionText({ id: 1, label: v.e(), platform: 'mac' }, true), 75)],
    catalogOptionText: (v) => [plain(catalogOptionText({ id: 1, name: v.e(), requiresApproval: true }), 75)],
    renderWizardPage: (v) => v.wizardViews.map(renderWizardPage),
    renderWizardNotice: (v) => [renderWizardNotice(md`${v.e()}`)],
    renderWizardDone: (v) =>
      (['requires_approval', 'pending_ordering', 'pending_itsm_existence', 'on_hold'] as const).map(
        (status) =>
          renderWizardDone({
            ticketId: 1,
            status,
            style: 'remote_customer',
            approvalReasons: [v.e(), v.e()],
            approverDigest: v.e(),
            onBehalfOf: status === 'requires_approval' ? v.e() : null,
          }),
      ),
    renderWizardOptions: (v) => v.wizardOptions.map(renderWizardOptions),
  },
  'scheduling/calendar.ts': {
    dayLabel: { helper: 'a date Otto formats' },
    dayLine: { build: (v) => [dayLine(v.calendar.teams[0]!.days[0]!)], noUserText: true },
    slotCountsText: { build: () => [slotCountsText({ slots: 3, seats: 6, booked: 1 })], noUserText: true },
    teamCalendarSection: (v) => v.calendar.teams.map((team) => teamCalendarSection(team, md`_No slots._`)),
    renderCalendarReply: (v) => [
      renderCalendarReply(v.calendar, { days: 14, staff: true }),
      renderCalendarReply({ ...v.calendar, feeds: undefined, feedsOff: true }, { days: 14, staff: true }),
    ],
  },
  'scheduling/home.ts': {
    renderSchedulingHomeSection: (v) =>
      Object.values(v.schedulingSections).flatMap((section) =>
        sectionBlocks(renderSchedulingHomeSection(section)),
      ),
  },
  'scheduling/slot-preference.ts': {
    slotPreferenceModal: (v) => [
      slotPreferenceModal({
        teamId: 1,
        team: v.e(),
        timeZone: v.e(),
        rule: v.slotRules[0]!.rules[0],
        today: '2026-11-16',
        firstBookableDay: v.e(),
      }),
    ],
    slotPreferenceSavedModal: (v) => [
      slotPreferenceSavedModal(
        v.e(),
        v.slotRules[0]!.rules[0]!,
        { slotsPerDay: 7, remainderMinutes: 30 },
        { edited: true, leadDays: 2, firstBookableDay: v.e() },
      ),
      slotPreferenceSavedModal(
        v.e(),
        v.slotRules[0]!.rules[0]!,
        { slotsPerDay: 1, remainderMinutes: 0 },
        { edited: false, leadDays: 0, firstBookableDay: v.e() },
      ),
    ],
    removeSlotPreferenceModal: (v) => [removeSlotPreferenceModal(1, v.e(), v.slotRules[0]!.rules[0]!)],
    slotPreferenceNoticeModal: (v) => [slotPreferenceNoticeModal(md`${v.e()}`)],
  },
  'scheduling/slot-rules.ts': {
    slotRuleBlocks: (v) => [slotRuleBlocks(v.slotRules, 20), slotRuleBlocks(v.slotRules, 3)],
  },
  'scheduling/team-slots.ts': {
    renderTeamSlotsModal: (v) => [
      renderTeamSlotsModal(v.teamSlots, md`${v.e()}`),
      renderTeamSlotsModal({ ...v.teamSlots, slots: [] }),
    ],
  },
  'shared/help.ts': {
    renderHelp: (v) => [
      renderHelp([
        {
          title: v.e(),
          commands: Array.from({ length: 8 }, () => ({ usage: v.e(' <number|serial>'), summary: v.e() })),
        },
        { title: v.e(' empty'), commands: [] },
      ]),
    ],
  },
  // Types only: what a module's Home section renders to.
  'shared/home-section.ts': {},
  'shared/home.ts': {
    renderHome: (v) => [
      renderHome(v.home),
      renderHome({ ...v.home, roles: [], sections: [v.refreshSections.my_refresh] }),
      // The Home lists ten refreshes; the rest of the next steps are shown on their own.
      renderHome({
        ...v.home,
        roles: [],
        sections: [
          {
            ...v.refreshSections.my_refresh,
            myTickets: v.refreshSections.my_refresh.myTickets.slice(8),
          },
        ],
      }),
      renderHome({ ...v.home, roles: [], sections: [] }),
    ],
  },
  'shared/import-modal.ts': {
    importSetOf: { helper: 'which import a kind belongs to; builds nothing' },
    renderImportModal: {
      build: () => [
        renderImportModal({}),
        renderImportModal({ kind: 'systems' }),
        renderImportModal({ kind: 'units', source: 'file' }),
        renderImportModal({ set: 'desk', kind: 'rules' }),
        renderImportModal({ set: 'desk', source: 'file' }),
      ],
      noUserText: true,
    },
  },
  'shared/import-result.ts': {
    describeSlackMatch: { helper: 'plain text for the command line; in Slack through renderImportDone' },
    renderImportDone: (v) => [
      renderImportDone(
        {
          kind: 'systems',
          rows: 3,
          created: 1,
          updated: 1,
          unchanged: 1,
          peopleAdded: 1,
          peopleUpdated: 0,
          groupsAdded: 1,
        },
        v.slackMatch,
      ),
      renderImportDone(
        {
          kind: 'units',
          rows: 1,
          created: 1,
          updated: 0,
          unchanged: 0,
          peopleAdded: 0,
          peopleUpdated: 0,
          groupsAdded: 0,
        },
        { lookingUp: 2 },
      ),
    ],
  },
  'shared/roles.ts': {
    renderRoleHolders: (v) => [
      renderRoleHolders([
        { userId: realIds.admin, role: 'admin', scope: '' },
        { userId: realIds.approver, role: 'slot_admin', scope: v.e() },
      ]),
    ],
    roleChanged: (v) => [
      roleChanged('granted', realIds.customer, 'slot_admin', v.e()),
      roleChanged('revoked', v.e(), 'admin', ''),
    ],
  },
  'desk/setup.ts': {
    renderDeskSetup: (v) => [
      renderDeskSetup(hostileDeskSetup(v.e)),
      renderDeskSetup({ groups: [], categories: [], accounts: [], rules: [] }),
    ],
    renderGroupForm: (v) => [renderGroupForm(hostileDeskSetup(v.e).groups[0]), renderGroupForm(undefined)],
    renderCategoryForm: (v) => [
      renderCategoryForm(hostileDeskSetup(v.e).categories[0], hostileDeskSetup(v.e).groups),
    ],
    renderAccountForm: (v) => [renderAccountForm(hostileDeskSetup(v.e).accounts[0])],
    renderRuleForm: (v) => [
      renderRuleForm(hostileDeskSetup(v.e).rules[0], hostileDeskSetup(v.e)),
      renderRuleForm(undefined, hostileDeskSetup(v.e)),
    ],
    renderTryRulesForm: (v) => [
      renderTryRulesForm(hostileDeskSetup(v.e).categories),
      renderTryRulesForm(hostileDeskSetup(v.e).categories, {
        subject: v.e(),
        description: v.e(),
        categoryId: 1,
        result: describeTriedRoute({
          routed: true,
          rule: { name: v.e(), position: 1 },
          why: v.e(),
          group: v.e(),
          assignee: realIds.customer,
          assigneeIsMain: true,
        }),
      }),
    ],
    ruleConditions: { helper: 'part of renderDeskSetup' },
    describeTriedRoute: { helper: 'in the try form and /otto desk route; built with md' },
  },
  'desk/case-card.ts': {
    renderCaseCard: (v) => [
      renderCaseCard({ ...hostileCase(v.e), description: v.e(' description'), files: 2 }),
      renderCaseCard({
        ...hostileCase(v.e),
        description: v.e(),
        files: 0,
        postedAs: 4,
        movedTo: { group: v.e(' group'), channel: 'C0DESK' },
      }),
    ],
    caseFactsBlocks: { helper: 'part of renderCaseCard and the case notices' },
    cardActions: { helper: 'part of renderCaseCard and the case view' },
    impactLabel: { helper: 'a fixed label per impact' },
    personMd: { helper: 'part of caseFactsBlocks; built with md' },
    caseTitle: { helper: 'plain text put into md or plain() by its callers' },
    requesterMd: { helper: 'part of caseFactsBlocks; built with md' },
  },
  'desk/case-notices.ts': {
    renderCaseOpened: (v) => [
      renderCaseOpened({
        caseId: 12,
        subject: v.e(' subject'),
        description: v.e(),
        recipientName: v.e(' name'),
        openedBy: { slackUserId: null, name: v.e(' reporter') },
        group: v.e(' group'),
        openApp,
      }),
    ],
    renderCaseAssigned: (v) => [
      renderCaseAssigned({ ...hostileCase(v.e), why: 'reassigned', by: realIds.admin }),
    ],
    caseOpenedSentence: { helper: 'the e-mail’s plain-text intro; the template escapes it' },
  },
  'desk/case-form.ts': {
    renderCaseForm: (v) => {
      const named = (id: number) => ({ id, name: v.e() });
      const limits = { subject: 150, description: 3000, files: 10, fileMb: 10, totalMb: 25 };
      return [
        renderCaseForm({
          accounts: [named(1), named(2)],
          account: named(2),
          environments: [named(3), named(4)],
          categories: [named(5)],
          opener: realIds.customer,
          reporter: { name: v.e().slice(0, 200), email: null },
          description: v.e(),
          limits,
        }),
        renderCaseForm({
          accounts: [],
          account: null,
          environments: [],
          categories: [],
          opener: v.e(),
          limits,
        }),
      ];
    },
    environmentAction: { build: () => [environmentAction(12)], noUserText: true },
  },
  'desk/case-messages.ts': {
    renderCaseMessage: (v) => [
      renderCaseMessage(hostileNotice('case_message', v.e())),
      renderCaseMessage({ ...hostileNotice('case_message', v.e()), as: undefined }),
    ],
    renderCaseFile: (v) => [renderCaseFile(hostileNotice('case_file', v.e()))],
    renderCaseMessageRemoved: {
      build: () => [renderCaseMessageRemoved({ caseId: 12, removes: 4 })],
      noUserText: true,
    },
  },
  'desk/triage.ts': {
    renderReassignForm: (v) => [
      renderReassignForm({
        caseId: 12,
        version: 3,
        subject: v.e(' subject'),
        group: v.e(' group'),
        assignee: realIds.admin,
        groups: [
          { id: 1, name: v.e(' group') },
          { id: 2, name: 'x'.repeat(90) + v.e() },
        ],
      }),
    ],
    renderCaseMoved: (v) => [
      renderCaseMoved({
        caseId: 12,
        subject: v.e(' subject'),
        threadOf: 4,
        group: v.e(' group'),
        channel: 'C0DESK',
        assignee: realIds.admin,
        by: realIds.customer,
      }),
      renderCaseMoved({ caseId: 12, subject: v.e(), threadOf: 4, group: v.e(), by: realIds.customer }),
    ],
    renderCaseEscalated: (v) => [renderCaseEscalated({ ...hostileCase(v.e), pendingSince: when, hours: 4 })],
  },
  'shared/stale-form.ts': {
    staleFormView: { build: () => [staleFormView()], noUserText: true },
    formInProgressView: { build: () => [formInProgressView()], noUserText: true },
  },
  'shared/text.ts': {
    moreLine: { build: () => [moreLine(3, 20)], noUserText: true },
    ...Object.fromEntries(
      [
        'Mrkdwn',
        'md',
        'joinMd',
        'mdLines',
        'forActor',
        'quoted',
        'isSlackUserId',
        'userMention',
        'channelMention',
        'slackDate',
        'link',
        'truncate',
        'truncateMd',
        'fitInput',
        'mrkdwn',
        'plain',
        'messageText',
        'plainMessageText',
        'statusLabel',
        'relayedMd',
      ].map((name) => [name, { helper: 'the escaping itself: tested on its own below' }]),
    ),
  },
};

/** A case whose every text is hostile: its subject, names, category, group and why it was routed. */
function hostileCase(e: (suffix?: string) => string): CaseSummaryView {
  return {
    caseId: 12,
    version: 3,
    subject: e(' subject'),
    status: 'pending',
    impact: 'high',
    category: e(' category'),
    account: e(' account'),
    environment: e(' environment'),
    group: e(' group'),
    assignee: realIds.admin,
    reporter: { slackUserId: null, name: e(' reporter'), email: 'reporter@example.edu' },
    contact: { slackUserId: realIds.customer, name: e(' contact') },
    routeReason: e(' reason'),
    escalatedAt: when,
    responseDueAt: when,
    resolutionDueAt: when,
    openedAt: when,
    timeZone: zone,
  };
}

/** A desk set-up whose every name, word and pattern is hostile text. */
function hostileDeskSetup(e: () => string): DeskSetup {
  return {
    groups: [
      {
        id: 1,
        name: e(),
        slackChannelId: 'C0DESK',
        mainSlackUserId: realIds.admin,
        isTriage: true,
        members: [realIds.admin],
      },
      { id: 2, name: e(), slackChannelId: null, mainSlackUserId: null, isTriage: false, members: [] },
    ],
    categories: [
      {
        id: 1,
        name: e(),
        defaultGroupId: 1,
        statuses: ['new', 'pending', 'open', 'deferred', 'resolved', 'closed'],
      },
    ],
    accounts: [{ id: 1, name: e(), environments: [e(), e()], members: [realIds.admin] }],
    rules: [
      {
        id: 1,
        position: 1,
        name: e(),
        categoryId: 1,
        subjectWords: [e(), e()],
        descriptionWords: [e()],
        pattern: null,
        groupId: 1,
        assigneeSlackUserId: realIds.customer,
      },
      {
        id: 2,
        position: 2,
        name: e(),
        categoryId: null,
        subjectWords: [],
        descriptionWords: [],
        pattern: e(),
        groupId: 2,
        assigneeSlackUserId: null,
      },
    ],
  };
}

const blocksDir = fileURLToPath(new URL('../../blocks/', import.meta.url));

function builderFiles(dir = blocksDir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? builderFiles(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [relative(blocksDir, join(dir, entry.name)).split('\\').join('/')]
        : [],
  );
}

// A control Otto writes on purpose: a mention of a fixture id, a date, a link to the feed.
const allowedControl = new RegExp(
  [
    `^@(?:${Object.values(realIds).join('|')})$`,
    // The desk set-up names a group's channel by its id, which Slack shows as its name.
    '^#C0DESK$',
    // The people of the desk's sample views (test/helpers/notices.ts).
    '^@U0(?:CASEY|AGENT|DANA)$',
    '^!date\\^\\d+\\^\\{date_short_pretty\\} at \\{time\\}\\|[A-Z][a-z]{2} \\d{1,2} [A-Z][a-z]{2}, \\d\\d:\\d\\d$',
    `^${feedUrl.replace(/[.?^$*+()[\]{}|\\]/g, '\\$&').replace(/&/g, '&amp;')}\\|subscribe$`,
    // The ITSM ticket's page, labelled with its number.
    `^${itsmUrl.replace(/[.?^$*+()[\]{}|\\]/g, '\\$&')}\\|#5$`,
  ].join('|'),
);

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Keys that carry ids, values and settings: never shown as mrkdwn. */
const dataKeys = new Set([
  'type',
  'action_id',
  'block_id',
  'callback_id',
  'value',
  'private_metadata',
  'initial_date',
  'initial_time',
  'initial_user',
  'initial_users',
  'style',
  'filetypes',
  'min_value',
  'max_value',
]);

interface Found {
  mrkdwn: string[];
  plain: string[];
}

/** Every string of a builder's output, sorted by how Slack reads it. */
function collect(node: unknown, found: Found, asMrkdwn = false): void {
  if (node instanceof Mrkdwn) found.mrkdwn.push(node.text);
  else if (typeof node === 'string') (asMrkdwn ? found.mrkdwn : found.plain).push(node);
  else if (Array.isArray(node)) for (const item of node) collect(item, found, asMrkdwn);
  else if (typeof node === 'object' && node !== null) {
    const record = node as Record<string, unknown>;
    for (const [key, value] of Object.entries(record)) {
      if (dataKeys.has(key) && typeof value !== 'object') continue;
      if (typeof value === 'string') {
        // plain_text objects, alt_text, what an input starts with, the name a message is posted
        // under and an uploaded file's name are shown as written; every other text is mrkdwn.
        const plainText =
          (record.type === 'plain_text' && key === 'text') ||
          ['alt_text', 'initial_value', 'username', 'filename'].includes(key);
        (plainText ? found.plain : found.mrkdwn).push(value);
      } else collect(value, found);
    }
  }
}

/** What is wrong with one mrkdwn string: a control nobody asked for, a stray `<` or `&`, half an emoji. */
function mrkdwnProblems(text: string): string[] {
  const problems: string[] = [];
  if (loneSurrogate.test(text)) problems.push('half of a surrogate pair');
  for (const match of text.matchAll(/&(?!amp;|lt;|gt;)/g)) {
    problems.push(`a raw & at ${match.index}: ${JSON.stringify(text.slice(match.index, match.index + 12))}`);
  }
  for (const match of text.matchAll(/<([^<>]*)>?/g)) {
    if (!match[0].endsWith('>') || !allowedControl.test(match[1] ?? '')) {
      problems.push(`a live control ${JSON.stringify(match[0].slice(0, 60))}`);
    }
  }
  return problems;
}

const isBlock = (node: unknown) =>
  typeof node === 'object' &&
  node !== null &&
  typeof (node as { type?: unknown }).type === 'string' &&
  !['plain_text', 'mrkdwn', 'modal', 'home', 'button'].includes((node as { type: string }).type);

/** Block Kit's limits for what a builder made: a view, a message, blocks, or options. */
function limitProblems(output: unknown): string[] {
  if (typeof output !== 'object' || output === null || output instanceof Mrkdwn) return [];
  const record = output as Record<string, unknown>;
  if (record.type === 'modal' || record.type === 'home') return validateView(output);
  if (Array.isArray(output) && output.every(isBlock)) return validateBlocks(output, 'home');
  if (isBlock(output)) return validateBlocks([output], 'modal');
  const problems: string[] = [];
  if (typeof record.text === 'string' && record.text.length > 3000)
    problems.push('text is over 3,000 characters');
  if (Array.isArray(record.blocks)) problems.push(...validateBlocks(record.blocks, 'message'));
  // Options and option groups: their text and labels fit 75 characters.
  const options = Array.isArray(output) ? output : [output];
  for (const option of options as Array<Record<string, unknown>>) {
    for (const item of [option, ...((option.options as Array<Record<string, unknown>>) ?? [])]) {
      for (const key of ['text', 'label', 'description']) {
        const text = (item[key] as { text?: unknown } | undefined)?.text;
        if (typeof text === 'string' && text.length > 75)
          problems.push(`option ${key} is ${text.length} characters`);
      }
    }
  }
  return problems;
}

const runs = (build: Build) =>
  hostile.map(({ value, shownNever }) => ({ value, shownNever, outputs: build(hostileViews(value)) }));

/** What is wrong with a builder's outputs for each hostile string; `userText` when its text must show. */
function problemsOf(results: ReturnType<typeof runs>, userText: boolean): string[] {
  const problems: string[] = [];
  for (const { value, shownNever, outputs } of results) {
    const found: Found = { mrkdwn: [], plain: [] };
    collect(outputs, found);
    const tag = JSON.stringify(value.slice(0, 40));
    for (const text of found.mrkdwn) for (const p of mrkdwnProblems(text)) problems.push(`${tag}: ${p}`);
    for (const text of found.plain)
      if (loneSurrogate.test(text)) problems.push(`${tag}: half an emoji in plain text`);
    for (const output of outputs) for (const p of limitProblems(output)) problems.push(`${tag}: ${p}`);
    const shown = [...found.mrkdwn.map(shownBySlack), ...found.plain].join('\n');
    if (userText && !shown.includes('EVIL')) problems.push(`${tag}: the text never shows`);
    for (const never of shownNever ?? []) {
      if (shown.includes(never)) problems.push(`${tag}: escaped input shows as ${never}`);
    }
  }
  return [...new Set(problems)].slice(0, 20);
}

describe('every builder in blocks/', () => {
  it('has a case here, so a new builder cannot skip the hostile-text check', async () => {
    const missing: string[] = [];
    for (const file of builderFiles()) {
      const module = (await import(pathToFileURL(join(blocksDir, file)).href)) as Record<string, unknown>;
      for (const [name, value] of Object.entries(module)) {
        if (typeof value === 'function' && !cases[file]?.[name]) missing.push(`${file}: ${name}`);
      }
    }
    expect(missing).toEqual([]);
    expect(Object.keys(cases).sort()).toEqual(builderFiles().sort());
  });

  const builders = Object.entries(cases).flatMap(([file, byName]) =>
    Object.entries(byName).flatMap(([name, entry]) =>
      typeof entry === 'function'
        ? [{ label: `${file}: ${name}`, build: entry, userText: true }]
        : 'build' in entry
          ? [{ label: `${file}: ${name}`, build: entry.build, userText: false }]
          : [],
    ),
  );

  it.each(builders)('$label lets no hostile text act, and fits Block Kit', ({ build, userText }) => {
    expect(problemsOf(runs(build), userText)).toEqual([]);
  });
});

/** Keys of a notice's view that carry ids, links, enums or instants: never text a person wrote. */
const viewDataKeys = new Set([
  // The desk's: a case's impact, why it came to its assignee, Slack ids of its people.
  'impact',
  'why',
  'assignee',
  'slackUserId',
  'by',
  'timeZone',
  'openApp',
  'status',
  'kind',
  'approverId',
  'requestedBy',
  'approvedBy',
  'completedBy',
  'uidDomain',
  'uid',
  'reason',
  'attendeeEmail',
  'startsAt',
  'endsAt',
  'bookedAt',
  'dueAt',
  'completedAt',
  // The desk's: Slack ids, addresses, enums and instants of a case.
  'impact',
  'assignee',
  'slackUserId',
  'email',
  'by',
  'why',
  'channel',
  'openedAt',
  'escalatedAt',
  'responseDueAt',
  'firstResponseAt',
  'resolutionDueAt',
  'pendingSince',
  'side',
  'iconUrl',
]);

/**
 * Texts a person wrote in Slack and Otto passes on as Slack sent them (their mentions and links
 * stay; relayedMd is tested on its own below): the hostile check leaves them as the sample has them.
 */
const relayedSlackText: Partial<Record<NoticeKind, string[]>> = { case_message: ['text'] };

/** A notice's sample view, hostile everywhere but in the Slack text it relays. */
function hostileNotice<K extends NoticeKind>(kind: K, evil: string): NoticeView<K> {
  // Cut to 60 characters: the desk's views cap their texts, as the outbox refuses longer ones.
  const view = hostileView(sampleViews[kind], [...evil].slice(0, 60).join('')) as Record<string, unknown>;
  for (const key of relayedSlackText[kind] ?? [])
    view[key] = (sampleViews[kind] as Record<string, unknown>)[key];
  return notices[kind].view.parse(view) as NoticeView<K>;
}

/** A sample view with `evil` after every text in it. */
function hostileView(node: unknown, evil: string, key = ''): unknown {
  if (viewDataKeys.has(key)) return node;
  if (typeof node === 'string') return `${node} ${evil}`;
  if (Array.isArray(node)) return node.map((item) => hostileView(item, evil));
  if (typeof node === 'object' && node !== null && !(node instanceof Date)) {
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, hostileView(v, evil, k)]));
  }
  return node;
}

/** Each notice kind sent by Slack, on its Slack channel. */
const slackNotices = noticeKinds.flatMap((kind) =>
  notices[kind].channels
    .filter((channel) => channel !== 'email')
    .slice(0, 1)
    .map((channel) => ({ kind, channel })),
);

describe('every notice’s Slack form on the delivery road', () => {
  it('covers each kind with a Slack renderer', () => {
    const rendered = noticeKinds.filter((kind) => noticeRenderers[kind].slack);
    expect(slackNotices.map((n) => n.kind)).toEqual(rendered);
  });

  it.each(slackNotices)('$kind lets no hostile text act, and fits Block Kit', ({ kind, channel }) => {
    const deliver = (evil: string) => {
      // As the outbox stores it: checked by its kind's schema, then through JSON.
      // A view whose schema caps its texts (the desk's: a subject is at most 250 characters) never
      // holds more, as the outbox refuses it: the longest hostile texts are cut to fit there.
      const schema = notices[kind].view as unknown as {
        safeParse(v: unknown): {
          success: boolean;
          data?: unknown;
          error?: { issues: Array<{ code: string }> };
        };
        parse(v: unknown): unknown;
      };
      const keep = (view: unknown) => {
        const own = view as Record<string, unknown>;
        for (const key of relayedSlackText[kind] ?? [])
          own[key] = (sampleViews[kind] as Record<string, unknown>)[key];
        return own;
      };
      const whole = schema.safeParse(keep(hostileView(sampleViews[kind], evil)));
      const view =
        whole.success || !whole.error?.issues.every((issue) => issue.code === 'too_big')
          ? schema.parse(keep(hostileView(sampleViews[kind], evil)))
          : schema.parse(keep(hostileView(sampleViews[kind], [...evil].slice(0, 60).join(''))));
      const payload = JSON.parse(JSON.stringify(view)) as Record<string, unknown>;
      return renderSlackRow({ channel, notice: kind, payload, payloadForm: 'view' });
    };
    // A view with no text of anyone's (only ids and links) is checked all the same.
    const userText =
      JSON.stringify(hostileView(sampleViews[kind], 'EVIL')) !== JSON.stringify(sampleViews[kind]);
    const results = hostile.map(({ value, shownNever }) => ({
      value,
      shownNever,
      outputs: [deliver(value)],
    }));
    expect(problemsOf(results, userText)).toEqual([]);
  });
});

describe('mrkdwn from blocks/shared/text.ts', () => {
  it('relays a person’s Slack message with its mentions and links, and no broadcast or other control', () => {
    expect(
      relayedMd(
        'Hi <@U0ADMIN01>, see <https://wiki.example.edu|the wiki> &amp; <#C0AVGROUP>. <!channel> <!here|here> <!subteam^S1|@av> <!date^1700000000^{date}|Nov 14> <javascript:x|y> 1 &lt; 2',
      ).text,
    ).toBe(
      'Hi <@U0ADMIN01>, see <https://wiki.example.edu|the wiki> &amp; <#C0AVGROUP>. @channel @here @av Nov 14 &lt;javascript:x|y&gt; 1 &lt; 2',
    );
  });

  it('escapes every value put into md, and only the values', () => {
    const name = '<!channel> & <@U123> <http://evil|click>';
    expect(md`*${name}* has ${3} tickets`.text).toBe(
      '*&lt;!channel&gt; &amp; &lt;@U123&gt; &lt;http://evil|click&gt;* has 3 tickets',
    );
    expect(md`${md`*${name}*`} again`.text).toBe(
      '*&lt;!channel&gt; &amp; &lt;@U123&gt; &lt;http://evil|click&gt;* again',
    );
    // Otto's own words keep < and & as text too; > stays for block quotes.
    expect(md`\`/otto ticket <number>\` Q&A\n> quoted`.text).toBe(
      '`/otto ticket &lt;number>` Q&amp;A\n> quoted',
    );
    expect(joinMd(['<a>', md`*b*`], md`, `).text).toBe('&lt;a&gt;, *b*');
  });

  it('escapes text that is already escaped, so it shows as typed', () => {
    expect(shownBySlack(md`${'&lt;!channel&gt;'}`.text)).toBe('&lt;!channel&gt;');
    expect(md`${'&amp;'}`.text).toBe('&amp;amp;');
  });

  it('mentions only Slack user ids, and links only to http(s) addresses', () => {
    expect(userMention('U0ADMIN01').text).toBe('<@U0ADMIN01>');
    expect(userMention('<!channel>').text).toBe('&lt;!channel&gt;');
    expect(userMention('otto').text).toBe('otto');
    expect(link('https://otto.example.edu/a?b=1&c=2', '<b>').text).toBe(
      '<https://otto.example.edu/a?b=1&amp;c=2|&lt;b&gt;>',
    );
    expect(link('javascript:alert(1)', 'x').text).toBe('x');
    expect(link('https://evil.example|click>', 'x').text).toBe('x');
  });

  it('keeps a service’s mention of a Slack id for the person acting, and nothing else', () => {
    expect(forActor('approved by <@U0APPROVE>; <!channel> <@U123|x> <http://evil|click> & more').text).toBe(
      'approved by <@U0APPROVE>; &lt;!channel&gt; &lt;@U123|x&gt; &lt;http://evil|click&gt; &amp; more',
    );
  });

  it('cuts at a limit without splitting an entity, a control or an emoji', () => {
    const cut = truncateMd(md`${'a'.repeat(8)}${'&'}`, 10);
    expect(cut.text).toBe('aaaaaaaa…');
    expect(truncateMd(md`${'a'.repeat(7)}${userMention('U0ADMIN01')}`, 12).text).toBe('aaaaaaa…');
    expect(truncate(`ab${'😀'}c`, 4)).toBe('ab…');
    expect(truncateMd(md`ab${'😀'}c`, 4).text).toBe('ab…');
    expect(mrkdwn(md`${'x'.repeat(5000)}`)).toMatchObject({ type: 'mrkdwn', verbatim: true });
    expect(mrkdwn(md`${'x'.repeat(5000)}`).text).toHaveLength(3000);
    expect(plain('y'.repeat(200), 150).text).toHaveLength(150);
    expect(messageText(md`${'<'.repeat(2000)}`)).toBe(`${'&lt;'.repeat(749)}…`);
    expect(fitInput(`ab${'😀'}`, 3)).toBe('ab');
  });
});
