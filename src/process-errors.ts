import type { Logger } from './logger.js';

/**
 * A promise nobody awaited that fails is logged and the app keeps serving: one stray rejection must
 * not end every request and job in flight. A thrown exception nobody caught is logged as one line and
 * ends the process with 1, as Node advises: the code it left half-done may hold anything.
 */
export function logProcessErrors(logger: Pick<Logger, 'error'>): void {
  process.on('unhandledRejection', (reason) => {
    logger.error('Unhandled promise rejection; Otto keeps running:', reason);
  });
  process.on('uncaughtException', (error) => {
    logger.error('Uncaught exception; Otto stops:', error);
    process.exit(1);
  });
}
