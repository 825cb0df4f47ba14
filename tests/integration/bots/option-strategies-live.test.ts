import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderIntent } from '../../../src-shared/domain/order-intent.js';
import type { SubmitResult } from '../../../src-main/kernel/orders/order-manager.js';
import type { AlpacaDataConfig } from '../../../src-main/adapters/alpaca/market-data/config.js';
import { AlpacaMarketDataRest } from '../../../src-main/adapters/alpaca/market-data/rest-client.js';
import { OptionBot, type OptionBotAction } from '../../../src-main/bots/options/option-bot.js';
import { occParts } from '../../../src-main/bots/options/occ.js';
import { OptionLedger } from '../../../src-main/bots/options/option-ledger.js';
import { SimulatedClock } from '../../../src-main/exchange/clock.js';
import { nyDate, nyTime } from '../../../src-main/exchange/market/ny-time.js';
import { parseParams } from '../../../src-main/kernel/strategy/params.js';
import { OptionsService } from '../../../src-main/options/options-service.js';
import { OPTION_STRATEGIES } from '../../../src-main/strategies/options/index.js';
import { startHarness, type Harness } from '../orders/harness.js';

/**
 * The OptionsBot strategies hosted live against the local exchange in demo: the chain from the options service (the
 * exchange's snapshots over the SDK), daily bars from market data, orders through a real order manager and its risk
 * engine under bot:<id> with the bot's option ledger in the risk path. Each bot trades its own underlying, so the
 * account's positions per symbol are its own and can be compared with its ledger.
 */
let h: Harness;
let config: AlpacaDataConfig;
let options: OptionsService;
let bars: AlpacaMarketDataRest;

interface Run {
  bot: OptionBot;
  ledger: OptionLedger;
  actions: OptionBotAction[];
}

type Submit = (intent: OrderIntent, source: string) => Promise<SubmitResult>;

function makeBot(id: string, name: string, underlying: string, params: Record<string, string>, allocation = '100000', afterSubmit?: () => void, submitVia?: (real: Submit) => Submit): { bot: OptionBot; ledger: OptionLedger } {
  const definition = OPTION_STRATEGIES.get(name)!;
  const ledger = new OptionLedger(`bot:${id}`, allocation, underlying);
  ledger.rebuild(h.manager.orders(), h.manager.fills());
  const off = h.manager.events.on('fill', (fill) => {
    if (fill.clientOrderId !== null) ledger.onFill(fill, h.manager.order(fill.clientOrderId));
  });
  h.manager.setSourceCheck(ledger.source, ledger.check);
  detach.push(() => {
    off();
    h.manager.setSourceCheck(ledger.source, undefined);
  });
  const bot = new OptionBot({
    id,
    definition,
    params: definition.params.parse(parseParams(definition.params, params)),
    underlying,
    ledger,
    orders: {
      submit: async (intent, source) => {
        const real: Submit = (i, src) => h.manager.submit(i, src);
        const result = await (submitVia ? submitVia(real) : real)(intent, source);
        afterSubmit?.();
        return result;
      },
      order: (c) => h.manager.order(c),
      orders: () => h.manager.orders(),
    },
    chain: () => options.chain(underlying, undefined),
    dailyBars: async (count) => (await bars.bars([underlying], '1Day', { start: h.exchange.clock.now() - (count * 1.6 + 10) * 86_400_000 })).get(underlying)!.slice(-count),
    log: h.log,
  });
  return { bot, ledger };
}

const detach: Array<() => void> = [];

async function brokerQty(symbol: string): Promise<number> {
  const positions = await h.brokerPositions();
  return Number(positions.find((p) => p.symbol === symbol)?.qty ?? '0');
}

/** Every option the ledger holds is held at the broker in the same quantity (each bot has its own underlying). */
async function expectLedgerAtBroker(ledger: OptionLedger, underlying: string): Promise<void> {
  const positions = await h.brokerPositions();
  const broker = new Map(positions.filter((p) => p.symbol.startsWith(underlying)).map((p) => [p.symbol, Number(p.qty)]));
  const mine = new Map([...ledger.options()]);
  const shares = ledger.qty(underlying).toNumber();
  if (shares !== 0) mine.set(underlying, shares);
  expect(mine).toEqual(broker);
}

beforeAll(async () => {
  h = await startHarness({ exchange: { rateLimitPerMinute: 20_000 }, requestsPerSecond: 500 });
  config = { tradingUrl: h.exchange.tradingUrl, dataUrl: h.exchange.dataUrl, stockStreamUrl: '', keyId: h.exchange.keys.keyId, secret: h.exchange.keys.secret, feed: 'iex', source: 'demo-exchange', requestsPerMinute: 20_000 };
  options = new OptionsService({ log: { info: () => {}, warn: () => {}, error: () => {} } as never, config: () => config });
  bars = new AlpacaMarketDataRest(config);
}, 30_000);

afterAll(async () => {
  for (const off of detach.splice(0)) off();
  await h?.close();
});

describe('OptionsBot strategies live against the local exchange', () => {
  it('iron-condor opens one mleg order (four legs filled), sized within its share of capital; a restarted bot closes it', async () => {
    const { bot, ledger } = makeBot('ic', 'iron-condor', 'SPY', {});
    const actions = await bot.decide();
    expect(actions.map((a) => [a.kind, a.status, a.refused])).toEqual([['open', 'filled', undefined]]);
    const parent = h.manager.order(actions[0]!.clientOrderId!)!;
    expect(parent.source).toBe('bot:ic');
    expect(parent.intent.orderClass).toBe('mleg');
    // A marketable limit, not a market order: a condor opens for a credit (a negative net limit).
    expect(parent.intent.type).toBe('limit');
    expect(Number(parent.intent.limitPrice)).toBeLessThan(0);
    const legs = h.manager.orders().filter((o) => o.parentClientOrderId === parent.clientOrderId);
    expect(legs.map((l) => l.status)).toEqual(['filled', 'filled', 'filled', 'filled']);
    const units = Number(parent.intent.qty);
    expect(units).toBeGreaterThanOrEqual(1);
    // Two short strikes inside two long wings; the worst loss at expiry (the wider wing less the credit) is within
    // 5% of the bot's capital (maxLossShare), and the ledger holds it back.
    const held = [...ledger.options()];
    expect(held.map(([, q]) => Math.abs(q))).toEqual([units, units, units, units]);
    const credit = ledger.cash().toNumber() - 100_000;
    expect(credit).toBeGreaterThan(0);
    const reserved = Number(ledger.snapshot().reserved);
    expect(reserved - credit).toBeLessThanOrEqual(0.05 * 100_000);
    expect(reserved - credit).toBeGreaterThan(0);
    await expectLedgerAtBroker(ledger, 'SPY');

    // The next session's decision holds it (44 days left, no profit or stop yet): nothing is sent.
    expect(await bot.decide()).toEqual([]);

    // A restart with a 60-day exit finds the structure in the journal and closes it with the legs reversed (and,
    // asked for expiries 100 to 120 days out, which the demo does not list, opens no other).
    const again = makeBot('ic', 'iron-condor', 'SPY', { exitDays: '60', minDays: '100', maxDays: '120' });
    const closing = await again.bot.decide();
    expect(closing.map((a) => [a.kind, a.status])).toEqual([['close', 'filled']]);
    expect(closing[0]!.reason).toMatch(/days to expiry/);
    const close = h.manager.order(closing[0]!.clientOrderId!)!;
    expect(close.intent.legs!.map((l) => l.positionIntent)).toEqual(parent.intent.legs!.map((l) => (l.side === 'buy' ? 'sell_to_close' : 'buy_to_close')));
    expect(again.ledger.options().size).toBe(0);
    for (const [symbol] of held) expect(await brokerQty(symbol)).toBe(0);
  }, 60_000);

  it('covered-call buys round lots and sells one call per 100 shares in one decision; a roll closes and sells again', async () => {
    const { bot, ledger } = makeBot('cc', 'covered-call', 'AAPL', { minDays: '20', maxDays: '30' }, '30000');
    const actions = await bot.decide();
    expect(actions.map((a) => [a.kind, a.refused ?? a.status])).toEqual([
      ['shares', 'filled'],
      ['open', 'filled'],
    ]);
    const shares = ledger.qty('AAPL').toNumber();
    expect(shares % 100).toBe(0);
    expect(shares).toBeGreaterThanOrEqual(100);
    // 90% of the bot's $30,000 in round lots at the price paid (the bots share one demo account of $100,000).
    const paid = Number(h.manager.order(actions[0]!.clientOrderId!)!.filledAvgPrice);
    expect(shares * paid).toBeLessThanOrEqual(27_000);
    expect((shares + 100) * paid).toBeGreaterThan(27_000);
    const call = h.manager.order(actions[1]!.clientOrderId!)!;
    expect([call.intent.side, call.intent.positionIntent, call.intent.qty]).toEqual(['sell', 'sell_to_open', String(shares / 100)]);
    await expectLedgerAtBroker(ledger, 'AAPL');

    // Restarted with a 30-day roll: the call (22 days left) is bought back and one 40 to 50 days out sold.
    const roll = makeBot('cc', 'covered-call', 'AAPL', { rollDays: '30', minDays: '40', maxDays: '50' }, '30000');
    const rolled = await roll.bot.decide();
    expect(rolled.map((a) => [a.kind, a.refused ?? a.status])).toEqual([
      ['close', 'filled'],
      ['open', 'filled'],
    ]);
    expect(h.manager.order(rolled[0]!.clientOrderId!)!.intent.positionIntent).toBe('buy_to_close');
    await expectLedgerAtBroker(roll.ledger, 'AAPL');
    expect([...roll.ledger.options().values()]).toEqual([-shares / 100]);
  }, 60_000);

  it('every other option strategy decides live: each order it sends fills or is refused with a code; its ledger equals the broker', async () => {
    const cases: Array<[string, string, Record<string, string>]> = [
      ['butterfly', 'MSFT', {}],
      ['straddle', 'NVDA', { maxLossShare: '0.5' }],
      ['strangle', 'AMZN', {}],
      ['calendar-spread', 'GOOGL', {}],
      ['protective-put', 'KO', {}],
      ['volatility-arbitrage', 'META', { threshold: '0.02', lookback: '20' }],
      ['calendar-arbitrage', 'XOM', { threshold: '0.001' }],
    ];
    const opened: string[] = [];
    for (const [name, underlying, params] of cases) {
      // $20,000 each: the bots share one demo account of $100,000 (the broker's options buying power is the account's).
      const { bot, ledger } = makeBot(`live-${name}`, name, underlying, params, '20000');
      const actions = await bot.decide();
      for (const a of actions) {
        expect(a.refused === undefined ? a.status : 'refused', `${name} ${a.kind}: ${a.refused ?? ''}`).toBe('filled');
      }
      if (actions.some((a) => a.kind === 'open')) opened.push(name);
      await expectLedgerAtBroker(ledger, underlying);
    }
    // The structures the demo chain offers (butterfly ... protective-put; the arbitrage ones trade only when their
    // gap is there) (expiries 2 days to 10 weeks out, 8 strikes a side) let these open.
    expect(opened).toEqual(expect.arrayContaining(['butterfly', 'straddle', 'strangle', 'calendar-spread', 'protective-put']));
  }, 120_000);

  it('a bot stopped during its decision sends nothing more: the covered call after its shares stays unsent', async () => {
    let stop = (): void => undefined;
    const { bot } = makeBot('stopped', 'covered-call', 'PFE', { minDays: '20', maxDays: '30' }, '10000', () => stop());
    stop = () => bot.stop();
    const actions = await bot.decide();
    expect(actions.map((a) => [a.kind, a.refused ?? a.status])).toEqual([
      ['shares', 'filled'],
      ['open', 'the bot was stopped during its decision'],
    ]);
    expect(h.manager.orders().filter((o) => o.source === 'bot:stopped')).toHaveLength(1);
  }, 60_000);

  it('a structure whose limit the price band refuses (the quote moved) goes at market instead of not at all', async () => {
    const sent: OrderIntent[] = [];
    let refusedOnce = false;
    const { bot, ledger } = makeBot('band', 'covered-call', 'JNJ', { minDays: '20', maxDays: '30' }, '20000', undefined, (real) => async (intent, source) => {
      sent.push(intent);
      // The first option limit meets a quote that moved past the band, as the risk engine refuses it.
      if (!refusedOnce && intent.type === 'limit' && intent.positionIntent === 'sell_to_open') {
        refusedOnce = true;
        return { ok: false, code: 'PRICE_BAND', message: 'sell limit 0.24 is more than 5% below the bid 0.26' };
      }
      return real(intent, source);
    });
    const actions = await bot.decide();
    expect(actions.map((a) => [a.kind, a.refused ?? a.status])).toEqual([
      ['shares', 'filled'],
      ['open', 'filled'],
    ]);
    expect(sent.map((i) => `${i.positionIntent ?? 'shares'} ${i.type}`)).toEqual(['shares market', 'sell_to_open limit', 'sell_to_open market']);
    await expectLedgerAtBroker(ledger, 'JNJ');
  }, 60_000);

  it("refuses an option order beyond the bot's capital in the risk path (BOT_ALLOCATION_EXCEEDED)", async () => {
    const { bot } = makeBot('small', 'iron-condor', 'QQQ', { maxLossShare: '0.5' }, '300');
    const actions = await bot.decide();
    // Half of $300 pays for no condor: the strategy sizes it to zero units and sends nothing.
    expect(actions).toEqual([]);
    const { ledger } = makeBot('small2', 'iron-condor', 'QQQ', {}, '300');
    const chain = await options.chain('QQQ', undefined);
    const rows = chain.rows.filter((r) => r.bid !== null && r.ask !== null && r.type === 'put');
    for (const r of rows) ledger.mark(r.symbol, (r.bid! + r.ask!) / 2, { bid: r.bid!, ask: r.ask! });
    const [low, high] = [rows[0]!, rows[rows.length - 1]!];
    const result = await h.manager.submit(
      { type: 'market', timeInForce: 'day', qty: '5', extendedHours: false, orderClass: 'mleg', legs: [{ symbol: low.symbol, side: 'buy', ratioQty: '1', positionIntent: 'buy_to_open' }, { symbol: high.symbol, side: 'sell', ratioQty: '1', positionIntent: 'sell_to_open' }] },
      'bot:small2',
    );
    expect(result.ok).toBe(false);
    expect(!result.ok && result.code).toBe('BOT_ALLOCATION_EXCEEDED');
  }, 60_000);

  it("settles the bot's options past expiry in its ledger as the exchange settled them at the close (shares delivered or none)", async () => {
    const { bot, ledger } = makeBot('expiry', 'covered-call', 'WMT', { minDays: '1', maxDays: '6' }, '30000');
    const actions = await bot.decide();
    expect(actions.map((a) => [a.kind, a.refused ?? a.status])).toEqual([
      ['shares', 'filled'],
      ['open', 'filled'],
    ]);
    const [[call, contracts]] = [...ledger.options()] as [[string, number]];
    expect(contracts).toBeLessThan(0);
    const expiry = occParts(call)!.expiration;
    // The exchange's clock past the expiry day's close; the exchange settles the account at that close. Last in
    // this file: every test after it would find the market days later.
    const clock = h.exchange.clock;
    if (!(clock instanceof SimulatedClock)) throw new Error('the harness exchange runs a simulated clock');
    const after = nyTime(expiry, 16, 30);
    clock.advanceTo(Math.max(after, clock.now()));
    await expect.poll(async () => brokerQty(call), { timeout: 20_000 }).toBe(0);
    const nextDay = nyDate(after + 12 * 3_600_000);
    const booked = await bot.settleExpired(nextDay);
    expect(booked.map((b) => [b.symbol, b.contracts])).toEqual([[call, String(contracts)]]);
    expect(['assignment', 'expiry']).toContain(booked[0]!.kind);
    expect(ledger.options().size).toBe(0);
    // Shares called away or kept: the ledger holds what the broker holds, and its cash moved by the strike if assigned.
    await expectLedgerAtBroker(ledger, 'WMT');
    expect(await bot.settleExpired(nextDay)).toEqual([]);
  }, 60_000);
});
