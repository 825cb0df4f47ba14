import type { ExchangeClock } from '../../clock.js';
import type { MarketSource } from '../../market/types.js';
import type { Route } from '../../server/route-types.js';
import { optionRoutes } from './options.js';
import { stockRoutes } from './stocks.js';

/** Every market data REST route (stocks v2, options v1beta1). Literal paths come before `:symbol` patterns. */
export function marketDataRoutes(market: MarketSource, clock: ExchangeClock): Route[] {
  const routes = [...stockRoutes(market, clock), ...optionRoutes(market, clock)];
  const literal = (r: Route): number => (r.path.includes(':') ? 1 : 0);
  return routes.sort((a, b) => literal(a) - literal(b));
}
