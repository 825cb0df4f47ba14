import { invalidInput } from '../../broker/errors.js';
import { newYorkHourMinute, newYorkRfc3339 } from '../../broker/time-format.js';
import type { ExchangeClock } from '../../clock.js';
import type { MarketSource } from '../../market/types.js';
import type { Route } from '../../server/route-types.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** /v2/clock (exchange-local offsets, like the recorded clock.json) and /v2/calendar. */
export function clockCalendarRoutes(market: MarketSource, clock: ExchangeClock): Route[] {
  return [
    {
      method: 'GET',
      path: '/v2/clock',
      handler: () => {
        const now = clock.now();
        return {
          status: 200,
          body: {
            timestamp: newYorkRfc3339(now),
            is_open: market.calendar.isRegularHours(now),
            next_open: newYorkRfc3339(market.calendar.nextOpen(now)),
            next_close: newYorkRfc3339(market.calendar.nextClose(now)),
          },
        };
      },
    },
    {
      method: 'GET',
      path: '/v2/calendar',
      handler: (req) => {
        const today = newYorkRfc3339(clock.now()).slice(0, 10);
        const start = req.query.get('start')?.slice(0, 10) || '1970-01-01';
        const end = req.query.get('end')?.slice(0, 10) || `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`;
        if (!DATE.test(start) || !DATE.test(end)) throw invalidInput('invalid start or end');
        const sessions = market.calendar.sessions(start, end);
        return {
          status: 200,
          body: sessions.map((session) => ({
            date: session.date,
            open: newYorkHourMinute(session.open),
            close: newYorkHourMinute(session.close),
            session_open: newYorkHourMinute(session.sessionOpen).replace(':', ''),
            session_close: newYorkHourMinute(session.sessionClose).replace(':', ''),
          })),
        };
      },
    },
  ];
}
