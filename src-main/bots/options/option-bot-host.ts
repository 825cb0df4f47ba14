import type { ChainResponse } from '../../../src-shared/ipc/options-schemas.js';
import type { EpochMs } from '../../../src-shared/time.js';
import { nyDate, nyTime } from '../../exchange/market/ny-time.js';
import type { OrderLog } from '../../kernel/orders/order-events.js';
import type { OrderManager } from '../../kernel/orders/order-manager.js';
import type { OptionStrategyDefinition } from '../../kernel/strategy/options.js';
import type { MarketDataApi } from '../../market-data/types.js';
import { OptionBot, type OptionBotAction } from './option-bot.js';
import { OptionLedger } from './option-ledger.js';

/** Where a live OptionsBot reads its chain and the IV history behind IV rank (the options service). */
export interface OptionChains {
  chain(underlying: string, expiry: string | undefined): Promise<ChainResponse>;
  /** Recorded daily 30-day ATM IVs, oldest first; throws when there is no history store. */
  ivHistory?(underlying: string, days?: number): { daily: ReadonlyArray<{ date: string; iv30: number }> };
}

export interface HostedOptionBot {
  bot: OptionBot;
  ledger: OptionLedger;
  /** Stops its schedule and takes its check out of the risk path. */
  release(): void;
}

/** How often the schedule looks at the market clock. */
const CHECK_MS = 30_000;
/** The decision's time in New York: half an hour before the regular close, while orders still fill. */
const DECIDE_AT = { hour: 15, minute: 30 };

/**
 * Runs an OptionsBot for the bot service: its ledger rebuilt from the journal and following new fills, its check in
 * the order manager's risk path, and one decision per trading day from 15:30 New York on the market's clock (the
 * demo exchange's, simulated or not), while the market is open. The daily close the backtest decides at is after
 * the session, when option orders no longer trade, so live decides half an hour before it at the price then.
 */
export function hostOptionBot(o: {
  id: string;
  definition: OptionStrategyDefinition;
  params: unknown;
  underlying: string;
  allocation: string;
  manager: () => OrderManager;
  market: () => MarketDataApi;
  chains: () => OptionChains;
  log: OrderLog;
  now: () => EpochMs;
  onActions?: (actions: OptionBotAction[]) => void;
  onError?: (error: unknown) => void;
}): HostedOptionBot {
  const manager = o.manager();
  const ledger = new OptionLedger(`bot:${o.id}`, o.allocation, o.underlying);
  ledger.rebuild(manager.orders(), manager.fills());
  const off = manager.events.on('fill', (fill) => {
    if (fill.clientOrderId !== null) ledger.onFill(fill, manager.order(fill.clientOrderId));
  });
  manager.setSourceCheck(ledger.source, ledger.check);
  const bot = new OptionBot({
    id: o.id,
    definition: o.definition,
    params: o.params,
    underlying: o.underlying,
    ledger,
    orders: { submit: (intent, source) => o.manager().submit(intent, source), order: (id) => o.manager().order(id), orders: () => o.manager().orders() },
    chain: () => o.chains().chain(o.underlying, undefined),
    dailyBars: async (count) => (await o.market().bars({ symbol: o.underlying, timeframe: '1Day', limit: count })).bars,
    ivHistory: () => {
      try {
        return Promise.resolve((o.chains().ivHistory?.(o.underlying).daily ?? []).map((d) => d.iv30));
      } catch {
        return Promise.resolve([]);
      }
    },
    log: o.log,
  });
  let decided = '';
  const tick = (): void => {
    const clock = o.market().marketClock?.();
    const now = clock?.now ?? o.now();
    const today = nyDate(now);
    // Options past expiry settle in the ledger as soon as a new day begins, not at the next decision.
    if (ledger.oldestUnsettled(today) !== undefined) {
      void bot.settleExpired(today).catch((error: unknown) => {
        try {
          o.onError?.(error);
        } catch {
          // nothing left to tell
        }
      });
    }
    if (!clock?.isOpen || decided === today || now < nyTime(today, DECIDE_AT.hour, DECIDE_AT.minute)) return;
    decided = today;
    // The callbacks' own failures end in onError too, and onError's are dropped: nothing here may reject unhandled.
    void bot
      .decide()
      .then((actions) => o.onActions?.(actions))
      .catch((error: unknown) => {
        try {
          o.onError?.(error);
        } catch {
          // nothing left to tell
        }
      });
  };
  const timer = setInterval(tick, CHECK_MS);
  timer.unref?.();
  return {
    bot,
    ledger,
    release: () => {
      clearInterval(timer);
      bot.stop();
      off();
      manager.setSourceCheck(ledger.source, undefined);
    },
  };
}
