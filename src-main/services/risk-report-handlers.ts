import type { z } from 'zod';
import { CodedError } from '../../src-shared/ipc/errors.js';
import type { RebalancePreviewRequest, RebalanceTradeDto, RiskLimitUse, RiskReportDto } from '../../src-shared/ipc/risk-report-schemas.js';
import type { riskUsageSchema } from '../../src-shared/ipc/risk-schemas.js';
import type { ContractHandlers } from '../ipc/handlers.js';
import { alignedDailyReturns, buildRiskReport } from '../discovery/risk-report/risk-report.js';
import { RebalanceClient } from '../discovery/rebalance-client.js';
import type { RebalanceInput, RebalancePlan } from '../discovery/risk-report/rebalance.js';
import { planIntent } from '../kernel/portfolio/execution-plan.js';
import { portfolioParams } from '../kernel/strategy/portfolio-params.js';
import type { RiskLimits } from '../kernel/risk/risk-types.js';
import type { MarketDataApi } from '../market-data/types.js';
import type { OptionsService } from '../options/options-service.js';
import type { OrderService } from './order-service.js';
import { usageOf } from './risk-handlers.js';
import { MAX_REPORT_SYMBOLS, ordersOf, readBook, readDailyHistory, readOptionGreeks, sectorOf } from './risk-report-data.js';

export interface RiskReportDeps {
  orders: () => OrderService;
  marketData: () => MarketDataApi;
  options: () => OptionsService;
  /** Computes the rebalance plan; a worker thread (RebalanceClient) by default, so the optimiser stays off main's loop. */
  planRebalance?: (input: RebalanceInput) => Promise<RebalancePlan>;
}

const BENCHMARK = 'SPY';
const DEFAULT_WINDOW = 250;
/** The bots' rule: an order of at least this share of the average volume (per bar; per day here) goes to TWAP. */
const ALGO_VOLUME_SHARE = portfolioParams.algoVolumeShare.parse(undefined);

function limitUses(limits: RiskLimits, usage: z.infer<typeof riskUsageSchema>): RiskLimitUse[] {
  const use = (name: RiskLimitUse['name'], label: string, used: string | null, detail: string): RiskLimitUse => {
    const limit = Number(limits[name]);
    const u = used === null ? null : Number(used);
    return { name, label, limit, used: u, fraction: u === null || !(limit > 0) ? null : u / limit, detail };
  };
  const why = usage.note ?? 'checked on each order, nothing held against it';
  return [
    use('maxPositionQty', 'Largest position (shares)', usage.largestPosition?.qty ?? null, usage.largestPosition ? `largest: ${usage.largestPosition.symbol}` : (usage.note ?? 'no positions')),
    use('maxGrossExposure', 'Gross exposure ($)', usage.grossExposure, usage.note ?? 'sum of |position value|'),
    use('dailyLossLimit', 'Loss today ($)', usage.dayLoss, usage.note ?? 'equity below yesterday\'s close'),
    use('maxDrawdown', 'Drawdown from peak equity', usage.drawdown, usage.note ?? 'fall from the journal\'s peak equity'),
    use('maxOrderQty', 'Shares in one order', null, why),
    use('maxOrderNotional', 'Dollars in one order ($)', null, why),
  ];
}

function largestOf(positions: ReadonlyArray<{ symbol: string; qty: number }>): { symbol: string; qty: string } | null {
  let best: { symbol: string; qty: number } | null = null;
  for (const p of positions) if (!best || Math.abs(p.qty) > best.qty) best = { symbol: p.symbol, qty: Math.abs(p.qty) };
  return best ? { symbol: best.symbol, qty: String(best.qty) } : null;
}

async function report(deps: RiskReportDeps, window: number, signal: AbortSignal): Promise<RiskReportDto> {
  const service = ordersOf(deps.orders);
  const book = await readBook(service);
  const notes: string[] = [];
  const stocks = book.positions.filter((p) => p.kind === 'stock' && p.qty !== 0);
  const ranked = [...stocks].sort((a, b) => Math.abs(b.value) - Math.abs(a.value));
  if (ranked.length > MAX_REPORT_SYMBOLS) notes.push(`${ranked.length} stocks held: history read for the ${MAX_REPORT_SYMBOLS} largest; the rest count in exposure only`);
  const symbols = [...new Set([...ranked.slice(0, MAX_REPORT_SYMBOLS).map((p) => p.symbol), BENCHMARK])];
  const [history, options, usage] = await Promise.all([
    readDailyHistory(deps.marketData(), symbols, window, signal),
    readOptionGreeks(
      deps.options(),
      book.positions.filter((p) => p.kind === 'option'),
      signal,
    ),
    usageOf(service),
  ]);
  const started = performance.now();
  const built = buildRiskReport({
    holdings: book.positions.map((p) => ({ symbol: p.symbol, qty: p.qty, value: p.value, sector: sectorOf(p.symbol), kind: p.kind })),
    closes: history.closes,
    benchmark: BENCHMARK,
    window,
    bySource: book.bySource,
    marks: new Map(book.positions.map((p) => [p.symbol, p.price * (p.kind === 'option' ? 100 : 1)])),
    greeks: options.greeks,
    equity: book.equity,
  });
  const computeMs = performance.now() - started;
  return {
    ...built,
    window,
    accountDrawdown: usage.drawdown === null ? null : Number(usage.drawdown),
    // Position and gross use from the same snapshot as the exposures above, so the two agree to the cent.
    limits: limitUses(service.riskLimits, { ...usage, grossExposure: built.direction.gross.toFixed(2), largestPosition: largestOf(book.positions) }),
    notes: [...notes, ...history.notes, ...options.notes, ...built.notes],
    computeMs,
  };
}

async function rebalancePreview(deps: RiskReportDeps & Required<Pick<RiskReportDeps, 'planRebalance'>>, request: RebalancePreviewRequest, signal: AbortSignal) {
  const service = ordersOf(deps.orders);
  const book = await readBook(service);
  const held = new Map(book.positions.filter((p) => p.kind === 'stock').map((p) => [p.symbol, p.qty]));
  const universe = [...new Set(request.symbols ?? book.positions.filter((p) => p.kind === 'stock' && p.qty > 0).map((p) => p.symbol))];
  if (universe.length < 2) throw new CodedError('BAD_REQUEST', 'a rebalance needs at least two symbols: hold two or more stocks, or name the universe');
  const window = request.window ?? DEFAULT_WINDOW;
  const history = await readDailyHistory(deps.marketData(), universe, window, signal);
  const notes = [...history.notes];
  const usable = universe.filter((s) => (history.closes.get(s)?.t.length ?? 0) > 21);
  for (const s of universe) if (!usable.includes(s)) notes.push(`${s}: too little daily history, left out of the rebalance`);
  const aligned = alignedDailyReturns(usable, history.closes, window);
  const rows = aligned.times.map((_, d) => usable.map((_, i) => aligned.returns[i]![d]!));
  const prices = new Map<string, number>();
  for (const p of book.positions) if (p.kind === 'stock' && p.price > 0) prices.set(p.symbol, p.price);
  const missing = usable.filter((s) => !prices.has(s));
  if (missing.length > 0) {
    const snaps = await deps.marketData().snapshots(missing).catch(() => []);
    for (const snap of snaps) {
      const px = snap.latestTrade?.price ?? snap.dailyBar?.c;
      if (px && px > 0) prices.set(snap.symbol, px);
    }
    for (const s of missing) if (!prices.has(s)) prices.set(s, history.closes.get(s)!.c[history.closes.get(s)!.c.length - 1]!);
  }
  const avgVolume = new Map(
    usable.map((s) => {
      const v = history.closes.get(s)!.v.slice(-20);
      return [s, v.length > 0 ? v.reduce((a, b) => a + b, 0) / v.length : Number.NaN];
    }),
  );
  const heldValue = usable.reduce((sum, s) => sum + Math.max(0, (held.get(s) ?? 0) * prices.get(s)!), 0);
  const capital = request.capital ?? heldValue;
  const plan = await deps.planRebalance({
    method: request.method,
    symbols: usable,
    returns: rows,
    held,
    prices,
    avgVolume,
    capital,
    maxWeight: request.maxWeight ?? 1,
    riskAversion: 5,
    algoVolumeShare: ALGO_VOLUME_SHARE,
  });
  // Each trade asked of the risk engine as the ticket would send it; a TWAP's per-order limits apply to its slices.
  const trades: RebalanceTradeDto[] = [];
  for (const t of plan.trades) {
    if (signal.aborted) throw new CodedError('CANCELLED', 'the rebalance preview was cancelled');
    let preview = await service.manager.preview(planIntent(t.symbol, t.side, t.qty, undefined), 'ticket');
    if (t.kind === 'algo' && (preview.verdict.code === 'MAX_ORDER_QTY' || preview.verdict.code === 'MAX_ORDER_NOTIONAL')) {
      const slice = await service.manager.preview(planIntent(t.symbol, t.side, Math.ceil(t.qty / t.slices!), undefined), 'ticket');
      preview = { ...slice, estimatedCost: preview.estimatedCost, verdict: { ...slice.verdict, message: `each slice: ${slice.verdict.message}` } };
    }
    trades.push({ symbol: t.symbol, side: t.side, qty: t.qty, algo: t.kind === 'algo' ? 'twap' : 'market', slices: t.slices ?? null, cause: t.cause, verdict: preview.verdict, estimatedCost: preview.estimatedCost });
  }
  const dropped = book.positions.filter((p) => p.kind === 'stock' && p.qty !== 0 && !usable.includes(p.symbol));
  if (dropped.length > 0 && request.symbols) notes.push(`held but outside the universe, left as they are: ${dropped.map((p) => p.symbol).join(', ')}`);
  if (trades.length > 1) notes.push('each trade is checked alone against the account now; the risk engine checks each again when it is sent');
  return { method: request.method, capital, days: rows.length, expectedVolatility: plan.expectedVolatility, weights: plan.weights, trades, notes };
}

/** `risk.report` and `portfolio.rebalancePreview`: read the book and history, compute in discovery/risk-report, preview through risk. */
export function createRiskReportHandlers(deps: RiskReportDeps): { report: ContractHandlers['risk']['report']; portfolio: ContractHandlers['portfolio'] } {
  let worker: RebalanceClient | undefined;
  const planRebalance = deps.planRebalance ?? ((input: RebalanceInput) => (worker ??= new RebalanceClient()).plan(input));
  return {
    report: ({ window }, { signal }) => report(deps, window ?? DEFAULT_WINDOW, signal),
    portfolio: { rebalancePreview: (request, { signal }) => rebalancePreview({ ...deps, planRebalance }, request, signal) },
  };
}
