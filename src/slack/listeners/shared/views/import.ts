import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import { importBlocks as B, importSources } from '../../../../../blocks/shared/import-modal.js';
import { renderImportDone } from '../../../../../blocks/shared/import-result.js';
import {
  describeLineErrors,
  describeRefusal,
  type ImportSummary,
  inventoryKinds,
  type LineError,
} from '../../../../domain/refresh/inventory/index.js';
import type { ServiceContext } from '../../../../services/context.js';
import { importInventory } from '../../../../services/refresh/inventory/import-inventory.js';
import {
  findPeopleToMatch,
  matchPeopleToSlack,
} from '../../../../services/refresh/inventory/match-people-to-slack.js';
import { ids } from '../../../ids.js';
import { explainError } from '../../../plumbing/answers.js';
import { downloadSlackFile } from '../../../plumbing/download-file.js';
import { lookUpByEmail } from '../../../plumbing/look-up-by-email.js';
import { element, input, readForm, required } from '../../../plumbing/modal-form.js';
import { postProgressMessage } from '../../../plumbing/progress-message.js';
import {
  type Acked,
  closeModal,
  fieldErrors,
  handleSubmission,
  type Submission,
} from '../../../plumbing/submission.js';
import type { KnownIds } from '../../index.js';
import { onView } from '../../register.js';

const SlackFile = z.object({
  name: z.string().optional(),
  size: z.number().optional(),
  url_private: z.url(),
  url_private_download: z.url().optional(),
});

/** The modal's inputs: what to import (one of `kinds`), and the rows pasted or the file attached. */
const importForm = <K extends string>(kinds: readonly [K, ...K[]]) => ({
  kind: input(
    B.kind.block,
    B.kind.action,
    required(
      element.choice.transform((value) => z.enum(kinds).safeParse(value).data),
      'Choose what to import.',
    ),
  ),
  source: input(
    B.how.block,
    B.how.action,
    element.choice.transform((value) => z.enum(importSources).safeParse(value).data),
  ),
  csv: input(B.csv.block, B.csv.action, element.text),
  files: input(
    B.file.block,
    B.file.action,
    z
      .object({ files: z.array(SlackFile).nullish() })
      .optional()
      .transform((s) => s?.files ?? []),
  ),
});

/** Files the modal takes; Slack delivers them before the 3-second answer is due. */
const fileLimits = { maxBytes: 2_000_000, timeoutMs: 2000 };
/** Line errors shown in the modal; the rest are counted. */
const shownErrors = 10;

type ImportRun<K, S> = (
  kind: K,
  csv: string,
) => Promise<{ ok: true; summary: S } | { ok: false; errors: LineError[] }>;

/**
 * An import modal's submission, for any set of kinds: bad rows are answered on the field, a good
 * file closes the modal and its summary goes on to `lazy`. Rows are answered beside the input they
 * came from, so an attached file is fetched before the answer (within its time limit).
 */
export async function answerImport<K extends string, S>(
  kinds: readonly [K, ...K[]],
  { view, userId, client, log }: Submission,
  run: (userId: string) => ImportRun<K, S>,
): Promise<Acked<S>> {
  const form = readForm(importForm(kinds), view.state.values, 'Choose what to import.');
  if (!form.ok) return { answer: fieldErrors({ [B.kind.block]: 'Choose what to import.' }) };
  const { kind, source, csv: typed, files } = form.values;
  const pasted = typed.trim() === '' ? undefined : typed;
  const [file, ...moreFiles] = files;
  // The form shows one input, for the way chosen; a submission with both was not made by it.
  if (pasted && file) {
    return { answer: fieldErrors({ [B.csv.block]: 'Paste the rows or attach a file, not both.' }) };
  }
  if (!pasted && !file) {
    return {
      answer: fieldErrors(
        source === 'file'
          ? { [B.file.block]: 'Attach the CSV file here.' }
          : { [B.csv.block]: 'Paste the rows here, header line first.' },
      ),
    };
  }
  const field = file ? B.file.block : B.csv.block;
  if (moreFiles.length > 0) return { answer: fieldErrors({ [field]: 'Attach one file at a time.' }) };
  let outcome: Awaited<ReturnType<ImportRun<K, S>>>;
  try {
    const csv = file ? await downloadSlackFile(client, file, fileLimits) : typed;
    outcome = await run(userId)(kind, csv);
  } catch (error) {
    return { answer: fieldErrors({ [field]: explainError(error, log) }) };
  }
  if (!outcome.ok) {
    const { errors } = outcome;
    const rows = `${describeRefusal(errors)}\n${describeLineErrors(errors, shownErrors)}`;
    return { answer: fieldErrors({ [field]: rows }) };
  }
  return { answer: closeModal(), later: outcome.summary };
}

/** The `/otto import` modal of the inventory; telling the admin and matching people to Slack come after. */
function submitImport(ctx: ServiceContext) {
  return handleSubmission(ctx, {
    ack: (submission) =>
      answerImport(
        inventoryKinds,
        submission,
        (actor) => (kind, csv) => importInventory(ctx, { actor, kind, csv }),
      ),
    // The import is committed; only the DM or the Slack matching can fail here, and the next import retries the matching.
    lazy: (summary, { userId, client, log }) => reportAndMatch(ctx, client, userId, summary, log),
  });
}

export function registerImportView(app: App, ctx: ServiceContext, known: KnownIds): void {
  onView(app, known, ids.inventoryImport, submitImport(ctx));
}

/** Tells the admin what the import did at once, then matches people to Slack and says so in the same DM. */
async function reportAndMatch(
  ctx: ServiceContext,
  client: WebClient,
  userId: string,
  summary: ImportSummary,
  log: (...args: unknown[]) => void,
): Promise<void> {
  const due = await findPeopleToMatch(ctx);
  const first = renderImportDone(summary, due.length > 0 ? { lookingUp: due.length } : undefined);
  const message = await postProgressMessage(client, { channelId: userId, userId }, first, log);
  if (due.length === 0) return;
  const match = await matchPeopleToSlack(ctx, lookUpByEmail(client), due);
  await message.show(renderImportDone(summary, match));
}
