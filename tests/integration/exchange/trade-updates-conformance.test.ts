import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { Broker } from '../../../src-main/exchange/broker/broker.js';
import { SimulatedClock } from '../../../src-main/exchange/clock.js';
import { FaultPlan } from '../../../src-main/exchange/faults.js';
import { tradingRoutes } from '../../../src-main/exchange/routes/trading/index.js';
import { createExchangeServer, type ExchangeServer } from '../../../src-main/exchange/server/exchange-server.js';
import { TradeUpdatesStream } from '../../../src-main/exchange/streams/trade-updates-stream.js';
import { CONTRACT_DIR } from '../../support/contract.js';
import { expectSameShape } from '../../support/json-shape.js';
import { FakeMarket, S1, S2 } from '../../unit/exchange/broker/fake-market.js';

/**
 * Conformance of the trade_updates stream: every recorded `streams/trade_updates-*` file is matched by a frame
 * the exchange sends over a real WebSocket on loopback. Order events are produced by driving the broker into the
 * scenario the event belongs to (a scripted market, a stopped clock and a manual venue queue, so races are
 * exact) and compared by shape: the same envelope and `data` keys with the same JSON types, the order object with
 * at least the recorded keys, and the same enum vocabulary (event, status, classes, sides, types).
 */
const KEY = 'PKCONFORMSTREAM';
const SECRET = 'secret-conform-stream';
const DIR = join(CONTRACT_DIR, 'streams');
const recorded = (file: string): Record<string, unknown> => JSON.parse(readFileSync(join(DIR, file), 'utf8')) as Record<string, unknown>;

/** Alpaca's vocabulary for the order enums a trade update carries (contract README §3 and §5). */
const VOCABULARY: Record<string, readonly string[]> = {
  status: ['new', 'partially_filled', 'filled', 'done_for_day', 'canceled', 'expired', 'replaced', 'pending_cancel', 'pending_replace', 'accepted', 'pending_new', 'accepted_for_bidding', 'stopped', 'rejected', 'suspended', 'calculated', 'held', 'pending_review'],
  side: ['buy', 'sell'],
  type: ['market', 'limit', 'stop', 'stop_limit', 'trailing_stop'],
  order_type: ['market', 'limit', 'stop', 'stop_limit', 'trailing_stop'],
  time_in_force: ['day', 'gtc', 'opg', 'cls', 'ioc', 'fok'],
  order_class: ['', 'simple', 'bracket', 'oco', 'oto', 'mleg'],
  asset_class: ['us_equity', 'us_option', 'crypto'],
};

type Frame = { stream: string; data: Record<string, unknown> };

let server: ExchangeServer;
let market: FakeMarket;
let broker: Broker;
let clock: SimulatedClock;
let stream: TradeUpdatesStream;
const venue: (() => void)[] = [];
const runVenue = (): void => {
  while (venue.length > 0) venue.shift()?.();
};
const faults = new FaultPlan();

interface Client {
  frames: Frame[];
  send(message: unknown): void;
  /** Waits until `count` frames have arrived in all. */
  until(count: number): Promise<Frame[]>;
  close(): void;
}

async function connect(): Promise<Client> {
  const socket = new WebSocket(server.url.replace('http', 'ws') + '/stream');
  const frames: Frame[] = [];
  let wake: () => void = () => undefined;
  socket.on('message', (data: Buffer) => {
    frames.push(JSON.parse(data.toString('utf8')) as Frame);
    wake();
  });
  await new Promise((resolve) => socket.on('open', resolve));
  return {
    frames,
    send: (message) => socket.send(JSON.stringify(message)),
    async until(count) {
      for (let i = 0; i < 100 && frames.length < count; i++) await new Promise<void>((resolve) => ((wake = resolve), setTimeout(resolve, 20)));
      return frames;
    },
    close: () => socket.close(),
  };
}

beforeAll(async () => {
  market = new FakeMarket();
  // Pre-market of day 1: the first order waits as accepted, so it shows the pending_new step when routed.
  clock = new SimulatedClock(S1.sessionOpen + 60 * 60_000, 0);
  market.setQuote('AAPL', 100, 100.1, clock.now());
  market.setQuote('SPY', 300, 300.1, clock.now());
  // Every eligible fill is split (qty 1 orders cannot be): the partial fills of the scenarios are certain.
  broker = new Broker(market, clock, { partialFillShare: 1, seed: 11, schedule: (task) => venue.push(task) });
  const keys = new Map([[KEY, SECRET]]);
  stream = new TradeUpdatesStream({ broker, keys, faults });
  server = createExchangeServer({ routes: tradingRoutes(broker, market, clock), streams: [stream], keys, faults, log: { warn: () => {}, error: () => {} } });
  await server.listen(0);
});

afterAll(async () => {
  stream.dispose();
  broker.dispose();
  await server.close();
});

describe('trade_updates frames have the recorded shapes', () => {
  /** The first frame of each event, from one session that walks through every scenario. */
  const byEvent = new Map<string, Frame>();
  /** Each event's order status just before it (for the *_rejected events, which leave the status unchanged). */
  const statusBefore = new Map<string, unknown>();
  const handshake: Frame[] = [];

  beforeAll(async () => {
    const client = await connect();
    const auth = recorded('trade_updates-client-authenticate.from-docs.json') as { action: string; data: Record<string, string> };
    client.send({ ...auth, data: { ...auth.data, key_id: KEY, secret_key: SECRET } });
    client.send(recorded('trade_updates-client-listen.from-docs.json'));
    handshake.push(...(await client.until(2)).slice(0, 2));
    const order = (body: Record<string, unknown>) => broker.submitOrder(KEY, body);
    const tick = (ms: number): number => {
      clock.advanceBy(ms);
      return clock.now();
    };

    // accepted pre-market -> pending_new -> new -> fill at the open (qty 1: never split)
    order({ symbol: 'AAPL', qty: '1', side: 'buy', type: 'market', time_in_force: 'day' });
    clock.advanceTo(S1.open + 60_000);
    market.quote('AAPL', 100, 100.1, clock.now());
    // pending_cancel -> canceled
    const resting = order({ symbol: 'SPY', qty: '1', side: 'buy', type: 'limit', limit_price: '250', time_in_force: 'gtc' });
    broker.cancelOrder(KEY, String(resting.id));
    runVenue();
    // a cancel racing a fill: the fill wins, the cancel is rejected
    const racing = order({ symbol: 'AAPL', qty: '1', side: 'buy', type: 'limit', limit_price: '99', time_in_force: 'gtc' });
    broker.cancelOrder(KEY, String(racing.id));
    market.quote('AAPL', 98.9, 99, tick(1000));
    runVenue();
    // pending_replace -> replaced
    const replaceable = order({ symbol: 'SPY', qty: '1', side: 'buy', type: 'limit', limit_price: '250', time_in_force: 'gtc' });
    const replacement = broker.replaceOrder(KEY, String(replaceable.id), { limit_price: '251' });
    runVenue();
    broker.cancelOrder(KEY, String(replacement.id));
    runVenue();
    // a replace racing a fill: order_replace_rejected, and the replacement is rejected
    const raced = order({ symbol: 'AAPL', qty: '1', side: 'buy', type: 'limit', limit_price: '98', time_in_force: 'gtc' });
    broker.replaceOrder(KEY, String(raced.id), { limit_price: '97' });
    market.quote('AAPL', 97.9, 98, tick(1000));
    runVenue();
    // partial_fill, then done_for_day at the close, then expired before the next session
    order({ symbol: 'SPY', qty: '10', side: 'buy', type: 'limit', limit_price: '300.1', time_in_force: 'day' });
    clock.advanceTo(S1.close + 1000);
    market.quote('SPY', 301, 301.1, clock.now());
    clock.advanceTo(S2.sessionOpen);
    market.quote('SPY', 301, 301.1, clock.now());

    const all = await client.until(handshake.length + 25);
    const lastStatus = new Map<unknown, unknown>();
    for (const frame of all.slice(2)) {
      const event = String(frame.data.event);
      const id = frame.data.order && (frame.data.order as Record<string, unknown>).id;
      if (!byEvent.has(event)) {
        byEvent.set(event, frame);
        statusBefore.set(event, lastStatus.get(id));
      }
      lastStatus.set(id, (frame.data.order as Record<string, unknown>).status);
    }
    client.close();
  });

  const files = readdirSync(DIR).filter((f) => f.startsWith('trade_updates-')).sort();

  it('answers the recorded client messages with the recorded server frames', () => {
    expect(handshake).toEqual([recorded('trade_updates-server-authorized.from-docs.json'), recorded('trade_updates-server-listening.from-docs.json')]);
  });

  it('refuses listen before auth and a wrong secret with the recorded frames', async () => {
    const client = await connect();
    client.send(recorded('trade_updates-client-listen.from-docs.json'));
    client.send({ action: 'authenticate', data: { key_id: KEY, secret_key: 'wrong' } });
    expect(await client.until(2)).toEqual([recorded('trade_updates-server-listen-unauthorized.from-docs.json'), recorded('trade_updates-server-unauthorized.from-docs.json')]);
    client.close();
  });

  /** Recorded order event file -> the event the exchange must send for it. */
  const EVENT_FILES = files.filter((f) => !/-(client|server)-/.test(f));
  it('has a scenario for every recorded order event', () => {
    expect(EVENT_FILES.length).toBeGreaterThanOrEqual(14);
    const covered = EVENT_FILES.map((f) => String(recorded(f).data && (recorded(f).data as Record<string, unknown>).event));
    expect(covered.filter((event) => !byEvent.has(event))).toEqual([]);
  });

  it.each(EVENT_FILES)('%s', (file) => {
    const want = recorded(file) as Frame;
    const event = String(want.data.event);
    const got = byEvent.get(event);
    expect(got, `no ${event} frame was sent`).toBeDefined();
    if (!got) return;
    const { order: gotOrder, ...gotRest } = got.data;
    // cancel_requested_at appears only in the docs' crypto example (no equity order carries it).
    const { order: wantOrderRaw, ...wantRest } = want.data;
    const { cancel_requested_at: _unused, ...wantOrder } = wantOrderRaw as Record<string, unknown>;
    expect(got.stream).toBe(want.stream);
    expectSameShape(gotRest, wantRest);
    // Orders carry fields newer than the recordings (position_intent, subtag, source, ...); every recorded key must be there.
    expectSameShape(gotOrder, wantOrder, { allowExtraKeys: true });
    expect(got.data.event).toBe(event);
    const o = gotOrder as Record<string, unknown>;
    for (const [field, words] of Object.entries(VOCABULARY)) expect(words, `${field}=${String(o[field])}`).toContain(o[field]);
    const wantStatus = (wantOrder as Record<string, unknown>).status;
    if (event === 'order_cancel_rejected' || event === 'order_replace_rejected') {
      // The order keeps the status it had (the recording shows a `new` order; here the fill won the race).
      expect(o.status).toBe(statusBefore.get(event));
    } else {
      expect(o.status).toBe(wantStatus);
    }
  });
});
