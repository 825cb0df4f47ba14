import BetterSqlite3 from 'better-sqlite3';
import { Decimal } from 'decimal.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FillRecord, OrderRecord } from '../../../src-shared/domain/order-record.js';
import type { OrderIntent } from '../../../src-shared/domain/order-intent.js';
import { decideClose, type AllocationLimits } from '../../../src-main/discovery/allocation/live-allocation.js';
import { BotLedger } from '../../../src-main/kernel/portfolio/bot-ledger.js';
import { Logger } from '../../../src-main/logging/logger.js';
import { MetaAllocationService, type AllocatorBots } from '../../../src-main/services/meta-allocation-service.js';
import { migrate } from '../../../src-main/storage/migrate.js';
import { migrations } from '../../../src-main/storage/migrations/index.js';

/** Tuesday 2024-03-12 and the next three sessions: closes at 16:00 New York (20:00 UTC, daylight time). */
const CLOSES = ['2024-03-12', '2024-03-13', '2024-03-14', '2024-03-15'].map((d) => Date.parse(`${d}T20:00:00Z`));
const BEFORE_OPEN = Date.parse('2024-03-12T12:00:00Z');

const intent = (side: 'buy' | 'sell', qty: string): OrderIntent =>
  ({ symbol: 'MSFT', side, qty, type: 'market', timeInForce: 'day', extendedHours: false, orderClass: 'simple' }) as OrderIntent;

let seq = 0;
/** A real ledger with a filled buy of MSFT at `cost`, marked later at whatever each day's close says. */
function ledgerHolding(id: string, allocation: string, qty: string, cost: string): BotLedger {
  const client = `${id}-${++seq}`;
  const order: OrderRecord = {
    clientOrderId: client, brokerOrderId: `b-${client}`, source: `bot:${id}`, intent: intent('buy', qty), status: 'filled', filledQty: qty, filledAvgPrice: cost,
    brokerUpdatedAt: 1, createdAt: 1, updatedAt: 1, external: false, rejectCode: null, rejectMessage: null, replacesClientOrderId: null, parentClientOrderId: null,
  };
  const fill: FillRecord = { executionId: `x${++seq}`, brokerOrderId: `b-${client}`, clientOrderId: client, symbol: 'MSFT', side: 'buy', qty, price: cost, cumQty: qty, at: 1, via: 'stream' };
  const ledger = new BotLedger(`bot:${id}`, allocation, () => []);
  ledger.rebuild([order], [fill]);
  return ledger;
}

/** The bot service's side of the allocator over real ledgers: P&L = equity - allocation; the allocation set on the ledger. */
function botsOver(ledgers: Map<string, BotLedger>): AllocatorBots & { set: string[] } {
  const set: string[] = [];
  return {
    set,
    runningIds: () => [...ledgers.keys()],
    capitalOf: (id) => {
      const l = ledgers.get(id)!;
      return { allocation: l.allocation.toNumber(), pl: l.equity().minus(l.allocation).toNumber() };
    },
    setAllocation: (id, allocation) => {
      ledgers.get(id)!.setAllocation(allocation);
      set.push(`${id}=${allocation}`);
      return undefined as never;
    },
  };
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const LIMITS: AllocationLimits = { enabled: true, method: 'exp3', minWeight: 0.01, maxWeight: 1, totalCapital: 20_000 };

describe('live meta-allocation', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  const openDb = (file: string) => {
    const db = new BetterSqlite3(file);
    migrate(db, migrations);
    return db;
  };
  const tempFile = () => {
    const dir = mkdtempSync(join(tmpdir(), 'meta-alloc-'));
    dirs.push(dir);
    return join(dir, 'workstation.sqlite');
  };
  const service = (file: string, bots: AllocatorBots) => {
    const db = openDb(file);
    const s = new MetaAllocationService({ log: new Logger({ level: 'error', console: false }), database: () => db, bots: () => bots, clock: () => undefined, timers: false });
    s.start();
    return { s, db };
  };

  it('worked case (EXP3): known ledgers give known weights at the second close, and the allocations follow', () => {
    // A and B each hold 100 MSFT bought at 100 with 10,000 of allocation. First close: both marked at 100; second
    // close: A's at 101 (+100, +1% of its allocation), B's at 99 (-100, -1%).
    const ledgers = new Map([
      ['a', ledgerHolding('a', '10000', '100', '100')],
      ['b', ledgerHolding('b', '10000', '100', '100')],
    ]);
    const bots = botsOver(ledgers);
    const { s, db } = service(tempFile(), bots);
    s.setLimits(LIMITS, 0);
    s.tick(BEFORE_OPEN);

    for (const l of ledgers.values()) l.mark('MSFT', 100);
    s.tick(CLOSES[0]! + 1000);
    // First close: no day return yet, so the bandit's prior: EXP3 with nothing seen is uniform.
    expect(s.days(10).map((d) => d.rows.map((r) => [r.botId, r.dayReturn, r.newAllocation]))).toEqual([
      [['a', null, '10000.00'], ['b', null, '10000.00']],
    ]);
    for (const r of s.days(10)[0]!.rows) expect(r.weight).toBeCloseTo(0.5, 12);

    ledgers.get('a')!.mark('MSFT', 101);
    ledgers.get('b')!.mark('MSFT', 99);
    s.tick(CLOSES[1]! + 1000);
    const day = s.days(10)[1]!;
    expect(day.rows.map((r) => r.dayReturn)).toEqual([0.01, -0.01]);
    // By hand: the first day's volatility is the day's own size, so the z-scores are +1 and -1; the rewards are the
    // logistic of those; EXP3 (gamma 0.1, 2 bots, both at p = 0.5) adds gamma * reward / p / K to each log-weight.
    const gamma = 0.1;
    const logA = (gamma * sigmoid(1)) / 0.5 / 2;
    const logB = (gamma * sigmoid(-1)) / 0.5 / 2;
    const pA = (1 - gamma) * (Math.exp(logA) / (Math.exp(logA) + Math.exp(logB))) + gamma / 2;
    expect(pA).toBeCloseTo(0.5103962, 6);
    expect(day.rows[0]!.weight).toBeCloseTo(pA, 12);
    expect(day.rows[1]!.weight).toBeCloseTo(1 - pA, 12);
    expect(day.rows.map((r) => r.newAllocation)).toEqual([(Math.floor(pA * 20_000 * 100) / 100).toFixed(2), (Math.floor((1 - pA) * 20_000 * 100) / 100).toFixed(2)]);
    // The ledgers took the new allocations: A's cash grew by what its allocation grew.
    expect(ledgers.get('a')!.allocation.toFixed(2)).toBe(day.rows[0]!.newAllocation);
    expect(bots.set).toEqual(['a=10000.00', 'b=10000.00', `a=${day.rows[0]!.newAllocation}`, `b=${day.rows[1]!.newAllocation}`]);
    db.close();
  });

  it('keeps every bot within the trader\'s min and max weight and the total capital, and does nothing when off or with one bot', () => {
    // Bot c wins every day by far: unbounded, Thompson would give it nearly everything.
    const returns: Record<string, number[]> = { a: [-0.01, -0.012, -0.009, -0.011], b: [-0.008, -0.01, -0.012, -0.01], c: [0.02, 0.025, 0.03, 0.02] };
    const limits: AllocationLimits = { enabled: true, method: 'thompson', minWeight: 0.2, maxWeight: 0.5, totalCapital: 30_000 };
    const history = [] as ReturnType<typeof decideClose>[];
    const pl = { a: 0, b: 0, c: 0 } as Record<string, number>;
    for (let d = 0; d < 4; d++) {
      const bots = Object.keys(returns).map((id) => {
        const allocation = d === 0 ? 10_000 : Number(history[d - 1]!.rows.find((r) => r.botId === id)!.newAllocation);
        if (d > 0) pl[id]! += returns[id]![d]! * allocation;
        return { botId: id, allocation, pl: pl[id]! };
      });
      const day = decideClose(history, bots, limits, CLOSES[d]!, `d${d}`);
      history.push(day);
      let sum = 0;
      for (const r of day.rows) {
        expect(r.weight).toBeGreaterThanOrEqual(0.2 - 1e-9);
        expect(r.weight).toBeLessThanOrEqual(0.5 + 1e-9);
        sum += Number(r.newAllocation);
      }
      expect(sum).toBeLessThanOrEqual(30_000);
      expect(sum).toBeGreaterThan(30_000 - 0.05);
    }
    // The winner is held at the cap, the losers at or above the floor.
    expect(history[3]!.rows.find((r) => r.botId === 'c')!.weight).toBeCloseTo(0.5, 9);
    expect(() => decideClose([], [{ botId: 'a', allocation: 1, pl: 0 }, { botId: 'b', allocation: 1, pl: 0 }], { ...limits, maxWeight: 0.4 }, 0, 'x')).toThrow(/sum to 1/);

    const ledgers = new Map([['a', ledgerHolding('a', '10000', '10', '100')], ['b', ledgerHolding('b', '10000', '10', '100')]]);
    const bots = botsOver(ledgers);
    const { s, db } = service(tempFile(), bots);
    s.tick(BEFORE_OPEN);
    s.tick(CLOSES[0]! + 1000);
    // Off by default: nothing stored, nothing changed.
    expect(s.days(10)).toEqual([]);
    expect(bots.set).toEqual([]);
    s.setLimits({ ...LIMITS, enabled: true }, 0);
    ledgers.delete('b');
    s.tick(CLOSES[1]! + 1000);
    expect(s.days(10)).toEqual([]);
    expect(s.health().detail).toMatch(/1 running bot\(s\), two are needed/);
    db.close();
  });

  it('shrinking a bot below what it holds sells nothing: its buys are refused, its sells still pass', () => {
    const ledger = ledgerHolding('a', '10000', '100', '100');
    ledger.setAllocation('5000.00');
    const info = { referencePrice: new Decimal('100'), replacing: undefined, requestKey: undefined };
    expect(ledger.qty('MSFT').toFixed()).toBe('100');
    expect(ledger.check(intent('buy', '1'), info)).toMatchObject({ ok: false, code: 'BOT_ALLOCATION_EXCEEDED' });
    expect(ledger.check(intent('sell', '10'), info)).toMatchObject({ ok: true });
    expect(() => ledger.setAllocation('0')).toThrow(/more than 0/);
  });

  it('keeps the limits and the weights over time across a restart (a real SQLite file), and replays to the same next weights', () => {
    const file = tempFile();
    const make = () => new Map([['a', ledgerHolding('a', '10000', '100', '100')], ['b', ledgerHolding('b', '10000', '100', '100')]]);
    const marks = [[100, 100], [101, 99.5], [100.5, 100.2], [102, 99]];
    const run = (ledgers: Map<string, BotLedger>, s: MetaAllocationService, from: number, to: number) => {
      for (let d = from; d < to; d++) {
        ledgers.get('a')!.mark('MSFT', marks[d]![0]!);
        ledgers.get('b')!.mark('MSFT', marks[d]![1]!);
        s.tick(CLOSES[d]! + 1000);
      }
    };
    const limits: AllocationLimits = { enabled: true, method: 'thompson', minWeight: 0.1, maxWeight: 0.9, totalCapital: 25_000 };

    // Without a restart: four closes.
    const straight = make();
    const one = service(tempFile(), botsOver(straight));
    one.s.setLimits(limits, 0);
    one.s.tick(BEFORE_OPEN);
    run(straight, one.s, 0, 4);
    const expected = one.s.days(10);
    one.db.close();

    // With a restart after the second close: a new service on the same file, the ledgers carried on.
    const ledgers = make();
    const first = service(file, botsOver(ledgers));
    first.s.setLimits(limits, 0);
    first.s.tick(BEFORE_OPEN);
    run(ledgers, first.s, 0, 2);
    first.s.stop();
    first.db.close();
    const second = service(file, botsOver(ledgers));
    expect(second.s.limits()).toEqual(limits);
    expect(second.s.days(10)).toHaveLength(2);
    second.s.tick(CLOSES[1]! + 5000);
    run(ledgers, second.s, 2, 4);
    const after = second.s.days(10);
    expect(after).toEqual(expected);
    // The weights moved from the prior (Thompson: the bot that did better got more).
    expect(after[3]!.rows[0]!.weight).toBeGreaterThan(after[3]!.rows[1]!.weight);
    expect(second.s.days(2).map((d) => d.date)).toEqual(['2024-03-14', '2024-03-15']);
    second.db.close();
  });
});
