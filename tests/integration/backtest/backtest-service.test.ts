import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OptimizeResultDto, RunResultDto, StrategyInfoDto } from '../../../src-shared/ipc/backtest-schemas.js';
import type { Envelope } from '../../../src-shared/ipc/errors.js';
import { backtestBars } from '../../../src-main/backtest/backtest.js';
import { parseYahooCsv } from '../../../src-main/history/csv/yahoo.js';
import { historyDatabasePath } from '../../../src-main/history/history-db.js';
import { HistoryStore } from '../../../src-main/history/store.js';
import type { RunningHost } from '../../../src-main/host/host.js';
import { smaCross } from '../../../src-main/strategies/sma-cross.js';
import { YAHOO_DAILY_DIR } from '../../support/data.js';
import { startTestHost, startTestWorkstation, type TestWorkstation } from '../../support/workstation.js';
import { RawClient } from '../../support/ws-client.js';
import { ensureBuilt } from '../../support/build.js';

/**
 * The `backtest` service over the headless host's WebSocket, as the Backtest tab uses it: strategies with their
 * parameter schemas, a run on imported history in a worker thread with progress events, saving and comparing
 * runs, an optimisation with its heatmap, and cancellation.
 */
const root = join(__dirname, '..', '..', '..');
const file = join(YAHOO_DAILY_DIR, 'orcl-1995-2014.txt');

describe('backtest service over the host', () => {
  let ws: TestWorkstation;
  let host: RunningHost;
  let client: RawClient;
  let id = 0;
  const call = async <T>(ch: string, req: unknown): Promise<Envelope<T>> => (await client.call(++id, ch, req)).env as Envelope<T>;
  const value = async <T>(ch: string, req: unknown): Promise<T> => {
    const env = await call<T>(ch, req);
    if (!env.ok) throw new Error(`${ch}: ${env.error.code} ${env.error.message}`);
    return env.value;
  };

  beforeAll(async () => {
    // Always rebuild the worker bundles: a stale one would test old code.
    ensureBuilt('backtest-worker');
    ws = await startTestWorkstation();
    const store = HistoryStore.open(historyDatabasePath(ws.dataDir));
    store.writeBars('ORCL', '1Day', parseYahooCsv(readFileSync(file, 'utf8'), file), 'test');
    store.close();
    host = await startTestHost(ws.workstation);
    client = await RawClient.open(host.port);
    await client.auth(host.token);
    client.send({ t: 'sub', ch: 'backtest.progress' });
  }, 60_000);
  afterAll(async () => {
    client?.socket.close();
    await host?.close();
    await ws?.dispose();
  });

  it('lists strategies with their parameter schemas', async () => {
    const { strategies } = await value<{ strategies: StrategyInfoDto[] }>('backtest.strategies', {});
    const sma = strategies.find((s) => s.name === 'sma-cross')!;
    expect(sma.params).toEqual([
      expect.objectContaining({ name: 'fast', kind: 'number', integer: true, min: 1, max: 500, default: 10 }),
      expect.objectContaining({ name: 'slow', kind: 'number', integer: true, min: 2, max: 1000, default: 30 }),
      expect.objectContaining({ name: 'size', kind: 'number', integer: true, default: 100 }),
      expect.objectContaining({ name: 'joinTrend', kind: 'boolean', default: false }),
    ]);
  });

  it('runs sma-cross on a stored symbol in a worker with progress events, the same numbers as in-process, and saves it', async () => {
    const result = await value<RunResultDto>('backtest.run', { jobId: 'svc-run-1', strategy: 'sma-cross', params: { fast: 10, slow: 30, size: 100 }, data: { kind: 'symbol', symbol: 'ORCL' }, save: true, label: 'first' });
    const direct = backtestBars(smaCross, { fast: 10, slow: 30, size: 100 }, 'ORCL', parseYahooCsv(readFileSync(file, 'utf8'), file), { account: { cash: 100_000 } });
    expect(result.summary).toMatchObject({ strategy: 'sma-cross', symbols: ['ORCL'], bars: direct.bars, finalValue: direct.finalValue, label: 'first' });
    expect(result.summary.id).toBeGreaterThan(0);
    expect(result.trades).toEqual(JSON.parse(JSON.stringify(direct.trades)));
    expect(result.equity.value).toEqual(Array.from(direct.equity.value));
    await client.waitFor((m) => m.t === 'event' && m.ch === 'backtest.progress' && m.items.some((p) => (p as { jobId: string; phase: string }).jobId === 'svc-run-1' && (p as { phase: string }).phase === 'done'));

    const second = await value<RunResultDto>('backtest.run', { jobId: 'svc-run-2', strategy: 'sma-cross', params: { fast: 20, slow: 50 }, data: { kind: 'file', path: file }, fill: { commission: { kind: 'per-order', perOrder: 1 } }, save: true });
    const { runs } = await value<{ runs: Array<{ id: number }> }>('backtest.runs', { limit: 10 });
    expect(runs.map((r) => r.id)).toEqual([second.summary.id, result.summary.id]);
    const compared = await value<{ runs: Array<{ id: number }>; rows: Array<{ metric: string; values: Array<number | null> }> }>('backtest.compare', { ids: [result.summary.id, second.summary.id] });
    expect(compared.rows.find((r) => r.metric === 'closedTrades')!.values).toEqual([result.summary.metrics.closedTrades, second.summary.metrics.closedTrades]);
    const stored = await value<{ trades: unknown[]; equity: { value: number[] } }>('backtest.getRun', { id: result.summary.id });
    expect(stored.trades).toEqual(result.trades);
    expect(stored.equity.value).toEqual(result.equity.value);
  });

  it('runs with protections: the result carries the locks and the refused entries with their reasons', async () => {
    const result = await value<RunResultDto>('backtest.run', { jobId: 'svc-run-protect', strategy: 'sma-cross', params: { fast: 5, slow: 20, size: 100 }, data: { kind: 'file', path: file }, protections: { cooldown: { hours: 24 * 30 } } });
    expect(result.locks!.length).toBeGreaterThan(0);
    expect(result.locks!.every((l) => l.protection === 'cooldown' && l.scope === 'ORCL')).toBe(true);
    expect(result.decisionCounts!.PROTECTION).toBeGreaterThan(0);
    expect(result.decisions!.find((d) => d.code === 'PROTECTION')!.reason).toContain('cooldown after closing ORCL');
    const bad = await call('backtest.run', { jobId: 'svc-run-protect-bad', strategy: 'sma-cross', data: { kind: 'file', path: file }, protections: { cooldown: { minutes: 5 } } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });

  it('refuses what it cannot run with a message a trader can act on', async () => {
    const missing = await call('backtest.run', { jobId: 'svc-bad-1', strategy: 'sma-cross', data: { kind: 'symbol', symbol: 'NOPE' } });
    expect(missing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: expect.stringMatching(/no 1Day bars stored for NOPE/) } });
    const params = await call('backtest.run', { jobId: 'svc-bad-2', strategy: 'sma-cross', params: { fast: 40, slow: 30 }, data: { kind: 'file', path: file } });
    expect(params).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringMatching(/fast must be shorter than slow/) } });
    const unknown = await call('backtest.run', { jobId: 'svc-bad-3', strategy: 'nope', data: { kind: 'file', path: file } });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });

  it('optimises over a grid on worker threads and returns the stability heatmap', async () => {
    const r = await value<OptimizeResultDto>('backtest.optimize', { jobId: 'svc-opt-1', strategy: 'sma-cross', data: { kind: 'symbol', symbol: 'ORCL' }, grid: { fast: [5, 10, 15], slow: [30, 50] }, workers: 2 });
    expect(r.evaluated).toBe(6);
    expect(r.heatmap!.x).toEqual({ name: 'fast', values: [5, 10, 15] });
    expect(r.heatmap!.y).toEqual({ name: 'slow', values: [30, 50] });
    const top = r.top[0]!;
    expect(r.best).toEqual(top);
    const direct = backtestBars(smaCross, top.params, 'ORCL', parseYahooCsv(readFileSync(file, 'utf8'), file));
    expect(top.finalValue).toBe(direct.finalValue);
    // The overfitting checks come with every optimisation: six trials, the winner's Sharpe from its own returns.
    expect(r.overfitting!.trials).toBe(6);
    expect(r.overfitting!.sharpe).toBeCloseTo(r.best!.metrics.sharpe!, 9);
    expect(r.overfitting!.deflatedSharpe).toBeGreaterThanOrEqual(0);
    expect(r.overfitting!.deflatedSharpe).toBeLessThanOrEqual(1);
    expect(r.overfitting!.splits).toBe(12870);
  });

  it('searches by particle swarm between the grid\'s smallest and largest values, and by annealing in a walk-forward', async () => {
    const r = await value<OptimizeResultDto>('backtest.optimize', { jobId: 'svc-pso-1', strategy: 'sma-cross', data: { kind: 'file', path: file }, grid: { fast: [3, 30], slow: [40, 120] }, method: 'pso', iterations: 4, population: 6, workers: 2 });
    expect(r.evaluated).toBeGreaterThan(6);
    expect(r.evaluated).toBeLessThanOrEqual(24);
    for (const row of r.top) {
      expect(Number(row.params.fast)).toBeGreaterThanOrEqual(3);
      expect(Number(row.params.fast)).toBeLessThanOrEqual(30);
      expect(Number(row.params.slow)).toBeGreaterThanOrEqual(40);
      expect(Number(row.params.slow)).toBeLessThanOrEqual(120);
    }
    expect(r.overfitting!.trials).toBe(r.evaluated);
    const wf = await value<OptimizeResultDto>('backtest.optimize', { jobId: 'svc-anneal-wf', strategy: 'sma-cross', data: { kind: 'file', path: file }, grid: { fast: [3, 30], slow: [40, 120] }, method: 'anneal', iterations: 3, population: 4, workers: 1, walkForward: { inSample: 1500, outOfSample: 1500 } });
    expect(wf.walkForward!.windows).toHaveLength(3);
    for (const w of wf.walkForward!.windows) expect(Number(w.best.fast)).toBeLessThanOrEqual(30);
  });

  it('runs a walk-forward and stitches the out-of-sample equity', async () => {
    const r = await value<OptimizeResultDto>('backtest.optimize', { jobId: 'svc-wf-1', strategy: 'sma-cross', data: { kind: 'file', path: file }, grid: { fast: [5, 10], slow: [30, 40] }, workers: 1, walkForward: { inSample: 1000, outOfSample: 1000 } });
    expect(r.walkForward!.windows).toHaveLength(5);
    expect(r.walkForward!.equity.t).toHaveLength(5036 - 1000);
    expect(r.overfitting!.trials).toBe(4);
  });

  it('cancels a running optimisation', async () => {
    const pending = client.call(++id, 'backtest.optimize', { jobId: 'svc-cancel-1', strategy: 'sma-cross', data: { kind: 'file', path: file }, grid: { fast: Array.from({ length: 40 }, (_, i) => i + 1), slow: Array.from({ length: 40 }, (_, i) => i + 60) }, workers: 1 });
    await client.waitFor((m) => m.t === 'event' && m.ch === 'backtest.progress' && m.items.some((p) => (p as { jobId: string; phase: string }).jobId === 'svc-cancel-1' && (p as { phase: string }).phase === 'optimizing'), 30_000);
    client.send({ t: 'cancel', id });
    const env = (await pending).env as Envelope<OptimizeResultDto>;
    if (env.ok) {
      expect(env.value.cancelled).toBe(true);
      expect(env.value.evaluated).toBeLessThan(1600);
    } else expect(env.error.code).toBe('CANCELLED');
  }, 60_000);
});
