import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Envelope } from '../../../src-shared/ipc/errors.js';
import type { RebalancePreviewDto, RiskReportDto } from '../../../src-shared/ipc/risk-report-schemas.js';
import { startExchange, type RunningExchange } from '../../../src-main/exchange/exchange.js';
import { Workstation } from '../../../src-main/services/workstation.js';
import { ensureBuilt } from '../../support/build.js';

/** A Wednesday, 10:00 in New York: the regular session is open. */
const SESSION_START = Date.parse('2024-03-06T15:00:00Z');
const WAIT_MS = 30_000;

/**
 * risk.report and portfolio.rebalancePreview through main's IPC router against a real workstation and the local
 * exchange: a long from the ticket, a short from a bot's source, the report's rows and limits; the preview's errors,
 * its plain trades and a trade large enough for a TWAP, previewed slice by slice against the per-order limit.
 */
describe('risk report and rebalance preview over IPC', () => {
  let exchange: RunningExchange;
  let dataDir: string;
  let workstation: Workstation;

  const dispatch = (channel: string, request: unknown): Promise<Envelope<unknown>> => workstation.router.dispatch(channel, request, { signal: new AbortController().signal, peer: 'test' });
  const call = async <T>(channel: string, request: unknown): Promise<T> => {
    const reply = await dispatch(channel, request);
    if (!reply.ok) throw new Error(`${channel}: ${reply.error.code} ${reply.error.message}`);
    return reply.value as T;
  };
  const intent = (symbol: string, side: 'buy' | 'sell', qty: number) => ({ symbol, side, type: 'market', timeInForce: 'day', qty: String(qty), extendedHours: false, orderClass: 'simple' }) as const;

  beforeAll(async () => {
    ensureBuilt('rebalance-worker');
    exchange = await startExchange({ seed: 171, startTime: SESSION_START, partialFillShare: 0 });
    dataDir = mkdtempSync(join(tmpdir(), 'risk-report-'));
    const { tradingUrl, dataUrl, streamUrl, marketDataStreamUrl, optionStreamUrl, keys } = exchange;
    workstation = new Workstation({ dataDir, shell: 'headless', secrets: { keychain: 'off', env: {} }, marketDataEndpoints: { tradingUrl, dataUrl, streamUrl, marketDataStreamUrl, optionStreamUrl, keys } });
    await workstation.start();
    const orders = workstation.orders;
    const deadline = Date.now() + WAIT_MS;
    while (!(orders.ready && orders.manager.streamReady && orders.manager.reconciliation !== undefined)) {
      if (Date.now() > deadline) throw new Error('orders did not become ready');
      await new Promise((r) => setTimeout(r, 50));
    }
    const long = await orders.manager.submit(intent('AAPL', 'buy', 50), 'ticket', { requestKey: 'risk-ipc-aapl' });
    const short = await orders.manager.submit(intent('XOM', 'sell', 30), 'bot:risk-test', { requestKey: 'risk-ipc-xom' });
    expect([long.ok, short.ok]).toEqual([true, true]);
    while (orders.manager.positionRecords().filter((p) => Number(p.qty) !== 0).length < 2) {
      if (Date.now() > deadline) throw new Error(`not filled: ${JSON.stringify(orders.manager.positionRecords())}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }, 60_000);

  afterAll(async () => {
    await workstation?.stop();
    await exchange?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('reports long and short exposure by symbol, sector and source, with the limits used', async () => {
    const report = await call<RiskReportDto>('risk.report', { window: 120 });
    expect(report.window).toBe(120);
    expect(report.days).toBe(120);
    const aapl = report.bySymbol.find((r) => r.key === 'AAPL')!;
    const xom = report.bySymbol.find((r) => r.key === 'XOM')!;
    expect(aapl).toMatchObject({ qty: 50, sector: 'technology', short: 0 });
    expect(xom).toMatchObject({ qty: -30, sector: 'energy', long: 0 });
    expect(report.direction.long).toBeCloseTo(aapl.long, 6);
    expect(report.direction.short).toBeCloseTo(xom.short, 6);
    expect(report.direction.net).toBeCloseTo(aapl.long - xom.short, 6);
    expect(report.byBot.map((r) => r.key).sort()).toEqual(['bot:risk-test', 'ticket']);
    expect(report.byBot.find((r) => r.key === 'bot:risk-test')!.short).toBeCloseTo(xom.short, 2);
    // A long stock and a short one: the book's beta is below the long leg's alone.
    expect(aapl.beta!).toBeGreaterThan(0);
    expect(report.beta.portfolio!).toBeLessThan((aapl.beta! * aapl.long) / report.equity!);
    expect(report.var.p95!.var).toBeGreaterThan(0);
    expect(report.var.p95!.es).toBeGreaterThanOrEqual(report.var.p95!.var);
    expect(report.var.p99!.var).toBeGreaterThanOrEqual(report.var.p95!.var);
    expect(report.var.tailDays95).toBe(6); // ceil(120 x 5%)
    expect(report.correlation.symbols.sort()).toEqual(['AAPL', 'XOM']);
    // The limits' use comes from the same account snapshot as the exposures.
    const gross = report.limits.find((l) => l.name === 'maxGrossExposure')!;
    expect(gross.used!).toBeCloseTo(report.direction.gross, 2);
    expect(gross.fraction!).toBeCloseTo(gross.used! / gross.limit, 9);
    expect(report.limits.find((l) => l.name === 'maxPositionQty')!.used).toBe(50);
  });

  it('refuses a rebalance it cannot do, with a code', async () => {
    const one = await dispatch('portfolio.rebalancePreview', { method: 'hrp', symbols: ['AAPL'] });
    expect(one.ok).toBe(false);
    if (!one.ok) expect(one.error).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/at least two symbols/) });
    const bad = await dispatch('portfolio.rebalancePreview', { method: 'magic' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.code).toBe('BAD_REQUEST');
  });

  it('previews small trades as market orders that pass risk, and a large one as a TWAP checked per slice', async () => {
    const small = await call<RebalancePreviewDto>('portfolio.rebalancePreview', { method: 'min-variance', symbols: ['AAPL', 'MSFT', 'JNJ'], capital: 30_000 });
    expect(small.weights.reduce((s, w) => s + w.target, 0)).toBeCloseTo(1, 6);
    for (const w of small.weights) expect(w.targetQty).toBe(Math.round((w.target * 30_000) / w.price));
    expect(small.trades.length).toBeGreaterThan(0);
    for (const t of small.trades) {
      expect(t.algo).toBe('market');
      expect(t.verdict).toMatchObject({ ok: true, code: 'OK' });
      const w = small.weights.find((x) => x.symbol === t.symbol)!;
      const held = t.symbol === 'AAPL' ? 50 : 0;
      expect(t.qty).toBe(Math.abs(w.targetQty - held));
    }
    // Nothing was sent by a preview.
    expect(workstation.orders.manager.orders()).toHaveLength(2);

    // $1bn over two low-volume names: hundreds of thousands of shares, several times 5% of a day's volume.
    const large = await call<RebalancePreviewDto>('portfolio.rebalancePreview', { method: 'risk-parity', symbols: ['AVGO', 'ORCL'], capital: 1e9 });
    const twap = large.trades.find((t) => t.symbol === 'AVGO')!;
    expect(twap.algo).toBe('twap');
    expect(twap.slices!).toBeGreaterThanOrEqual(2);
    // Each slice is still above the 10 000-share order limit: refused, and the message says it is per slice.
    expect(twap.verdict.ok).toBe(false);
    expect(twap.verdict.code).toBe('MAX_ORDER_QTY');
    expect(twap.verdict.message).toMatch(/^each slice: /);
  });
});
