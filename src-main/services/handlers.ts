import { CodedError } from '../../src-shared/ipc/errors.js';
import type { SystemInfo } from '../../src-shared/ipc/schemas.js';
import type { EventHub } from '../ipc/event-hub.js';
import { preciseEpochMs } from '../ipc/event-hub.js';
import type { ContractHandlers } from '../ipc/handlers.js';
import type { Logger } from '../logging/logger.js';
import type { SettingsStore } from '../storage/settings-store.js';
import type { appSettingSchemas } from '../storage/app-settings.js';
import type { MarketDataApi } from '../market-data/types.js';
import { createIndicatorHandlers } from './indicator-handlers.js';
import { measureLoopDelay } from './loop-monitor.js';
import { createMarketDataHandlers } from './market-data-handlers.js';
import { createNewsHandlers } from './news-handlers.js';
import { createOrderHandlers } from './order-handlers.js';
import { createBacktestHandlers } from './backtest-handlers.js';
import { createOptionsHandlers } from './options-handlers.js';
import { createMlHandlers } from './ml-handlers.js';
import { createLlmHandlers, type LlmHandlerDeps } from './llm-handlers.js';
import { createOpportunityHandlers } from './opportunity-handlers.js';
import type { OpportunityService } from './opportunity-service.js';
import type { MlService } from '../ml/ml-service.js';
import type { OptionsService } from '../options/options-service.js';
import { createDistributedHandlers } from './distributed-handlers.js';
import type { TradingSession } from './trading-session.js';
import type { TradingMode } from '../../src-shared/domain/mode.js';
import type { TradingStatus } from '../../src-shared/ipc/trading-schemas.js';
import type { BacktestService } from './backtest-service.js';
import type { OrderService } from './order-service.js';
import type { ServiceRegistry } from './registry.js';
import { createSecretsHandlers } from './secrets-handlers.js';
import { createAlertHandlers } from './alert-handlers.js';
import { createBotHandlers } from './bot-handlers.js';
import type { MetaAllocationService } from './meta-allocation-service.js';
import { createRiskHandlers } from './risk-handlers.js';
import { createRiskReportHandlers } from './risk-report-handlers.js';
import type { BotService } from './bot-service.js';
import type { DemoBotSet } from './demo-bot-set.js';
import type { AlertService } from './alert-service.js';
import type { SecretsService } from './secrets-service.js';

export interface HandlerDeps {
  info: () => SystemInfo;
  registry: ServiceRegistry;
  log: Logger;
  hub: EventHub;
  settings: () => SettingsStore<typeof appSettingSchemas>;
  marketData: () => MarketDataApi;
  secrets: () => SecretsService;
  alerts: () => AlertService;
  orders: () => OrderService;
  backtest: () => BacktestService;
  bots: () => BotService;
  /** The demo set a fresh demo start creates (Welcome tab). */
  demoBots?: () => DemoBotSet;
  /** The live meta-allocation of the bots' capital. */
  metaAllocation?: () => MetaAllocationService;
  options: () => OptionsService;
  ml: () => MlService;
  llm: LlmHandlerDeps;
  opportunities: () => OpportunityService;
  trading: () => TradingSession;
  switchMode: (mode: TradingMode, confirmation: string | undefined) => Promise<TradingStatus>;
}

const BURST_CHUNK = 2000;

/** Every invoke of the contract, implemented against main's services. */
export function createHandlers(deps: HandlerDeps): ContractHandlers {
  const riskReport = createRiskReportHandlers({ orders: deps.orders, marketData: deps.marketData, options: deps.options });
  return {
    system: {
      info: () => deps.info(),
      health: () => {
        const services = deps.registry.health();
        return { ok: services.every((s) => s.state === 'ok'), services };
      },
      recentLogs: ({ limit }) => deps.log.recent(limit),
      measureEventLoop: async ({ durationMs }, { signal }) => {
        try {
          return await measureLoopDelay(durationMs, signal);
        } catch (error) {
          if (signal.aborted) throw new CodedError('CANCELLED', 'measurement cancelled');
          throw error;
        }
      },
    },
    settings: {
      get: ({ key }) => ({ key, value: deps.settings().get(key) }),
      set: ({ key, value }) => ({ key, updatedAt: deps.settings().set(key, value) }),
    },
    marketData: createMarketDataHandlers(deps.marketData),
    news: createNewsHandlers(deps.marketData),
    risk: { ...createRiskHandlers({ orders: deps.orders, settings: deps.settings }), report: riskReport.report },
    portfolio: riskReport.portfolio,
    indicators: createIndicatorHandlers(deps.marketData),
    secrets: createSecretsHandlers(deps.secrets),
    alerts: createAlertHandlers(deps.alerts),
    orders: createOrderHandlers(deps.orders),
    backtest: createBacktestHandlers(deps.backtest),
    distributed: createDistributedHandlers(),
    bots: createBotHandlers(deps.bots, deps.demoBots, deps.metaAllocation),
    options: createOptionsHandlers(deps.options),
    ml: createMlHandlers(deps.ml),
    llm: createLlmHandlers(deps.llm),
    opportunities: createOpportunityHandlers(deps.opportunities),
    trading: {
      status: () => deps.trading().status(),
      setMode: ({ mode, confirmation }) => deps.switchMode(mode, confirmation),
    },
    diagnostics: {
      burst: async ({ count, coalesced, ratePerSecond }, { signal }) => {
        const channel = coalesced ? 'diagnostics.pulse' : 'diagnostics.pulseImmediate';
        const started = performance.now();
        let seq = 0;
        // Chunks with a macrotask between them, so a big burst never holds main's loop for long. With a rate,
        // each chunk publishes what is due by now and then sleeps a millisecond.
        while (seq < count) {
          if (signal.aborted) throw new CodedError('CANCELLED', `burst cancelled after ${seq} events`);
          const due = ratePerSecond ? Math.floor(((performance.now() - started) * ratePerSecond) / 1000) + 1 : count;
          const end = Math.min(count, seq + BURST_CHUNK, Math.max(seq, due));
          for (; seq < end; seq++) deps.hub.publish(channel, { seq, sentAtMs: preciseEpochMs() });
          await new Promise<void>((resolve) => (ratePerSecond ? setTimeout(resolve, 1) : setImmediate(resolve)));
        }
        return { sent: seq, durationMs: performance.now() - started };
      },
    },
  };
}
