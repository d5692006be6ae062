import type { App } from '@slack/bolt';
import { z } from 'zod';
import { caseFormBlocks as B } from '../../../../../blocks/desk/case-form.js';
import { md, mdLines, messageText } from '../../../../../blocks/shared/text.js';
import { caseImpacts } from '../../../../domain/desk/enums.js';
import type { ServiceContext } from '../../../../services/context.js';
import { addCaseFiles } from '../../../../services/desk/cases/add-case-files.js';
import {
  type CaseFile,
  caseFileMaxBytes,
  caseFilesMaxCount,
  caseFilesMaxTotalBytes,
  caseSubjectMaxLength,
  openCase,
} from '../../../../services/desk/cases/open-case.js';
import { ServiceError } from '../../../../services/errors.js';
import { ids } from '../../../ids.js';
import { explainError, refusalOnField } from '../../../plumbing/answers.js';
import { downloadSlackFileBytes } from '../../../plumbing/download-file.js';
import { lookUpUserInTime, type SlackUser, slackNameOf } from '../../../plumbing/look-up-user.js';
import { element, input, readModal, required } from '../../../plumbing/modal-form.js';
import { closeModal, fieldErrors, handleSubmission, type Submission } from '../../../plumbing/submission.js';
import { caseFormMetadata } from '../../../values/desk.js';
import type { KnownIds } from '../../index.js';
import { onView } from '../../register.js';
import { caseFormLimits } from '../shortcuts/open-case.js';

const unreadable = 'Otto could not read this; close the form and open a case again.';
const megabytes = (bytes: number) => `${bytes / 1024 / 1024} MB`;

/** A file as Slack gives it in a file input's state. */
const SlackFile = z.object({
  id: z.string().min(1).max(40),
  name: z.string().max(255).nullish(),
  title: z.string().max(255).nullish(),
  mimetype: z.string().max(255).nullish(),
  size: z.number().int().nonnegative().nullish(),
  url_private: z.url(),
  url_private_download: z.url().nullish(),
});
type SlackFile = z.infer<typeof SlackFile>;

/** Text that must be given, within a limit; hostile text is only text, so it is not refused. */
const words = (missing: string, max: number, tooLong: string) =>
  element.text.transform((value, c) => {
    const trimmed = value.trim();
    if (trimmed === '') c.addIssue({ code: 'custom', message: missing });
    else if (trimmed.length > max) c.addIssue({ code: 'custom', message: tooLong });
    return trimmed;
  });

const CaseInputs = {
  contact: input(B.contact.block, B.contact.action, element.user),
  account: input(B.account.block, B.account.action, element.choiceId),
  // Its action id names the account whose environments it offers: read whichever is there.
  environment: input(B.environment.block, undefined, element.choiceId),
  impact: input(
    B.impact.block,
    B.impact.action,
    required(
      element.choice.transform((value) => z.enum(caseImpacts).safeParse(value).data),
      'Choose how much it holds up work.',
    ),
  ),
  // A static select, or an external one past 100 categories: read whichever is there.
  category: input(B.category.block, undefined, element.choiceId),
  subject: input(
    B.subject.block,
    B.subject.action,
    words(
      'Give the case a subject.',
      caseSubjectMaxLength,
      `Keep the subject to ${caseSubjectMaxLength} characters; the details go in the description.`,
    ),
  ),
  description: input(
    B.description.block,
    B.description.action,
    words(
      'Describe what you need.',
      caseFormLimits.description,
      `Keep the description to ${caseFormLimits.description} characters; attach the rest as a file.`,
    ),
  ),
  files: input(
    B.files.block,
    B.files.action,
    z
      .object({ files: z.array(SlackFile).nullish() })
      .optional()
      .transform((s) => s?.files ?? []),
  ),
};

/** The verb's field a refusal is about → the block that shows it. */
const blockOf: Record<string, string> = {
  contact: B.contact.block,
  account: B.account.block,
  environment: B.environment.block,
  impact: B.impact.block,
  category: B.category.block,
  subject: B.subject.block,
  description: B.description.block,
  files: B.files.block,
};

const nameOf = (file: SlackFile) => file.name || file.title || 'file';

/** The attachments' sizes as Slack gives them, checked before anything is opened. */
function filesRefusal(files: SlackFile[]): string | undefined {
  if (files.length > caseFilesMaxCount) return `Attach at most ${caseFilesMaxCount} files.`;
  const large = files.find((f) => (f.size ?? 0) > caseFileMaxBytes);
  if (large)
    return `“${nameOf(large)}” is larger than ${megabytes(caseFileMaxBytes)}; attach a smaller file.`;
  const total = files.reduce((sum, f) => sum + (f.size ?? 0), 0);
  if (total > caseFilesMaxTotalBytes)
    return `The files come to more than ${megabytes(caseFilesMaxTotalBytes)} together; attach fewer.`;
  return undefined;
}

/** A person as the case keeps them: Slack id, name and address from users.info. */
const personOf = (userId: string, user: SlackUser | undefined) => ({
  slackUserId: userId,
  name: user ? (slackNameOf(user) ?? null) : null,
  email: user?.profile?.email ?? null,
});

/** The contact picked, or why not: someone Slack knows, a person, not an app. */
async function contactOf(
  client: Submission['client'],
  contactId: string | undefined,
  openerId: string,
): Promise<{ ok: true; user: SlackUser | undefined } | { ok: false; error: string }> {
  if (contactId === undefined || contactId === openerId) return { ok: true, user: undefined };
  const user = await lookUpUserInTime(client, contactId);
  if (!user) return { ok: false, error: 'Otto could not find that person in Slack just now; try again.' };
  if (user.is_bot || user.deleted || contactId === 'USLACKBOT')
    return { ok: false, error: 'Choose a person: an app or a deactivated account cannot be the contact.' };
  return { ok: true, user };
}

interface Opened {
  caseId: number;
  files: SlackFile[];
}

/**
 * The case form: refused on its field, or opened (the modal closes; the acknowledgement DM
 * follows from the outbox). Attached files are fetched after the answer and kept on the case.
 */
function submitCaseForm(ctx: ServiceContext) {
  return handleSubmission<Opened>(ctx, {
    ack: async ({ view, userId, client, log, receipt }) => {
      const form = readModal(view, caseFormMetadata, CaseInputs, unreadable);
      if (!form.ok)
        return {
          answer: fieldErrors(
            Object.keys(form.errors).length > 0 ? form.errors : { [B.subject.block]: unreadable },
          ),
        };
      const values = form.values;
      const filesError = filesRefusal(values.files);
      if (filesError) return { answer: fieldErrors({ [B.files.block]: filesError }) };
      // The opener as Slack knew them when the form opened; asked again only if Slack had not said.
      const known = form.metadata.reporter;
      const [opener, contact] = await Promise.all([
        known ? undefined : lookUpUserInTime(client, userId),
        contactOf(client, values.contact, userId),
      ]);
      if (!contact.ok) return { answer: fieldErrors({ [B.contact.block]: contact.error }) };
      try {
        // Claimed and answered in the case's own transaction: a copy of the form finds it claimed there.
        const opened = await openCase(
          ctx,
          {
            source: 'slack',
            reporter: known ? { slackUserId: userId, ...known } : personOf(userId, opener),
            contact: contact.user ? personOf(values.contact!, contact.user) : null,
            accountId: values.account ?? null,
            environmentId: values.environment ?? null,
            impact: values.impact,
            categoryId: values.category ?? null,
            subject: values.subject,
            description: values.description,
          },
          receipt?.along(() => closeModal()),
        );
        return {
          answer: closeModal(),
          later: values.files.length > 0 ? { caseId: opened.caseId, files: values.files } : undefined,
        };
      } catch (error) {
        return { answer: fieldErrors(refusalOnField(error, blockOf, B.subject.block, log)) };
      }
    },
    lazy: async ({ caseId, files }, { userId, client, log }) => {
      const kept: CaseFile[] = [];
      const failed: { name: string; reason: string }[] = [];
      let total = 0;
      for (const file of files) {
        const name = nameOf(file);
        try {
          const content = await downloadSlackFileBytes(
            client,
            {
              url_private: file.url_private,
              url_private_download: file.url_private_download ?? undefined,
              size: file.size ?? undefined,
            },
            { maxBytes: caseFileMaxBytes, timeoutMs: 30_000 },
            {
              tooBig: `it is larger than ${megabytes(caseFileMaxBytes)}`,
              late: 'Slack did not hand it over in time',
            },
          );
          total += content.length;
          if (total > caseFilesMaxTotalBytes) {
            failed.push({ name, reason: `the files came to more than ${megabytes(caseFilesMaxTotalBytes)}` });
            continue;
          }
          kept.push({
            name,
            mimeType: file.mimetype || 'application/octet-stream',
            content,
            sourceRef: file.id,
          });
        } catch (error) {
          failed.push({
            name,
            reason: error instanceof ServiceError ? error.message : explainError(error, log),
          });
        }
      }
      try {
        await addCaseFiles(ctx, { caseId, actor: userId, files: kept, failed });
      } catch (error) {
        const reason = explainError(error, log);
        failed.push(...kept.map((f) => ({ name: f.name, reason })));
      }
      if (failed.length === 0) return;
      await client.chat.postMessage({
        channel: userId,
        text: messageText(
          mdLines([
            md`:warning: Otto could not keep ${failed.length === 1 ? 'a file' : `${failed.length} files`} you attached to case #${caseId}:`,
            ...failed.map((f) => md`• “${f.name}”: ${f.reason}`),
            md`Reply with ${failed.length === 1 ? 'it' : 'them'} in the case’s thread to add ${failed.length === 1 ? 'it' : 'them'}.`,
          ]),
        ),
      });
    },
  });
}

export function registerCaseFormView(app: App, ctx: ServiceContext, known: KnownIds): void {
  onView(app, known, ids.caseForm, submitCaseForm(ctx), { receiptInTransaction: true });
}
