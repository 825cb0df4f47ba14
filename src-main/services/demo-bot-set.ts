import type { TradingMode } from '../../src-shared/domain/mode.js';
import { saveBotRequest, type BotDto, type DemoBotsDto } from '../../src-shared/ipc/bots-schemas.js';
import { planDemoBots } from '../bots/demo-bots.js';
import type { Logger } from '../logging/logger.js';
import type { MarketDataApi } from '../market-data/types.js';
import { OPTION_STRATEGIES } from '../strategies/options/index.js';
import { STRATEGIES } from '../strategies/index.js';
import type { BotService } from './bot-service.js';
import type { OrderService } from './order-service.js';

/** How long a fresh demo start waits for the order path's start-up reconciliation before starting its bots. */
const RECONCILE_WAIT_MS = 20_000;

export interface DemoBotSetOptions {
  /** Off unless the app's own entry points ask for it (tests build workstations that must stay quiet). */
  enabled: boolean;
  log: Logger;
  /** The mode trading runs in now. */
  mode: () => TradingMode;
  /** The mode the trader asked for (the command line's, else the stored one): demo after a fallback from paper is not a demo start. */
  wantedMode: () => TradingMode;
  /** The ids of the demo set once offered (null: never offered in this data folder). */
  offered: { get: () => string[] | null; set: (ids: string[]) => void };
  bots: () => BotService;
  orders: () => OrderService;
  marketData: () => MarketDataApi;
}

/**
 * The demo bots a newcomer sees running on a fresh demo start: one per strategy family, each with a share of the
 * demo account. Offered once per data folder (the setting records it, so bots the trader deletes stay deleted),
 * and only when the workstation trades demo because the trader chose demo: never in paper or live.
 */
export class DemoBotSet {
  constructor(private readonly options: DemoBotSetOptions) {}

  /** Creates and starts the set if this is a fresh demo start with the option on; answers the bots created. */
  async offer(): Promise<BotDto[]> {
    const o = this.options;
    if (!o.enabled) return [];
    // Enforced here, not only by the caller: a bot never trades a real (paper or live) account unasked.
    if (o.mode() !== 'demo' || o.wantedMode() !== 'demo') return [];
    if (o.offered.get() !== null) return [];
    const bots = o.bots();
    if (bots.list().length > 0) {
      // A data folder with bots of its own is not a fresh one: record the offer as declined.
      o.offered.set([]);
      return [];
    }
    const orders = o.orders();
    if (!orders.ready) return [];
    const { account } = await orders.manager.accountSnapshot();
    const listed = (await o.marketData().demoUniverse?.()) ?? [];
    // Modes can change while the account was asked: check again before anything is saved.
    if (o.mode() !== 'demo' || o.offered.get() !== null) return [];
    const plan = planDemoBots(listed, Number(account.equity), (name) => STRATEGIES.has(name) || OPTION_STRATEGIES.has(name));
    const created: BotDto[] = [];
    for (const request of plan) {
      const { family: _family, ...save } = request;
      const before = new Set(bots.list().map((b) => b.id));
      const bot = bots.save(saveBotRequest.parse(save)).find((b) => !before.has(b.id));
      if (bot) created.push(bot);
    }
    o.offered.set(created.map((b) => b.id));
    // The stock bot joins the trend at its start; an order before the start-up reconciliation is refused
    // (NOT_RECONCILED), so the set starts once the order path takes orders, or after a bounded wait.
    await this.reconciled(orders);
    o.log.info('bots', `demo start: ${created.length} demo bots created (${created.map((b) => `${b.name}: ${b.strategy}, ${b.allocation}`).join('; ')}); stop them from the Welcome tab or the Bots tab`);
    for (const bot of created) {
      try {
        await bots.startBot(bot.id);
      } catch (error) {
        o.log.warn('bots', `demo bot ${bot.name} did not start: ${error instanceof Error ? error.message : String(error)}`, { bot: bot.id });
      }
    }
    return created;
  }

  private async reconciled(orders: OrderService): Promise<void> {
    const deadline = Date.now() + RECONCILE_WAIT_MS;
    while (orders.manager.reconciliation === undefined && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    if (orders.manager.reconciliation === undefined) this.options.log.warn('bots', `demo start: the start-up reconciliation has not finished after ${RECONCILE_WAIT_MS / 1000} s; the demo bots start anyway and their first orders may be refused`);
  }

  /** The demo set still present (the trader may have deleted some), and whether it was ever offered. */
  list(): DemoBotsDto {
    const ids = this.options.offered.get();
    if (ids === null) return { offered: false, bots: [] };
    const mine = new Set(ids);
    return { offered: true, bots: this.options.bots().list().filter((b) => mine.has(b.id)) };
  }

  /** Stops every demo bot (they stay, stopped, for the trader to start or delete). */
  stopAll(): DemoBotsDto {
    const bots = this.options.bots();
    for (const bot of this.list().bots) if (bot.state !== 'stopped') bots.stopBot(bot.id);
    return this.list();
  }
}
