import { deskCaseMessages } from './desk-case-messages.js';
import { deskCases } from './desk-cases.js';
import { table } from './kit.js';

/**
 * Files attached to a case, kept in the database so every replica has them (SPEC §4.1): the
 * case form's attachments and the files that travel with its messages.
 */
export const deskCaseFiles = table(
  'desk_case_files',
  (c) => ({
    id: c.id(),
    caseId: c
      .integer('case_id')
      .notNull()
      .references(() => deskCases.id),
    messageId: c.integer('message_id').references(() => deskCaseMessages.id),
    name: c.text('name').notNull(),
    mimeType: c.text('mime_type').notNull(),
    size: c.integer('size').notNull(),
    content: c.bytes('content').notNull(),
    /** Where it came from (a Slack file id), so the same file is kept once. */
    sourceRef: c.text('source_ref'),
    uploadedBy: c.text('uploaded_by').notNull(),
    at: c.instant('at').notNull(),
  }),
  (t, k) => [k.index('desk_case_files_case').on(t.caseId)],
);
