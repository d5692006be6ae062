import type { ServerResponse } from 'node:http';
import type { CustomRoute } from '@slack/bolt';
import type { Logger } from './logger.js';
import type { ServiceContext } from './services/context.js';
import { getCalendarFeed } from './services/scheduling/calendar-feed.js';

function notFoundAnswer(res: ServerResponse): void {
  res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
  res.end('Not found\n');
}

/**
 * `GET /calendar/<team>.ics?token=…` (or `all.ics`): a subscribable iCalendar feed of schedule
 * slots. Feeds off, an unknown team and a wrong token all answer the same 404.
 */
export function calendarFeedRoute(ctx: ServiceContext, logger: Logger): CustomRoute {
  return {
    path: '/calendar/:feed.ics',
    method: ['GET'],
    handler: async (req, res) => {
      try {
        const token = new URL(req.url ?? '/', 'http://localhost').searchParams.get('token') ?? '';
        const body = await getCalendarFeed(ctx, {
          feed: String(req.params?.feed ?? ''),
          token,
          secret: ctx.calendarSecret,
        });
        if (body === undefined) return notFoundAnswer(res);
        res.writeHead(200, {
          'content-type': 'text/calendar; charset=utf-8',
          'cache-control': 'private, max-age=300',
        });
        res.end(body);
      } catch (error) {
        logger.error('could not build a calendar feed', error);
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('The calendar could not be built; try again later.\n');
      }
    },
  };
}
