import type { App } from '@slack/bolt';
import {
  modelOption,
  peripheralOption,
  unitOption,
} from '../../../../../blocks/refresh/modals/config-form.js';
import type { ServiceContext } from '../../../../services/context.js';
import {
  searchModels,
  searchPeripherals,
  searchUnits,
} from '../../../../services/refresh/configs/search-config-choices.js';
import { ids } from '../../../ids.js';
import type { KnownIds } from '../../index.js';
import { onAction, onOptions } from '../../register.js';
import { openConfigForm } from './config-open.js';
import { loadConfigOptions } from './config-options.js';
import { showConfigPage } from './config-page.js';
import { showConfigFormForStyle } from './config-style.js';

/** `/otto config`'s buttons and the config form's external select loaders. */
export function registerConfigActions(app: App, ctx: ServiceContext, known: KnownIds): void {
  onAction(app, known, ids.configEdit, openConfigForm(ctx, 'edit'));
  onAction(app, known, ids.configNew, openConfigForm(ctx, 'new'));
  onAction(app, known, ids.configPagePrevious, showConfigPage(ctx));
  onAction(app, known, ids.configPageNext, showConfigPage(ctx));
  onAction(app, known, ids.configStyle, showConfigFormForStyle(ctx));
  onOptions(app, known, ids.configUnitOptions, loadConfigOptions(ctx, searchUnits, unitOption));
  onOptions(app, known, ids.configModelOptions, loadConfigOptions(ctx, searchModels, modelOption));
  onOptions(
    app,
    known,
    ids.configPeripheralOptions,
    loadConfigOptions(ctx, searchPeripherals, peripheralOption),
  );
}
