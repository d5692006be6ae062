import { importSetOf, renderImportModal } from '../../../../../blocks/shared/import-modal.js';
import { deskKinds } from '../../../../domain/desk/csv.js';
import { inventoryKinds } from '../../../../domain/refresh/inventory/index.js';
import { requireDeskAdmin } from '../../../../services/desk/setup/access.js';
import { invalid } from '../../../../services/errors.js';
import { requireAdmin } from '../../../../services/people/access.js';
import type { SubcommandInteraction, SubcommandReply } from '../../../plumbing/subcommands.js';

/**
 * `/otto import [kind]` opens the import modal, the kind chosen when named: the refresh's
 * inventory for refresh admins, the desk's set-up (groups, categories, accounts, rules) for desk admins.
 */
export async function importSubcommand({
  ctx,
  userId,
  words,
  triggerId,
  client,
}: SubcommandInteraction): Promise<SubcommandReply | undefined> {
  const [word] = words;
  const kind = word?.toLowerCase().replace(/-/g, '_');
  const set = kind === undefined ? 'inventory' : importSetOf(kind);
  if (set === undefined) {
    throw invalid(
      `Otto imports ${[...inventoryKinds, ...deskKinds].join(', ')}; not “${word?.slice(0, 40)}”.`,
    );
  }
  if (set === 'desk') await requireDeskAdmin(ctx, userId, 'import the desk’s set-up');
  else await requireAdmin(ctx, userId, 'import inventory');
  await client.views.open({
    trigger_id: triggerId,
    view: renderImportModal({ set, ...(kind ? { kind: kind as never } : {}) }),
  });
  return undefined;
}
