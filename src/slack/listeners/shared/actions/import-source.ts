import type { App } from '@slack/bolt';
import { z } from 'zod';
import {
  importBlocks as B,
  importSources,
  renderImportModal,
} from '../../../../../blocks/shared/import-modal.js';
import { inventoryKinds } from '../../../../domain/refresh/inventory/index.js';
import type { ServiceContext } from '../../../../services/context.js';
import { requireAdmin } from '../../../../services/people/access.js';
import { ids } from '../../../ids.js';
import { answerButton, redrawModal } from '../../../plumbing/button.js';
import { element, input, readForm } from '../../../plumbing/modal-form.js';
import type { KnownIds } from '../../index.js';
import { onAction } from '../../register.js';

const Source = z.enum(importSources);
const KindInput = {
  kind: input(
    B.kind.block,
    B.kind.action,
    element.choice.transform((value) => z.enum(inventoryKinds).safeParse(value).data),
  ),
};

/** The import modal's "How": shows the input for the way chosen (paste or attach), the kind kept. */
function showImportSource(ctx: ServiceContext) {
  return answerButton(ctx, {
    read: ({ raw, place }) => {
      if (place.kind !== 'modal') return undefined;
      const source = Source.safeParse(raw).data;
      const form = readForm(KindInput, place.values, 'unreadable');
      if (!source || !form.ok) return undefined;
      return { source, kind: form.values.kind };
    },
    staleNote: 'That import form is out of date, so nothing changed in it. `/otto import` opens it again.',
    run: async ({ source, kind }, { userId }) => {
      await requireAdmin(ctx, userId, 'import inventory');
      return renderImportModal({ callbackId: ids.inventoryImport, source, ...(kind ? { kind } : {}) });
    },
    answer: redrawModal,
  });
}

export function registerImportActions(app: App, ctx: ServiceContext, known: KnownIds): void {
  onAction(app, known, B.how.action, showImportSource(ctx));
}
