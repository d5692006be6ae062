import type { WebPages } from '../page.js';
import { wizardPage } from './wizard.js';

/** Each link action's page. */
export const webPages: WebPages = {
  wizard: wizardPage,
};
