import type { WebPages } from '../page.js';
import { bookingPage } from './booking.js';

/** Each link action's page. */
export const webPages: WebPages = {
  booking: bookingPage,
};
