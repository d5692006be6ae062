import type { App } from '@slack/bolt';
import { z } from 'zod';
import {
  importBlocks as B,
  importSetOf,
  importSets,
  importSources,
  renderImportModal,
} from '../../../../../blocks/shared/import-modal.js';
import { deskKinds } from '../../../../domain/desk/csv.js';
import { inventoryKinds } from '../../../../domain/refresh/inventory/index.js';
import type { ServiceContext } from '../../../../services/context.js';
import { requireDeskAdmin } from '../../../../services/desk/setup/access.js';
import { requireAdmin } from '../../../../services/people/access.js';
import { answerButton, redrawModal } from '../../../plumbing/button.js';
import { element, input, readForm } from '../../../plumbing/modal-form.js';
import type { KnownIds } from '../../index.js';
import { onAction } from '../../register.js';

const Source = z.enum(importSources);
const KindInput = {
  kind: input(
    B.kind.block,
    B.kind.action,
    element.choice.transform((value) => z.enum([...inventoryKinds, ...deskKinds]).safeParse(value).data),
  ),
};

/** The import modal's "How": shows the input for the way chosen (paste or attach), the kind kept. */
function showImportSource(ctx: ServiceContext) {
  return answerButton(ctx, {
    read: ({ raw, place }) => {
      if (place.kind !== 'modal') return undefined;
      const source = Source.safeParse(raw).data;
      const form = readForm(KindInput, place.values, 'unreadable');
      // The modal's metadata says which import it is (none: one opened before there were two).
      const set = z.enum(importSets).safeParse(place.metadata || 'inventory').data;
      if (!source || !form.ok || !set) return undefined;
      const { kind } = form.values;
      if (kind !== undefined && importSetOf(kind) !== set) return undefined;
      return { source, kind, set };
    },
    staleNote: 'That import form is out of date, so nothing changed in it. `/otto import` opens it again.',
    run: async ({ source, kind, set }, { userId }) => {
      if (set === 'desk') await requireDeskAdmin(ctx, userId, 'import the desk’s set-up');
      else await requireAdmin(ctx, userId, 'import inventory');
      return renderImportModal({ set, source, ...(kind ? { kind } : {}) });
    },
    answer: redrawModal,
  });
}

export function registerImportActions(app: App, ctx: ServiceContext, known: KnownIds): void {
  onAction(app, known, B.how.action, showImportSource(ctx));
}
