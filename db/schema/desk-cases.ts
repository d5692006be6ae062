import { caseImpacts, caseSources, caseStatuses } from '../../src/domain/desk/enums.js';
import { deskAccounts } from './desk-accounts.js';
import { deskCategories } from './desk-categories.js';
import { deskEnvironments } from './desk-environments.js';
import { deskGroups } from './desk-groups.js';
import { deskRules } from './desk-rules.js';
import { table } from './kit.js';

/**
 * Service-desk cases (SPEC §4.1); the id is the case number people quote. A requester (the
 * reporter, and the contact they opened it for) is a Slack account, an e-mail address, or both.
 */
export const deskCases = table(
  'desk_cases',
  (c) => ({
    id: c.id(),
    source: c.text('source', { enum: caseSources }).notNull(),
    /** Who opened it: always the person who did. */
    reporterSlackUserId: c.text('reporter_slack_user_id'),
    reporterEmail: c.text('reporter_email'),
    reporterName: c.text('reporter_name'),
    /** On behalf of whom; the reporter when they opened it for themselves. */
    contactSlackUserId: c.text('contact_slack_user_id'),
    contactEmail: c.text('contact_email'),
    contactName: c.text('contact_name'),
    accountId: c.integer('account_id').references(() => deskAccounts.id),
    environmentId: c.integer('environment_id').references(() => deskEnvironments.id),
    impact: c.text('impact', { enum: caseImpacts }).notNull(),
    categoryId: c.integer('category_id').references(() => deskCategories.id),
    subject: c.text('subject').notNull(),
    description: c.text('description').notNull(),
    groupId: c.integer('group_id').references(() => deskGroups.id),
    assigneeSlackUserId: c.text('assignee_slack_user_id'),
    status: c.text('status', { enum: caseStatuses }).notNull(),
    statusChangedAt: c.instant('status_changed_at').notNull(),
    dueAt: c.instant('due_at'),
    /** The rule that routed it and why (words as the rule has them); none → triage. */
    routeRuleId: c.integer('route_rule_id').references(() => deskRules.id, { onDelete: 'set null' }),
    routeReason: c.text('route_reason'),
    /** Told to triage once for staying pending too long (SPEC §4.2). */
    escalatedAt: c.instant('escalated_at'),
    /** The first human reply from staff: stops the first-response clock. */
    firstResponseAt: c.instant('first_response_at'),
    responseDueAt: c.instant('response_due_at'),
    resolutionDueAt: c.instant('resolution_due_at'),
    /** The outbox row of the card in the group's channel now; its thread is the case's conversation. */
    cardOutboxId: c.integer('card_outbox_id'),
    /** Bumped on every change: a card or modal built from an older version is stale. */
    version: c.integer('version').notNull().default(1),
    openedAt: c.instant('opened_at').notNull(),
    updatedAt: c.instant('updated_at').notNull(),
  }),
  (t, k) => [
    k.index('desk_cases_group_status').on(t.groupId, t.status),
    k.index('desk_cases_assignee_status').on(t.assigneeSlackUserId, t.status),
    k.index('desk_cases_reporter').on(t.reporterSlackUserId),
    k.index('desk_cases_contact').on(t.contactSlackUserId),
    k.index('desk_cases_status_changed').on(t.status, t.statusChangedAt),
    // The Home's queues (assigned to me; my groups' unassigned), newest first, read from the index alone.
    k.index('desk_cases_queue').on(t.assigneeSlackUserId, t.openedAt, t.groupId, t.status),
    // Counting a group's unassigned cases without reading the cases themselves.
    k.index('desk_cases_group_queue').on(t.groupId, t.assigneeSlackUserId, t.status, t.openedAt),
    // Triage's escalated list: the few cases ever escalated.
    k.index('desk_cases_escalated').on(t.escalatedAt),
  ],
);
