import type { WebPages } from '../page.js';
import { bookingPage } from './booking.js';
import { wizardPage } from './wizard.js';

/** Each link action's page. */
export const webPages: WebPages = {
  booking: bookingPage,
  wizard: wizardPage,
};
