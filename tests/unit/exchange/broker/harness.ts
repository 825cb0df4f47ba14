import { SimulatedClock } from '../../../../src-main/exchange/clock.js';
import { Broker, type BrokerOptions } from '../../../../src-main/exchange/broker/broker.js';
import type { TradeUpdateData } from '../../../../src-main/exchange/broker/model.js';
import { FakeMarket, S1 } from './fake-market.js';

export const KEY = 'PKTEST';
export const MIN = 60_000;

/** A broker over a scripted market with a stopped clock, a manual venue queue and a log of trade_updates. */
export function setup(options: BrokerOptions & { at?: number } = {}) {
  const market = new FakeMarket();
  const at = options.at ?? S1.open + 30 * MIN;
  const clock = new SimulatedClock(at, 0);
  const venue: (() => void)[] = [];
  const broker = new Broker(market, clock, { partialFillShare: 0, seed: 7, schedule: (task) => venue.push(task), ...options });
  const updates: TradeUpdateData[] = [];
  broker.onTradeUpdate((_key, update) => updates.push(update));
  const log = (): string[] =>
    updates.map((u) => {
      const o = u.order;
      const fill = u.price !== undefined ? ` ${u.qty}@${u.price} pos=${u.position_qty}` : '';
      return `${u.event} ${String(o.symbol)} ${String(o.side)} ${String(o.type)} ${String(o.status)}${fill}`;
    });
  const runVenue = (): void => {
    while (venue.length > 0) venue.shift()?.();
  };
  const state = () => {
    const account = broker.account(KEY);
    return {
      cash: account.cash.toFixed(),
      positions: Object.fromEntries([...account.positions.values()].map((p) => [p.symbol, p.qty.toFixed()])),
    };
  };
  const at2 = (t: number): void => clock.advanceTo(t);
  return { market, clock, broker, updates, log, runVenue, state, at: at2, now: () => clock.now() };
}
