import type { App } from '@slack/bolt';
import { md, mdLines, messageText } from '../../../../../blocks/shared/text.js';
import { describeDeskImport, deskKinds } from '../../../../domain/desk/csv.js';
import type { ServiceContext } from '../../../../services/context.js';
import { importDesk } from '../../../../services/desk/setup/import-desk.js';
import { ids } from '../../../ids.js';
import { handleSubmission } from '../../../plumbing/submission.js';
import type { KnownIds } from '../../index.js';
import { onView } from '../../register.js';
import { answerImport } from '../../shared/views/import.js';

/** `/otto import groups|categories|accounts|rules`: refused line by line, or imported and told by DM. */
function submitDeskImport(ctx: ServiceContext) {
  return handleSubmission(ctx, {
    ack: (submission) =>
      answerImport(deskKinds, submission, (actor) => (kind, csv) => importDesk(ctx, { actor, kind, csv })),
    lazy: async (summary, { userId, client }) => {
      await client.chat.postMessage({
        channel: userId,
        text: messageText(
          mdLines([
            md`:white_check_mark: Imported ${describeDeskImport(summary)}.`,
            md`\`/otto desk\` shows the desk’s set-up.`,
          ]),
        ),
      });
    },
  });
}

export function registerDeskImportView(app: App, ctx: ServiceContext, known: KnownIds): void {
  onView(app, known, ids.deskImport, submitDeskImport(ctx));
}
