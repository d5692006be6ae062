import { renderImportModal } from '../../../../../blocks/shared/import-modal.js';
import { type InventoryKind, inventoryKinds } from '../../../../domain/refresh/inventory/index.js';
import { invalid } from '../../../../services/errors.js';
import { requireAdmin } from '../../../../services/people/access.js';
import { ids } from '../../../ids.js';
import type { SubcommandInteraction, SubcommandReply } from '../../../plumbing/subcommands.js';

const isKind = (word: string): word is InventoryKind => (inventoryKinds as readonly string[]).includes(word);

/** `/otto import [kind]` — admins only: opens the import modal, the kind chosen when named. */
export async function importSubcommand({
  ctx,
  userId,
  words,
  triggerId,
  client,
}: SubcommandInteraction): Promise<SubcommandReply | undefined> {
  await requireAdmin(ctx, userId, 'import inventory');
  const [word] = words;
  const kind = word?.toLowerCase().replace(/-/g, '_');
  if (kind !== undefined && !isKind(kind)) {
    throw invalid(`Otto imports ${inventoryKinds.join(', ')}; not “${word?.slice(0, 40)}”.`);
  }
  await client.views.open({
    trigger_id: triggerId,
    view: renderImportModal({ callbackId: ids.inventoryImport, ...(kind ? { kind } : {}) }),
  });
  return undefined;
}
