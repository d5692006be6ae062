import type { WebPages } from '../page.js';

/** Each link action's page. */
export const webPages: WebPages = {};
