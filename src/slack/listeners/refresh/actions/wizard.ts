import type { App } from '@slack/bolt';
import type { ServiceContext } from '../../../../services/context.js';
import { ids } from '../../../ids.js';
import type { KnownIds } from '../../index.js';
import { onAction, onOptions, onView } from '../../register.js';
import { submitWizardPage } from '../views/wizard-page.js';
import { loadWizardOptions } from './wizard-options.js';
import { redrawWizard } from './wizard-redraw.js';
import { startWizard } from './wizard-start.js';

/** The refresh wizard: Start/Continue, its pages' Next/Submit and Back, and its external selects. */
export function registerWizard(app: App, ctx: ServiceContext, known: KnownIds): void {
  onAction(app, known, ids.wizardStart, startWizard(ctx));
  onAction(app, known, ids.wizardBack, redrawWizard(ctx, 'back'));
  onAction(app, known, ids.wizardDeviceChoice, redrawWizard(ctx, 'stay'));
  // The computer select searches when the unit approves more than 100 models; a pick is a choice too.
  onAction(app, known, ids.wizardModelOptions, redrawWizard(ctx, 'stay'));
  onView(app, known, ids.wizardPage, submitWizardPage(ctx));
  onOptions(app, known, ids.wizardModelOptions, loadWizardOptions(ctx, 'models'));
  onOptions(app, known, ids.wizardPeripheralOptions, loadWizardOptions(ctx, 'peripherals'));
  onOptions(app, known, ids.wizardSoftwareOptions, loadWizardOptions(ctx, 'software'));
}
