import { streaming } from '@alpacahq/alpaca-trade-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { MarketDataStream } from '../../../src-main/exchange/streams/market-data-stream.js';
import { KEY_ID, SECRET, startHarness, type Harness } from './market-data-harness.js';

/** The market data stream over real WebSockets: raw JSON clients and the official SDK's msgpack clients. */
type Frame = Record<string, unknown>[];

function jsonClient(url: string, headers: Record<string, string> = {}): { ws: WebSocket; frames: Frame[]; next: (pred: (f: Frame) => boolean) => Promise<Frame>; closed: Promise<void> } {
  const ws = new WebSocket(url, { headers });
  const frames: Frame[] = [];
  const waiters: { pred: (f: Frame) => boolean; resolve: (f: Frame) => void }[] = [];
  ws.on('message', (data) => {
    const frame = JSON.parse(String(data)) as Frame;
    frames.push(frame);
    for (const w of [...waiters]) if (w.pred(frame)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(frame);
    }
  });
  const closed = new Promise<void>((resolve) => ws.on('close', () => resolve()));
  const next = (pred: (f: Frame) => boolean): Promise<Frame> => {
    const hit = frames.find(pred);
    if (hit) return Promise.resolve(hit);
    return new Promise((resolve) => waiters.push({ pred, resolve }));
  };
  return { ws, frames, next, closed };
}
const hasT = (T: string, extra: (m: Record<string, unknown>) => boolean = () => true) => (f: Frame) => f.some((m) => m.T === T && extra(m));

describe('market data stream', () => {
  let h: Harness;
  let ws: string;
  beforeAll(async () => {
    h = await startHarness('2024-03-07T16:00:00Z', ({ market, faults, keys }) => [new MarketDataStream({ market, faults, keys, authTimeoutMs: 300 })]);
    ws = h.url.replace('http', 'ws');
  });
  afterAll(async () => h.close());

  const tick = (ms: number): void => {
    h.clock.advanceBy(ms);
    h.market.advanceTo(h.clock.now());
  };

  it('speaks JSON: connect, auth, subscribe, trades and quotes, halted status, second connection 406', async () => {
    const a = jsonClient(`${ws}/v2/sip`);
    await a.next(hasT('success', (m) => m.msg === 'connected'));
    a.ws.send(JSON.stringify({ action: 'subscribe', trades: ['AAPL'] }));
    await a.next(hasT('error', (m) => m.code === 401));
    a.ws.send(JSON.stringify({ action: 'auth', key: KEY_ID, secret: SECRET }));
    await a.next(hasT('success', (m) => m.msg === 'authenticated'));
    a.ws.send(JSON.stringify({ action: 'subscribe', trades: ['AAPL'], quotes: ['AAPL'], bars: ['*'], statuses: ['*'] }));
    const sub = await a.next(hasT('subscription'));
    expect(sub[0]).toMatchObject({ T: 'subscription', trades: ['AAPL'], quotes: ['AAPL'], bars: ['*'] });
    tick(61_000);
    const trade = await a.next(hasT('t'));
    expect(trade.find((m) => m.T === 't')).toMatchObject({ S: 'AAPL', t: expect.stringMatching(/Z$/), p: expect.any(Number), c: expect.any(Array) });
    await a.next(hasT('b'));

    const second = jsonClient(`${ws}/v2/sip`, { 'APCA-API-KEY-ID': KEY_ID, 'APCA-API-SECRET-KEY': SECRET });
    await second.next(hasT('error', (m) => m.code === 406 && m.msg === 'connection limit exceeded'));
    await second.closed;

    h.market.setHalted('AAPL', true);
    const status = await a.next(hasT('s'));
    expect(status[0]).toMatchObject({ S: 'AAPL', sc: 'H' });
    a.frames.length = 0;
    tick(5_000);
    await new Promise((r) => setTimeout(r, 100));
    expect(a.frames.flat().filter((m) => m.T === 't' || m.T === 'q')).toEqual([]);
    h.market.setHalted('AAPL', false);
    a.ws.close();
    await a.closed;
  });

  it('times out a client that does not authenticate', async () => {
    const c = jsonClient(`${ws}/v2/iex`);
    await c.next(hasT('error', (m) => m.code === 404 && m.msg === 'auth timeout'));
    await c.closed;
  });

  it('serves the official SDK over msgpack, stocks and options', async () => {
    const stocks = new streaming.StockDataStream({ credentials: { keyId: KEY_ID, secret: SECRET }, url: `${ws}/v2/iex`, reconnect: false, pingIntervalMs: 0 });
    const quotes: streaming.StreamQuote[] = [];
    stocks.onQuote((q) => quotes.push(q));
    stocks.onConnect(() => stocks.subscribeForQuotes(['MSFT']));
    stocks.connect();
    expect((await stocks.whenAuthenticated()).authenticated).toBe(true);
    await new Promise((r) => setTimeout(r, 100));
    const contract = h.market.optionContracts('AAPL')[0]?.symbol as string;
    const options = new streaming.OptionDataStream({ credentials: { keyId: KEY_ID, secret: SECRET }, url: `${ws}/v1beta1/indicative`, reconnect: false, pingIntervalMs: 0 });
    const optionQuotes: streaming.StreamQuote[] = [];
    options.onQuote((q) => optionQuotes.push(q));
    options.onConnect(() => options.subscribeForQuotes([contract]));
    options.connect();
    expect((await options.whenAuthenticated()).authenticated).toBe(true);
    await new Promise((r) => setTimeout(r, 100));
    for (let i = 0; i < 5 && (quotes.length === 0 || optionQuotes.length === 0); i++) {
      tick(2_000);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(quotes.length).toBeGreaterThan(0);
    expect(quotes[0]?.symbol).toBe('MSFT');
    expect(quotes[0]?.timestamp).toBeInstanceOf(Date);
    expect(optionQuotes[0]?.symbol).toBe(contract);
    stocks.disconnect();
    options.disconnect();
  });
  it('sends the quote flow (several a second) to a client that asked for it, and no quote to one that did not', async () => {
    const quoting = jsonClient(`${ws}/v2/iex`, { 'APCA-API-KEY-ID': 'PKSECOND', 'APCA-API-SECRET-KEY': 'secret-2' });
    const barsOnly = jsonClient(`${ws}/v2/sip`, { 'APCA-API-KEY-ID': 'PKSECOND', 'APCA-API-SECRET-KEY': 'secret-2' });
    await quoting.next(hasT('success', (m) => m.msg === 'authenticated'));
    await barsOnly.next(hasT('success', (m) => m.msg === 'authenticated'));
    quoting.ws.send(JSON.stringify({ action: 'subscribe', quotes: ['MSFT'] }));
    barsOnly.ws.send(JSON.stringify({ action: 'subscribe', bars: ['*'] }));
    await quoting.next(hasT('subscription'));
    await barsOnly.next(hasT('subscription'));
    const from = h.clock.now();
    for (let i = 0; i < 20; i++) tick(500);
    const expected = h.market.quotes('MSFT', from + 1, h.clock.now() + 1);
    const quotes = (): Record<string, unknown>[] => quoting.frames.flat().filter((m) => m.T === 'q');
    for (let wait = 0; wait < 100 && quotes().length < expected.length; wait++) await new Promise((r) => setTimeout(r, 20));
    // Every quote of the ten seconds, in order, and only MSFT's.
    expect(expected.length).toBeGreaterThan(30);
    expect(quotes().map((m) => [m.S, m.bp, m.ap])).toEqual(expected.map((q) => ['MSFT', q.bidPrice, q.askPrice]));
    tick(60_000);
    await barsOnly.next(hasT('b'));
    expect(barsOnly.frames.flat().filter((m) => m.T === 'q' || m.T === 't')).toEqual([]);
    quoting.ws.close();
    barsOnly.ws.close();
    await Promise.all([quoting.closed, barsOnly.closed]);
  });
});
