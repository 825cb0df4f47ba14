import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { defineOptionStrategy, type OptionLeg } from '../../../src-main/kernel/strategy/options.js';
import { backtestOptions, type DailyRow } from '../../../src-main/options/backtest/engine.js';
import { listedExpirations, occ, SyntheticChain } from '../../../src-main/options/backtest/synthetic-chain.js';

/** Daily rows from closes, one a calendar day apart from 2024-01-01 (weekends included: the engine does not care). */
function rowsOf(closes: number[], adj?: number[]): DailyRow[] {
  return closes.map((c, i) => {
    const t = Date.parse('2024-01-01T00:00:00Z') + i * 86_400_000;
    return { t, date: new Date(t).toISOString().slice(0, 10), o: c, h: c, l: c, c, v: 1000, ...(adj ? { adjClose: adj[i]! } : {}) };
  });
}

/** Opens the given legs (symbols made for the first listed expiry) once, on the first bar. */
function once(legs: (expiry: string) => OptionLeg[], units = 1) {
  return defineOptionStrategy({
    name: 'test-once',
    description: 'opens one structure on the first bar and holds it to expiry',
    family: 'options',
    needs: ['bars', 'options'],
    params: z.object({}),
    warmup: () => 0,
    create: (_p, ctx) => {
      let done = false;
      return {
        onBar: () => {
          if (done) return;
          done = true;
          const expiry = ctx.chain().expirations()[0]!.date;
          ctx.open('test', legs(expiry), units, 'test');
        },
      };
    },
  });
}

describe('option backtest engine', () => {
  it('fills at mid plus the spread fraction, charges commissions per contract, and exercises in the money at expiry', () => {
    const closes = Array.from({ length: 20 }, (_, i) => 100 + i); // rising: the call ends in the money
    const rows = rowsOf(closes);
    const expiry = listedExpirations(rows[0]!.date)[0]!.date;
    const call = occ('X', expiry, 'call', 100);
    const r = backtestOptions(once(() => [{ symbol: call, side: 'buy', ratio: 1 }], 2), {}, 'X', rows, { cash: 10_000, spreadFraction: 1, commissionPerContract: 1 });
    const chain = new SyntheticChain('X', [100], rows[0]!.date, { seed: 1, rate: 0.04 }, []);
    const quoted = chain.contract(call)!;
    expect(r.fills[0]).toMatchObject({ symbol: call, side: 'buy', qty: 2, commission: 2 });
    expect(r.fills[0]!.price).toBeCloseTo(quoted.ask, 4); // spread fraction 1: the ask
    const day = rows.findIndex((x) => x.date === expiry);
    const strikeCost = 200 * 100;
    expect(r.events).toEqual([{ date: expiry, kind: 'exercise', symbol: call, qty: 2, shares: 200, strike: 100 }]);
    // After expiry: 200 shares, cash = start - premium - commissions - strike x shares.
    const after = r.equity[day]!.value;
    expect(after).toBeCloseTo(10_000 - quoted.ask * 200 - 2 - strikeCost + 200 * closes[day]!, 2);
  });

  it('assigns a short put in the money (cash-secured), expires the rest, and refuses an uncovered short call', () => {
    const closes = Array.from({ length: 20 }, (_, i) => 100 - i); // falling: the put ends in the money
    const rows = rowsOf(closes);
    const expiry = listedExpirations(rows[0]!.date)[0]!.date;
    const put = occ('X', expiry, 'put', 100);
    const otmCall = occ('X', expiry, 'call', 110);
    const r = backtestOptions(once(() => [{ symbol: put, side: 'sell', ratio: 1 }, { symbol: otmCall, side: 'buy', ratio: 1 }]), {}, 'X', rows, { cash: 20_000 });
    // Legs settle in the order they were sent.
    expect(r.events.map((e) => [e.kind, e.symbol, e.shares])).toEqual([
      ['assignment', put, 100],
      ['expiry', otmCall, 0],
    ]);
    const naked = backtestOptions(once(() => [{ symbol: otmCall, side: 'sell', ratio: 1 }]), {}, 'X', rows, { cash: 20_000 });
    expect(naked.fills).toEqual([]);
    expect(naked.warnings[0]).toMatch(/uncovered short calls/);
    // A put sold without the cash to buy the shares at the strike is refused too.
    const poor = backtestOptions(once(() => [{ symbol: put, side: 'sell', ratio: 1 }]), {}, 'X', rows, { cash: 1_000 });
    expect(poor.fills).toEqual([]);
    expect(poor.warnings[0]).toMatch(/needs .* more cash/);
  });

  it('warns when a short call is held across an ex-dividend date (close/adjusted close moves)', () => {
    const closes = Array.from({ length: 12 }, () => 100);
    const adj = closes.map((c, i) => (i < 5 ? c * 0.99 : c)); // the ratio changes on day 5: a dividend came off
    const rows = rowsOf(closes, adj);
    const expiry = listedExpirations(rows[0]!.date)[1]!.date;
    const strategy = defineOptionStrategy({
      name: 'test-covered',
      description: 'buys 100 shares and sells one call on them',
      family: 'options',
      needs: ['bars', 'options'],
      params: z.object({}),
      warmup: () => 0,
      create: (_p, ctx) => ({
        onBar: () => {
          if (ctx.portfolio.shares() > 0) return;
          ctx.trade(100, 'shares');
          ctx.open('cc', [{ symbol: occ('X', expiry, 'call', 105), side: 'sell', ratio: 1 }], 1, 'covered call');
        },
      }),
    });
    const r = backtestOptions(strategy, {}, 'X', rows, { cash: 20_000 });
    expect(r.fills.map((f) => f.side)).toEqual(['buy', 'sell']);
    expect(r.warnings).toEqual([`${rows[5]!.date}: short call held across an ex-dividend date: early assignment is likely when the dividend exceeds the call's time value`]);
  });

  it('is deterministic by seed, and the seed changes the surface', () => {
    const closes = Array.from({ length: 80 }, (_, i) => 100 * Math.exp(0.02 * Math.sin(i)));
    const a = new SyntheticChain('X', closes, '2024-03-01', { seed: 1, rate: 0.04 }, []);
    const b = new SyntheticChain('X', closes, '2024-03-01', { seed: 1, rate: 0.04 }, []);
    const c = new SyntheticChain('X', closes, '2024-03-01', { seed: 2, rate: 0.04 }, []);
    expect(a.contracts()).toEqual(b.contracts());
    expect(a.atmIv30()).not.toBe(c.atmIv30());
    // Puts richer than calls at the same distance (equity skew).
    const e = a.expirations()[3]!.date;
    const list = a.contracts(e);
    const put = list.find((x) => x.type === 'put' && x.strike === 90)!;
    const call = list.find((x) => x.type === 'call' && x.strike === 110)!;
    expect(put.iv).toBeGreaterThan(call.iv);
  });
});
