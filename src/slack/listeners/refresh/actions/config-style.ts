import { z } from 'zod';
import { renderConfigForm } from '../../../../../blocks/refresh/modals/config-form.js';
import { refreshStyles } from '../../../../domain/refresh/enums.js';
import type { ServiceContext } from '../../../../services/context.js';
import {
  type ConfigOptionKey,
  configOptionKeys,
} from '../../../../services/refresh/configs/config-fields.js';
import { draftConfigForm } from '../../../../services/refresh/configs/draft-config-form.js';
import { answerButton, redrawModal } from '../../../plumbing/button.js';
import { configFormMetadata } from '../../../values/refresh.js';
import { readConfigForm } from '../views/config-save.js';

const Style = z.enum(refreshStyles);

/**
 * The config form's Style select: shows the form for the style picked (approvers required or
 * not, the location only where it is asked), with everything else as the admin left it.
 */
export function showConfigFormForStyle(ctx: ServiceContext) {
  return answerButton(ctx, {
    read: ({ raw, place }) => {
      if (place.kind !== 'modal') return undefined;
      const style = Style.safeParse(raw).data;
      const meta = configFormMetadata.parse(place.metadata);
      const fields = readConfigForm(place.values);
      if (!style || !meta || !fields || (meta.configId === null) !== (meta.updatedAt === null))
        return undefined;
      return { style, meta, fields };
    },
    staleNote: 'That config form is out of date, so nothing changed in it. `/otto config` opens it again.',
    run: async ({ style, meta, fields }, { userId }) => {
      const form = await draftConfigForm(ctx, userId, {
        configId: meta.configId,
        updatedAt: meta.updatedAt,
        name: fields.name,
        unitId: fields.unitId,
        style,
        options: Object.fromEntries(configOptionKeys.map((key) => [key, fields[key] === true])) as Record<
          ConfigOptionKey,
          boolean
        >,
        approvers: fields.approvers ?? [],
        proposedModelId: fields.proposedModelId,
        approvedModelIds: fields.approvedModelIds ?? [],
        bundlePeripheralIds: fields.bundlePeripheralIds ?? [],
        // The location's input is not shown for every style: what was typed there rides in the metadata.
        unitSpecifiedLocation: fields.unitSpecifiedLocation ?? meta.keptLocation ?? null,
      });
      return renderConfigForm(form);
    },
    answer: redrawModal,
  });
}
