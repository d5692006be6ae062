import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import { importBlocks as B } from '../../../../../blocks/shared/import-modal.js';
import { renderImportDone } from '../../../../../blocks/shared/import-result.js';
import {
  describeLineErrors,
  describeRefusal,
  type ImportSummary,
  inventoryKinds,
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
import { postProgressMessage } from '../../../plumbing/progress-message.js';
import type { KnownIds } from '../../index.js';
import { onView, type ViewArgs } from '../../register.js';

const SlackFile = z.object({
  name: z.string().optional(),
  size: z.number().optional(),
  url_private: z.url(),
  url_private_download: z.url().optional(),
});

/** The modal's state as Slack sends it; the two CSV inputs are optional. */
const ImportForm = z.object({
  [B.kind.block]: z.object({
    [B.kind.action]: z.object({ selected_option: z.object({ value: z.enum(inventoryKinds) }) }),
  }),
  [B.csv.block]: z.object({ [B.csv.action]: z.object({ value: z.string().nullish() }) }).optional(),
  [B.file.block]: z.object({ [B.file.action]: z.object({ files: z.array(SlackFile).nullish() }) }).optional(),
});

/** Files the modal takes; Slack delivers them before the 3-second answer is due. */
const fileLimits = { maxBytes: 2_000_000, timeoutMs: 2000 };
/** Line errors shown in the modal; the rest are counted. */
const shownErrors = 10;

/** The `/otto import` modal's submission: bad rows are answered on the field, a good file closes it. */
export function registerImportView(app: App, ctx: ServiceContext, known: KnownIds): void {
  onView(app, known, ids.inventoryImport, async ({ ack, body, view, client, logger }: ViewArgs) => {
    const log = logger.error.bind(logger);
    const form = ImportForm.safeParse(view.state.values);
    if (!form.success) {
      await ack({ response_action: 'errors', errors: { [B.kind.block]: 'Choose what to import.' } });
      return;
    }
    const kind = form.data[B.kind.block][B.kind.action].selected_option.value;
    const typed = form.data[B.csv.block]?.[B.csv.action].value ?? '';
    const pasted = typed.trim() === '' ? undefined : typed;
    const [file, ...moreFiles] = form.data[B.file.block]?.[B.file.action].files ?? [];
    if (pasted && file) {
      await ack({
        response_action: 'errors',
        errors: { [B.csv.block]: 'Paste the rows or attach a file, not both.' },
      });
      return;
    }
    if (!pasted && !file) {
      await ack({
        response_action: 'errors',
        errors: { [B.csv.block]: 'Paste the rows here, or attach a CSV file below.' },
      });
      return;
    }
    const field = file ? B.file.block : B.csv.block;
    if (moreFiles.length > 0) {
      await ack({ response_action: 'errors', errors: { [field]: 'Attach one file at a time.' } });
      return;
    }

    let outcome: ReturnType<typeof importInventory>;
    try {
      const csv = file ? await downloadSlackFile(client, file, fileLimits) : typed;
      outcome = importInventory(ctx, { actor: body.user.id, kind, csv });
    } catch (error) {
      await ack({ response_action: 'errors', errors: { [field]: explainError(error, log) } });
      return;
    }
    if (!outcome.ok) {
      const { errors } = outcome;
      await ack({
        response_action: 'errors',
        errors: { [field]: `${describeRefusal(errors)}\n${describeLineErrors(errors, shownErrors)}` },
      });
      return;
    }
    await ack();

    try {
      await reportAndMatch(ctx, client, body.user.id, outcome.summary, log);
    } catch (error) {
      // The import is committed; only the DM or the Slack matching failed, and the next import retries the matching.
      log('import: telling the admin or matching Slack accounts failed', error);
    }
  });
}

/** Tells the admin what the import did at once, then matches people to Slack and says so in the same DM. */
async function reportAndMatch(
  ctx: ServiceContext,
  client: WebClient,
  userId: string,
  summary: ImportSummary,
  log: (...args: unknown[]) => void,
): Promise<void> {
  const due = findPeopleToMatch(ctx);
  const first = renderImportDone(summary, due.length > 0 ? { lookingUp: due.length } : undefined);
  const message = await postProgressMessage(client, { channelId: userId, userId }, first, log);
  if (due.length === 0) return;
  const match = await matchPeopleToSlack(ctx, lookUpByEmail(client), due);
  await message.show(renderImportDone(summary, match));
}
