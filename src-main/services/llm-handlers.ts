import { CodedError } from '../../src-shared/ipc/errors.js';
import type { LlmAnalysis } from '../../src-shared/ipc/llm-schemas.js';
import type { ContractHandlers } from '../ipc/handlers.js';
import { analyze, type LlmLimits, type LlmPrices } from '../llm/analyze.js';
import { LLM_KEY_ENV } from '../llm/api-key.js';
import { contextFromBars, type ContextPosition } from '../llm/context.js';
import { LlmError } from '../llm/errors.js';
import { usageLogPath } from '../llm/usage-log.js';
import type { MarketDataApi } from '../market-data/types.js';
import { columnsFromBars } from '../../src-shared/domain/bar-columns.js';

/** Where the analysis goes and what it may spend (the workstation's options; env on the headless host). */
export interface LlmSettings {
  baseUrl?: string;
  model?: string;
  timeoutMs?: number;
  limits?: Partial<LlmLimits>;
  prices?: LlmPrices;
}

/**
 * What the `llm` handlers read, each a read-only view: the bars, the position and the risk figures. The order
 * service itself is not handed in, so no code path from here reaches the order manager.
 */
export interface LlmHandlerDeps {
  dataDir: string;
  settings: () => LlmSettings;
  marketData: () => MarketDataApi;
  position: (symbol: string) => ContextPosition | null;
  risk: () => Promise<Record<string, number>>;
  /** The keychain's (or encrypted file's) key, else the environment's. */
  apiKey: () => Promise<string | null>;
}

const DAILY_BARS = 250;

export function createLlmHandlers(deps: LlmHandlerDeps): ContractHandlers['llm'] {
  return {
    analyze: async ({ symbol, model }, { signal }): Promise<LlmAnalysis> => {
      try {
        const apiKey = await deps.apiKey();
        if (!apiKey) throw new LlmError('LLM_NO_KEY', `no LLM API key: save one in Settings (or set ${LLM_KEY_ENV} for the headless host)`);
        const { bars } = await deps.marketData().bars({ symbol, timeframe: '1Day', limit: DAILY_BARS }, signal);
        if (bars.length < 2) throw new LlmError('LLM_BAD_INPUT', `${symbol}: no daily bars to analyse`);
        const risk = await deps.risk().catch(() => ({}));
        const context = contextFromBars({ symbol, ...columnsFromBars(bars) }, { position: deps.position(symbol), risk });
        const settings = deps.settings();
        return await analyze(context, {
          apiKey,
          usageLogFile: usageLogPath(deps.dataDir),
          signal,
          ...(settings.baseUrl ? { baseUrl: settings.baseUrl } : {}),
          ...(model ?? settings.model ? { model: (model ?? settings.model)! } : {}),
          ...(settings.timeoutMs ? { timeoutMs: settings.timeoutMs } : {}),
          ...(settings.limits ? { limits: settings.limits } : {}),
          ...(settings.prices ? { prices: settings.prices } : {}),
        });
      } catch (error) {
        // The GUI shows the message: the LLM's own reason leads it, the IPC code stays for logic.
        if (error instanceof LlmError) throw new CodedError(error.code, `${error.failure}: ${error.message}`);
        throw error;
      }
    },
  };
}
