import { z } from 'zod';
import {
  emptyRequest,
  healthReport,
  logEntry,
  loopDelayStats,
  systemInfo,
  systemMetrics,
} from './schemas.js';
import { rendererSettingKey } from './settings.js';
import { allocationLimitsSchema, allocationRequest, allocationResponse } from './allocation-schemas.js';
import { botIdRequest, botSchema, botsResponse, demoBotsResponse, saveBotRequest, setAllBotsRequest, stopBotRequest } from './bots-schemas.js';
import { botDetailRequest, botDetailResponse, botSummariesResponse, universesResponse } from './bot-detail-schemas.js';
import { botDecisionsRequest, botDecisionsResponse, botLocksRequest, botLocksResponse, unlockBotRequest } from './bot-framework-schemas.js';
import { setTradingModeRequest, tradingStatus } from './trading-schemas.js';
import { recordTicksRequest, tickRecordingResponse } from './tick-recording-schemas.js';
import {
  barEvent,
  barsRequest,
  barsResponse,
  storedSeriesResponse,
  deleteWatchlistRequest,
  marketDataStatus,
  quoteEvent,
  saveWatchlistRequest,
  snapshotRequest,
  snapshotResponse,
  tradeEvent,
  validateSymbolsRequest,
  validateSymbolsResponse,
  watchlistsResponse,
  watchRequest,
  watchResponse,
} from './market-data-schemas.js';
import { marketClockSchema } from './market-clock-schemas.js';
import { newsListRequest, newsListResponse, scoredHeadlineSchema } from './news-schemas.js';
import { riskLimitsResponse, riskLimitsSchema } from './risk-schemas.js';
import { rebalancePreviewRequest, rebalancePreviewResponse, riskReportRequest, riskReportResponse } from './risk-report-schemas.js';
import {
  compareResponseSchema,
  importCsvRequestSchema,
  importCsvResultSchema,
  monteCarloRequestSchema,
  monteCarloResultSchema,
  optimizeRequestSchema,
  optimizeResultSchema,
  progressEventSchema,
  runRequestSchema,
  runResultSchema,
  runSummarySchema,
  storedRunSchema,
  strategyInfoSchema,
  uploadCsvPartRequestSchema,
  uploadCsvPartResponseSchema,
} from './backtest-schemas.js';
import { queueCancelRequest, queueCancelResponse, queueStatusRequest, queueStatusResponse } from './distributed-schemas.js';
import { indicatorComputeRequest, indicatorComputeResponse, indicatorListResponse } from './services/indicators.js';
import { chainRequest, chainResponse, ivHistoryRequest, ivHistoryResponse, recordIvRequest, recordIvResponse } from './options-schemas.js';
import { llmAnalysis, llmAnalyzeRequest } from './llm-schemas.js';
import { opportunitiesLatestResponse, opportunitiesReliabilityResponse, opportunityListSchema } from './opportunities-schemas.js';
import { mlModelsResponse, mlPredictRequest, mlPredictResponse, mlProgressEvent, mlTrainRequest, mlTrainResponse } from './ml-schemas.js';
import {
  deleteCredentialRequest,
  saveAlpacaKeysRequest,
  saveLlmKeyRequest,
  secretsStatus,
  testAlpacaKeysRequest,
  testAlpacaKeysResponse,
} from './secrets-schemas.js';
import {
  alertHistoryRequest,
  alertHistoryResponse,
  alertRulesResponse,
  firedAlert,
  saveAlertRuleRequest,
} from './alerts-schemas.js';
import {
  alertSchema,
  cancelOrderRequest,
  denialSchema,
  fillRecordSchema,
  killSwitchRequest,
  killSwitchResponse,
  releaseHeldRequest,
  orderRecordSchema,
  ordersListRequest,
  ordersStatusSchema,
  positionRecordSchema,
  replaceOrderRequest,
  riskStateSchema,
  submitOrderRequest,
  submitOrderResponse,
  previewOrderRequest,
  previewOrderResponse,
  exerciseRequest,
  exerciseResponse,
  accountSnapshotSchema,
  algoStartRequest,
  algoProgressSchema,
  algoResponse,
} from './order-schemas.js';

/**
 * The one IPC contract between main and any GUI (Electron renderer or a browser on the headless host).
 * Per service: `invoke` entries (request and response schemas) and `event` entries (payload schema and how
 * the payloads are delivered). A channel's name is `<service>.<entry>`.
 *
 * `delivery: 'coalesced'` means main batches a subscription's payloads, at most COALESCE_MAX_BATCHES_PER_SECOND
 * batches a second; `'immediate'` sends every payload as its own batch of one (for rare events).
 */
export const COALESCE_MAX_BATCHES_PER_SECOND = 20;

interface InvokeSpec<Req extends z.ZodType = z.ZodType, Res extends z.ZodType = z.ZodType> {
  request: Req;
  response: Res;
  /** Calls that may run long accept cancellation; the router aborts their signal on cancel or disconnect. */
  cancellable?: boolean;
}
interface EventSpec<P extends z.ZodType = z.ZodType> {
  payload: P;
  delivery: 'coalesced' | 'immediate';
}
interface ServiceSpec {
  invoke: Record<string, InvokeSpec>;
  event: Record<string, EventSpec>;
}

function service<S extends ServiceSpec>(spec: S): S {
  return spec;
}

export const contract = {
  system: service({
    invoke: {
      info: { request: emptyRequest, response: systemInfo },
      health: { request: emptyRequest, response: healthReport },
      recentLogs: {
        request: z.strictObject({ limit: z.number().int().min(1).max(2000) }),
        response: z.array(logEntry),
      },
      /** Samples main's event-loop delay for a while; long, so cancellable. */
      measureEventLoop: {
        request: z.strictObject({ durationMs: z.number().int().min(50).max(60_000) }),
        response: loopDelayStats,
        cancellable: true,
      },
    },
    event: {
      metrics: { payload: systemMetrics, delivery: 'immediate' },
      log: { payload: logEntry, delivery: 'coalesced' },
    },
  }),
  settings: service({
    invoke: {
      get: {
        request: z.strictObject({ key: rendererSettingKey }),
        response: z.strictObject({ key: rendererSettingKey, value: z.unknown() }),
      },
      set: {
        request: z.strictObject({ key: rendererSettingKey, value: z.unknown() }),
        response: z.strictObject({ key: rendererSettingKey, updatedAt: z.number() }),
      },
    },
    event: {
      changed: {
        payload: z.strictObject({ key: rendererSettingKey, value: z.unknown() }),
        delivery: 'coalesced',
      },
    },
  }),
  /** Market data: history, snapshots, live interest and events, symbol validation, saved watchlists. */
  marketData: service({
    invoke: {
      bars: { request: barsRequest, response: barsResponse, cancellable: true },
      snapshot: { request: snapshotRequest, response: snapshotResponse },
      /** Holds live interest in symbols until cancelled (or the caller disconnects); see watchRequest. */
      watch: { request: watchRequest, response: watchResponse, cancellable: true },
      currentStatus: { request: emptyRequest, response: marketDataStatus },
      /** The exchange's clock (simulated in demo outside trading hours) and its session: pre, regular, post, closed. */
      clock: { request: emptyRequest, response: marketClockSchema },
      validateSymbols: { request: validateSymbolsRequest, response: validateSymbolsResponse },
      watchlists: { request: emptyRequest, response: watchlistsResponse },
      saveWatchlist: { request: saveWatchlistRequest, response: watchlistsResponse },
      deleteWatchlist: { request: deleteWatchlistRequest, response: watchlistsResponse },
      /** The series the history store holds (symbol, timeframe, first and last bar): what a chart can show from it. */
      storedSeries: { request: emptyRequest, response: storedSeriesResponse },
      /** Record a symbol's live quotes and trades into the history store (persisted per symbol); the list recorded. */
      recordTicks: { request: recordTicksRequest, response: tickRecordingResponse },
      tickRecording: { request: emptyRequest, response: tickRecordingResponse },
    },
    event: {
      bar: { payload: barEvent, delivery: 'coalesced' },
      quote: { payload: quoteEvent, delivery: 'coalesced' },
      trade: { payload: tradeEvent, delivery: 'coalesced' },
      status: { payload: marketDataStatus, delivery: 'immediate' },
    },
  }),
  /**
   * News through the market data endpoints (Alpaca's wire, or the local exchange's synthetic one in demo), every
   * headline scored by the sentiment word list: a window of history with per-symbol insights, and live headlines.
   */
  news: service({
    invoke: {
      list: { request: newsListRequest, response: newsListResponse, cancellable: true },
    },
    event: {
      headline: { payload: scoredHeadlineSchema, delivery: 'immediate' },
    },
  }),
  /** The indicator library: its metadata, and one indicator computed in main over bars or a symbol's history. */
  indicators: service({
    invoke: {
      list: { request: emptyRequest, response: indicatorListResponse },
      compute: { request: indicatorComputeRequest, response: indicatorComputeResponse, cancellable: true },
    },
    event: {},
  }),
  /** Orders, fills, positions and risk: every order passes main's risk engine, whatever asks for it. */
  orders: service({
    invoke: {
      status: { request: emptyRequest, response: ordersStatusSchema },
      submit: { request: submitOrderRequest, response: submitOrderResponse },
      cancel: { request: cancelOrderRequest, response: submitOrderResponse },
      replace: { request: replaceOrderRequest, response: submitOrderResponse },
      /** The journal's orders a page at a time, newest first (see ordersListRequest). */
      list: { request: ordersListRequest, response: z.array(orderRecordSchema) },
      fills: { request: emptyRequest, response: z.array(fillRecordSchema) },
      positions: { request: emptyRequest, response: z.array(positionRecordSchema) },
      denials: { request: z.strictObject({ limit: z.number().int().min(1).max(1000) }), response: z.array(denialSchema) },
      killSwitch: { request: killSwitchRequest, response: killSwitchResponse },
      /** Orders held (never sent) because trading was halted when a restart would have sent them; the trader decides. */
      held: { request: emptyRequest, response: z.array(orderRecordSchema) },
      releaseHeld: { request: releaseHeldRequest, response: submitOrderResponse },
      resume: { request: z.strictObject({ source: z.string().min(1).optional() }), response: riskStateSchema },
      /** The ticket's preview: the risk verdict, estimated cost and buying power after, nothing sent. */
      preview: { request: previewOrderRequest, response: previewOrderResponse },
      /** Exercise a long option contract held (all of it), after the trader's confirmation in the Blotter. */
      exercise: { request: exerciseRequest, response: exerciseResponse },
      account: { request: emptyRequest, response: accountSnapshotSchema },
      /** Execution algorithms (TWAP, VWAP, POV, iceberg): start, cancel (cancels the children), list. */
      algoStart: { request: algoStartRequest, response: algoResponse },
      algoCancel: { request: z.strictObject({ id: z.string().min(1) }), response: algoResponse },
      algos: { request: emptyRequest, response: z.array(algoProgressSchema) },
    },
    event: {
      order: { payload: orderRecordSchema, delivery: 'coalesced' },
      fill: { payload: fillRecordSchema, delivery: 'coalesced' },
      alert: { payload: alertSchema, delivery: 'immediate' },
      risk: { payload: riskStateSchema, delivery: 'immediate' },
      algo: { payload: algoProgressSchema, delivery: 'coalesced' },
    },
  }),
  /** The risk limits every order passes (Settings), stored in main, with how much of each the account uses now. */
  risk: service({
    invoke: {
      limits: { request: emptyRequest, response: riskLimitsResponse },
      setLimits: { request: riskLimitsSchema, response: riskLimitsResponse },
      /** The Portfolio & risk tab's figures: exposures, beta, VaR/ES, correlations, greeks, drawdown, limits used. */
      report: { request: riskReportRequest, response: riskReportResponse, cancellable: true },
    },
    event: {},
  }),
  /** The optimiser's rebalance of the book: targets and trades, each previewed by the risk engine; nothing is sent here. */
  portfolio: service({
    invoke: {
      rebalancePreview: { request: rebalancePreviewRequest, response: rebalancePreviewResponse, cancellable: true },
    },
    event: {},
  }),
  /**
   * Credentials (keychain, encrypted file, or the host's environment). A secret enters only through a save
   * request; replies and events carry whether a key is set, where, and its key id's last four characters.
   */
  secrets: service({
    invoke: {
      status: { request: emptyRequest, response: secretsStatus },
      saveAlpacaKeys: { request: saveAlpacaKeysRequest, response: secretsStatus },
      saveLlmKey: { request: saveLlmKeyRequest, response: secretsStatus },
      delete: { request: deleteCredentialRequest, response: secretsStatus },
      /** A real call to the account endpoint with the stored keys. */
      testAlpacaKeys: { request: testAlpacaKeysRequest, response: testAlpacaKeysResponse },
    },
    event: {
      changed: { payload: secretsStatus, delivery: 'immediate' },
    },
  }),
  /**
   * Demo, paper or live: where orders and market data go. A switch checks the mode's keys (and the typed
   * confirmation for live) and restarts the trading services; every window reloads on `modeChanged`.
   */
  trading: service({
    invoke: {
      status: { request: emptyRequest, response: tradingStatus },
      setMode: { request: setTradingModeRequest, response: tradingStatus },
    },
    event: {
      modeChanged: { payload: tradingStatus, delivery: 'immediate' },
    },
  }),
  /** Backtests from the GUI: strategies and their parameter schemas, runs and optimisations in worker threads, stored runs. */
  backtest: service({
    invoke: {
      strategies: { request: emptyRequest, response: z.strictObject({ strategies: z.array(strategyInfoSchema) }) },
      run: { request: runRequestSchema, response: runResultSchema, cancellable: true },
      optimize: { request: optimizeRequestSchema, response: optimizeResultSchema, cancellable: true },
      /** A CSV file from the GUI in parts of at most 256 K characters (one frame is limited), then `importCsv`. */
      uploadCsvPart: { request: uploadCsvPartRequestSchema, response: uploadCsvPartResponseSchema },
      /** The uploaded file into the history store (checked whole first: file, line and reason on a bad row). */
      importCsv: { request: importCsvRequestSchema, response: importCsvResultSchema, cancellable: true },
      /** Monte Carlo on a finished run's closed trades: the distribution of final return and drawdown. */
      monteCarlo: { request: monteCarloRequestSchema, response: monteCarloResultSchema, cancellable: true },
      runs: { request: z.strictObject({ limit: z.number().int().min(1).max(1000).default(100) }), response: z.strictObject({ runs: z.array(runSummarySchema) }) },
      getRun: { request: z.strictObject({ id: z.number().int().positive() }), response: storedRunSchema },
      compare: { request: z.strictObject({ ids: z.array(z.number().int().positive()).min(1).max(20) }), response: compareResponseSchema },
      deleteRun: { request: z.strictObject({ id: z.number().int().positive() }), response: z.strictObject({ deleted: z.number().int() }) },
    },
    event: {
      progress: { payload: progressEventSchema, delivery: 'coalesced' },
    },
  }),
  /** The research queue (BullMQ on Redis): its connected workers, job counts and runs; cancel a run. */
  distributed: service({
    invoke: {
      status: { request: queueStatusRequest, response: queueStatusResponse },
      cancel: { request: queueCancelRequest, response: queueCancelResponse },
    },
    event: {},
  }),
  /**
   * Options: an underlying's chain from the current mode (rows say whether their greeks are Alpaca's or computed here),
   * its daily IV record with IV rank and percentile, and recording today's IV points.
   */
  options: service({
    invoke: {
      chain: { request: chainRequest, response: chainResponse, cancellable: true },
      ivHistory: { request: ivHistoryRequest, response: ivHistoryResponse },
      recordIv: { request: recordIvRequest, response: recordIvResponse, cancellable: true },
    },
    event: {},
  }),
  /**
   * ML: the model registry (cards, folds, importance, calibration), training in main's ML worker (progress events,
   * cancellable) and live predictions for a list of symbols from the ONNX inference worker.
   */
  ml: service({
    invoke: {
      models: { request: emptyRequest, response: mlModelsResponse },
      train: { request: mlTrainRequest, response: mlTrainResponse, cancellable: true },
      predict: { request: mlPredictRequest, response: mlPredictResponse, cancellable: true },
    },
    event: {
      progress: { payload: mlProgressEvent, delivery: 'coalesced' },
    },
  }),
  /**
   * LLM market analysis: main sends the configured model (OpenRouter or any OpenAI-compatible endpoint) the numbers it
   * holds for a symbol and returns the validated analysis and proposals. Nothing here sends an order: the AI tab
   * turns a proposal into a prefilled ticket, which the trader previews and sends through risk.
   */
  llm: service({
    invoke: {
      analyze: { request: llmAnalyzeRequest, response: llmAnalysis, cancellable: true },
    },
    event: {},
  }),
  /**
   * The opportunity scanner: every strategy over the mode's universe in a worker, ranked by calibrated confidence,
   * scanned again on each bar close of its timeframe. It starts on the first `latest` (a window asking); `list`
   * carries each new ranked list. Nothing here trades: a row opens a prefilled ticket that passes the risk engine.
   */
  opportunities: service({
    invoke: {
      latest: { request: emptyRequest, response: opportunitiesLatestResponse },
      /** Scans now and answers the new list. */
      rescan: { request: emptyRequest, response: opportunityListSchema, cancellable: true },
      /** Each strategy's reliability diagram (predicted against observed hit rate) as of the latest list. */
      reliability: { request: emptyRequest, response: opportunitiesReliabilityResponse, cancellable: true },
    },
    event: {
      list: { payload: opportunityListSchema, delivery: 'immediate' },
    },
  }),
  /** Bots: strategies running live (demo, paper, live) through the risk engine; `state` on every change. */
  bots: service({
    invoke: {
      list: { request: emptyRequest, response: botsResponse },
      save: { request: saveBotRequest, response: botsResponse },
      delete: { request: botIdRequest, response: botsResponse },
      start: { request: botIdRequest, response: botsResponse },
      stop: { request: stopBotRequest, response: botsResponse },
      /** After a pause (a definitive broker rejection): the bot's orders are taken again and it starts. */
      resume: { request: botIdRequest, response: botsResponse },
      setAll: { request: setAllBotsRequest, response: botsResponse },
      /** A bot's protection locks (in force now, or all with active: false), with reason and end. */
      locks: { request: botLocksRequest, response: botLocksResponse },
      /** The trader lifts a lock early; answers the locks still in force. */
      unlock: { request: unlockBotRequest, response: botLocksResponse },
      /** A bot's newest decisions: orders sent with their cause, and signals that did not become orders, with why. */
      decisions: { request: botDecisionsRequest, response: botDecisionsResponse },
      /** Per bot, from its own ledger: allocation in use, P&L, win rate, open positions, locks, last decisions. */
      summaries: { request: emptyRequest, response: botSummariesResponse },
      /** One bot in full: warm-up, indicator values, orders and fills, equity curve, locks, decisions. */
      detail: { request: botDetailRequest, response: botDetailResponse },
      /** Named symbol lists a new bot may trade: what the demo exchange lists, and the saved watchlists. */
      universes: { request: emptyRequest, response: universesResponse },
      /** What a bot may run: every strategy of the registry and the OptionsBot strategies (one underlying each). */
      strategies: { request: emptyRequest, response: z.strictObject({ strategies: z.array(strategyInfoSchema) }) },
      /** The demo bots a fresh demo start created (none in paper or live), as they are now. */
      demoSet: { request: emptyRequest, response: demoBotsResponse },
      /** Stops every demo bot (they stay, stopped); answers the demo set. */
      stopDemo: { request: emptyRequest, response: demoBotsResponse },
      /** The live meta-allocation: the trader's limits and the weights of the newest session closes. */
      allocation: { request: allocationRequest, response: allocationResponse },
      /** Sets the meta-allocation's limits (on/off, bandit, min and max weight a bot, total capital); answers the view. */
      setAllocationLimits: { request: allocationLimitsSchema, response: allocationResponse },
    },
    event: {
      state: { payload: botSchema, delivery: 'immediate' },
    },
  }),
  /** Alert rules evaluated in main, and their firings (stored once per event). */
  alerts: service({
    invoke: {
      rules: { request: emptyRequest, response: alertRulesResponse },
      saveRule: { request: saveAlertRuleRequest, response: alertRulesResponse },
      deleteRule: { request: z.strictObject({ id: z.string().min(1).max(64) }), response: alertRulesResponse },
      history: { request: alertHistoryRequest, response: alertHistoryResponse },
    },
    event: {
      fired: { payload: firedAlert, delivery: 'immediate' },
    },
  }),
  /** IPC self-test: a burst of numbered events to measure what the transport delivers. */
  diagnostics: service({
    invoke: {
      burst: {
        request: z.strictObject({
          count: z.number().int().min(1).max(2_000_000),
          coalesced: z.boolean(),
          /** Events a second to publish at; absent means as fast as main can. */
          ratePerSecond: z.number().int().min(1).max(10_000_000).optional(),
        }),
        response: z.strictObject({ sent: z.number().int(), durationMs: z.number() }),
        cancellable: true,
      },
    },
    event: {
      pulse: {
        payload: z.strictObject({ seq: z.number().int(), sentAtMs: z.number() }),
        delivery: 'coalesced',
      },
      pulseImmediate: {
        payload: z.strictObject({ seq: z.number().int(), sentAtMs: z.number() }),
        delivery: 'immediate',
      },
    },
  }),
} as const;

export type Contract = typeof contract;
export type ServiceName = keyof Contract;

type InvokeNames<S extends ServiceName> = keyof Contract[S]['invoke'] & string;
type EventNames<S extends ServiceName> = keyof Contract[S]['event'] & string;

export type InvokeChannel = { [S in ServiceName]: `${S}.${InvokeNames<S>}` }[ServiceName];
export type EventChannel = { [S in ServiceName]: `${S}.${EventNames<S>}` }[ServiceName];

type InvokeSpecOf<C extends InvokeChannel> = C extends `${infer S extends ServiceName}.${infer M}`
  ? M extends keyof Contract[S]['invoke']
    ? Contract[S]['invoke'][M]
    : never
  : never;
type EventSpecOf<C extends EventChannel> = C extends `${infer S extends ServiceName}.${infer M}`
  ? M extends keyof Contract[S]['event']
    ? Contract[S]['event'][M]
    : never
  : never;

/** What a caller sends (before defaults are applied). */
export type RequestOf<C extends InvokeChannel> = z.input<InvokeSpecOf<C>['request']>;
/** What a handler receives (after validation). */
export type ParsedRequestOf<C extends InvokeChannel> = z.output<InvokeSpecOf<C>['request']>;
export type ResponseOf<C extends InvokeChannel> = z.output<InvokeSpecOf<C>['response']>;
export type PayloadOf<C extends EventChannel> = z.output<EventSpecOf<C>['payload']>;

export interface FlatInvoke {
  channel: InvokeChannel;
  service: ServiceName;
  name: string;
  spec: InvokeSpec;
}
export interface FlatEvent {
  channel: EventChannel;
  service: ServiceName;
  name: string;
  spec: EventSpec;
}

function flatten(): { invokes: Map<string, FlatInvoke>; events: Map<string, FlatEvent> } {
  const invokes = new Map<string, FlatInvoke>();
  const events = new Map<string, FlatEvent>();
  for (const [serviceName, spec] of Object.entries(contract) as [ServiceName, ServiceSpec][]) {
    for (const [name, entry] of Object.entries(spec.invoke)) {
      const channel = `${serviceName}.${name}` as InvokeChannel;
      invokes.set(channel, { channel, service: serviceName, name, spec: entry });
    }
    for (const [name, entry] of Object.entries(spec.event)) {
      const channel = `${serviceName}.${name}` as EventChannel;
      events.set(channel, { channel, service: serviceName, name, spec: entry });
    }
  }
  return { invokes, events };
}

const flat = flatten();
/** Every invoke channel of the contract, keyed by `<service>.<entry>`. */
export const invokeChannels: ReadonlyMap<string, FlatInvoke> = flat.invokes;
/** Every event channel of the contract, keyed by `<service>.<entry>`. */
export const eventChannels: ReadonlyMap<string, FlatEvent> = flat.events;

export function isInvokeChannel(name: unknown): name is InvokeChannel {
  return typeof name === 'string' && invokeChannels.has(name);
}
export function isEventChannel(name: unknown): name is EventChannel {
  return typeof name === 'string' && eventChannels.has(name);
}
