import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RebalanceClient } from '../../../src-main/discovery/rebalance-client.js';
import { planRebalance, REBALANCE_METHODS, type RebalanceInput } from '../../../src-main/discovery/risk-report/rebalance.js';
import { CodedError } from '../../../src-shared/ipc/errors.js';
import { ensureBuilt } from '../../support/build.js';

/** A small deterministic generator (mulberry32), so both sides see the same returns every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `p` symbols over `days` days: one market factor plus each symbol's own noise, so the covariance is not diagonal. */
function universe(p: number, days: number, seed: number): RebalanceInput {
  const next = random(seed);
  const symbols = Array.from({ length: p }, (_, i) => `S${i}`);
  const betas = symbols.map(() => 0.5 + next());
  const vols = symbols.map(() => 0.005 + 0.02 * next());
  const returns = Array.from({ length: days }, () => {
    const market = (next() - 0.5) * 0.02;
    return Float64Array.from(symbols, (_, i) => betas[i]! * market + (next() - 0.5) * vols[i]! + 0.0002 * (i % 3));
  });
  return {
    method: 'min-variance',
    symbols,
    returns,
    held: new Map(symbols.filter((_, i) => i % 4 === 0).map((s, i) => [s, 10 + 7 * i])),
    prices: new Map(symbols.map((s, i) => [s, 20 + 3 * i])),
    avgVolume: new Map(symbols.map((s, i) => [s, i % 5 === 0 ? 500 : 1_000_000])),
    capital: 250_000,
    maxWeight: 0.2,
    riskAversion: 5,
    algoVolumeShare: 0.05,
  };
}

describe('the rebalance optimiser on its worker thread', () => {
  let client: RebalanceClient;
  beforeAll(() => {
    ensureBuilt('rebalance-worker');
    client = new RebalanceClient();
  });
  afterAll(() => client.close());

  it.each(REBALANCE_METHODS)('%s: the worker plan equals the in-thread plan, weight for weight and trade for trade', async (method) => {
    const input = { ...universe(40, 250, 7), method };
    const inThread = planRebalance(input);
    const fromWorker = await client.plan(input);
    expect(fromWorker).toEqual(inThread);
    // Not a degenerate plan: the weights differ (mean-variance sits on its 20% bound for a few) and some trades are
    // TWAPs (thin volume).
    expect(new Set(fromWorker.weights.map((w) => w.target.toFixed(6))).size).toBeGreaterThan(2);
    expect(fromWorker.trades.some((t) => t.kind === 'algo')).toBe(true);
  });

  it('computes a universe beyond the old cap of 60 symbols while main keeps turning', async () => {
    const input = { ...universe(150, 300, 11), method: 'hrp' as const };
    const servedBefore = client.served;
    let turns = 0;
    let turning = true;
    const spin = (): void => {
      if (!turning) return;
      turns++;
      setImmediate(spin);
    };
    setImmediate(spin);
    const fromWorker = await client.plan(input);
    turning = false;
    expect(client.served).toBe(servedBefore + 1);
    // A plan computed on this thread would have resolved before any setImmediate could run.
    expect(turns).toBeGreaterThan(0);
    expect(fromWorker).toEqual(planRebalance(input));
    expect(fromWorker.weights).toHaveLength(150);
  });

  it("passes the optimiser's coded refusal back to the caller", async () => {
    const input = { ...universe(5, 10, 3), method: 'risk-parity' as const };
    const error = await client.plan(input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CodedError);
    expect((error as CodedError).code).toBe('BAD_REQUEST');
    expect((error as CodedError).message).toMatch(/20 or more/);
  });
});
