import type { Broker } from '../../broker/broker.js';
import type { ExchangeClock } from '../../clock.js';
import type { MarketSource } from '../../market/types.js';
import type { Route } from '../../server/route-types.js';
import { accountRoutes } from './account.js';
import { assetRoutes } from './assets.js';
import { clockCalendarRoutes } from './clock-calendar.js';
import { orderRoutes } from './orders.js';
import { positionRoutes } from './positions.js';
import { tradeEventRoutes } from './trade-events.js';

/** Every trading REST endpoint of Alpaca's API v2 (README §3), backed by the paper broker. */
export function tradingRoutes(broker: Broker, market: MarketSource, clock: ExchangeClock): Route[] {
  return [...accountRoutes(broker), ...orderRoutes(broker), ...positionRoutes(broker), ...assetRoutes(broker, market), ...clockCalendarRoutes(market, clock), ...tradeEventRoutes(broker)];
}
