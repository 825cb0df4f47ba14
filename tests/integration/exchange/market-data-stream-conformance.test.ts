import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decode, encode } from '@msgpack/msgpack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { TestFeed } from '../../../src-main/exchange/market/test-feed.js';
import { MarketDataStream } from '../../../src-main/exchange/streams/market-data-stream.js';
import { CONTRACT_DIR } from '../../support/contract.js';
import { expectSameShape, type ShapeOptions } from '../../support/json-shape.js';
import { KEY_ID, SECRET, startHarness, type Harness } from './market-data-harness.js';

/**
 * Conformance of the market data streams: every recorded `streams/md-*` and `streams/opt-*` frame is matched by
 * a frame the exchange sends over a real WebSocket on loopback (JSON for stocks, msgpack for options), compared
 * by shape (same keys, same JSON types) and, for control frames, by value. The frames the exchange never
 * produces are listed in NOT_PRODUCED with the reason, so the list of recordings stays fully accounted for.
 */
const DIR = join(CONTRACT_DIR, 'streams');
type Message = Record<string, unknown>;
type Frame = Message[];
const recorded = (file: string): unknown => JSON.parse(readFileSync(join(DIR, file), 'utf8'));

export const NOT_PRODUCED: Record<string, string> = {
  'md-imbalance-i.json': 'the market has no auctions with order imbalances',
  'md-luld-l.json': 'the market sets no limit-up/limit-down bands',
  'md-trade-cancel-x.json': 'the market never cancels a trade',
  'md-trade-correction-c.json': 'the market never corrects a trade',
  'md-updated-bar-u.json': 'the market has no late trades, so bars never change after they are sent',
  'md-server-error-407.from-docs.json': 'slow client: loopback clients are never slow enough to trip it',
  'md-server-error-408.from-docs.json': 'v2 not enabled: every key pair has v2',
  'md-server-error-409.from-docs.json': 'insufficient subscription: every key pair may use every feed',
  'md-server-error-411.from-docs.json': 'insufficient scope: key pairs carry no scopes',
  'md-server-error-500.from-docs.json': 'internal error: nothing to provoke it',
};

/** The client messages are sent as recorded; they have no server frame of their own. */
const CLIENT_FILES = ['md-client-auth.from-docs.json', 'md-client-subscribe.from-docs.json', 'md-client-unsubscribe.from-docs.json'];

/** Newer payloads than the docs' examples: bars gained n and vw; subscriptions list every channel. */
const NEWER: ShapeOptions = { allowExtraKeys: true };

interface Client {
  frames: Frame[];
  send(message: unknown): void;
  next(pred: (f: Frame) => boolean): Promise<Frame>;
  closed: Promise<void>;
  close(): void;
}

/** A raw client: JSON text frames, or msgpack both ways (timestamps decoded to RFC-3339 strings for comparison). */
function client(url: string, options: { msgpack?: boolean; headers?: Record<string, string> } = {}): Client {
  const headers = { ...(options.headers ?? {}), ...(options.msgpack ? { 'Content-Type': 'application/msgpack' } : {}) };
  const ws = new WebSocket(url, { headers });
  const frames: Frame[] = [];
  const waiters: { pred: (f: Frame) => boolean; resolve: (f: Frame) => void }[] = [];
  const opened = new Promise((resolve) => ws.on('open', resolve));
  ws.on('message', (data: Buffer) => {
    const raw = options.msgpack ? decode(data) : JSON.parse(data.toString('utf8'));
    const frame = (raw as Frame).map((m) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v])));
    frames.push(frame);
    for (const w of [...waiters]) {
      if (w.pred(frame)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(frame);
      }
    }
  });
  const closed = new Promise<void>((resolve) => ws.on('close', () => resolve()));
  return {
    frames,
    send: (message) => void opened.then(() => ws.send(options.msgpack ? encode(message) : typeof message === 'string' ? message : JSON.stringify(message))),
    next(pred) {
      const hit = frames.find(pred);
      if (hit) return Promise.resolve(hit);
      return new Promise((resolve) => waiters.push({ pred, resolve }));
    },
    closed,
    close: () => ws.close(),
  };
}
const hasT = (T: string, extra: (m: Message) => boolean = () => true) => (f: Frame) => f.some((m) => m.T === T && extra(m));
const only = (f: Frame, T: string): Frame => f.filter((m) => m.T === T);
const auth = (): Message => ({ ...(recorded('md-client-auth.from-docs.json') as Message), key: KEY_ID, secret: SECRET });

describe('market data stream frames have the recorded shapes', () => {
  let h: Harness;
  let stream: MarketDataStream | undefined;
  let ws: string;
  /** Recorded file -> the frame the exchange sent for it. */
  const sent = new Map<string, Frame>();

  beforeAll(async () => {
    h = await startHarness('2024-03-07T16:00:00Z', ({ market, faults, keys }) => {
      stream = new MarketDataStream({ market, faults, keys, authTimeoutMs: 300, symbolLimit: 30, testFeed: new TestFeed(11, Date.parse('2024-03-07T16:00:00Z')) });
      return [stream];
    });
    ws = h.url.replace('http', 'ws');
  });
  afterAll(async () => h.close());

  const tick = (ms: number): void => {
    h.clock.advanceBy(ms);
    h.market.advanceTo(h.clock.now());
    stream?.advanceTestFeed(h.clock.now());
  };

  it('stocks (JSON): handshake, subscription, data messages, status, daily bar', async () => {
    const c = client(`${ws}/v2/sip`);
    sent.set('md-server-success-connected.from-docs.json', await c.next(hasT('success', (m) => m.msg === 'connected')));
    c.send(auth());
    sent.set('md-server-success-authenticated.from-docs.json', await c.next(hasT('success', (m) => m.msg === 'authenticated')));
    c.send(recorded('md-client-subscribe.from-docs.json'));
    const subscribed = await c.next(hasT('subscription'));
    expect(subscribed[0]).toMatchObject({ trades: ['AAPL'], quotes: ['AMD', 'CLDR'], bars: ['AAPL', 'VOO'] });
    sent.set('md-server-subscription.from-docs.json', subscribed);
    c.send(recorded('md-client-unsubscribe.from-docs.json'));
    await c.next((f) => f !== subscribed && hasT('subscription')(f));
    c.send({ action: 'subscribe', trades: ['MSFT'], quotes: ['MSFT'], bars: ['MSFT'], dailyBars: ['MSFT'], statuses: ['*'] });
    await c.next(hasT('subscription', (m) => (m.dailyBars as string[]).includes('MSFT')));
    tick(61_000);
    sent.set('md-trade-t.from-docs.json', only(await c.next(hasT('t', (m) => m.S === 'MSFT')), 't').slice(0, 1));
    const quotes = only(await c.next(hasT('q', (m) => m.S === 'MSFT')), 'q');
    sent.set('md-quote-q.from-docs.json', quotes.slice(0, 1));
    sent.set('md-batch-quotes-AMD.from-docs.json', only(await c.next((f) => only(f, 'q').length >= 2), 'q'));
    sent.set('md-bar-b.from-docs.json', only(await c.next(hasT('b', (m) => m.S === 'MSFT')), 'b'));
    h.market.setHalted('MSFT', true);
    sent.set('md-status-s.from-docs.json', only(await c.next(hasT('s')), 's'));
    h.market.setHalted('MSFT', false);
    h.clock.advanceTo(Date.parse('2024-03-07T21:00:30Z'));
    h.market.advanceTo(h.clock.now());
    sent.set('md-dailybar-d.from-docs.json', only(await c.next(hasT('d', (m) => m.S === 'MSFT')), 'd'));
    c.close();
    await c.closed;
  });

  it('stocks: the error frames the exchange produces (400-406)', async () => {
    const a = client(`${ws}/v2/iex`);
    await a.next(hasT('success'));
    a.send('{not json');
    sent.set('md-server-error-400.from-docs.json', await a.next(hasT('error', (m) => m.code === 400)));
    a.send(recorded('md-client-subscribe.from-docs.json'));
    sent.set('md-server-error-401.from-docs.json', await a.next(hasT('error', (m) => m.code === 401)));
    a.send({ action: 'auth', key: KEY_ID, secret: 'wrong' });
    sent.set('md-server-error-402.from-docs.json', await a.next(hasT('error', (m) => m.code === 402)));
    a.send(auth());
    await a.next(hasT('success', (m) => m.msg === 'authenticated'));
    a.send(auth());
    sent.set('md-server-error-403.from-docs.json', await a.next(hasT('error', (m) => m.code === 403)));
    // 30 symbols fit; one more is refused with 405 and the subscription stays as it was.
    const thirty = Array.from({ length: 30 }, (_, i) => `S${String(i).padStart(2, '0')}`);
    a.send({ action: 'subscribe', trades: thirty.slice(0, 20), quotes: thirty.slice(10) });
    await a.next(hasT('subscription', (m) => (m.quotes as string[]).length === 20));
    a.send({ action: 'subscribe', quotes: ['ONE_MORE'], bars: ['AAPL'] });
    sent.set('md-server-error-405.from-docs.json', await a.next(hasT('error', (m) => m.code === 405)));
    a.send({ action: 'subscribe', bars: ['AAPL'] });
    const kept = await a.next(hasT('subscription', (m) => (m.bars as string[]).includes('AAPL')));
    expect([(kept[0]?.trades as string[]).length, (kept[0]?.quotes as string[]).includes('ONE_MORE')]).toEqual([20, false]);
    const second = client(`${ws}/v2/iex`, { headers: { 'APCA-API-KEY-ID': KEY_ID, 'APCA-API-SECRET-KEY': SECRET } });
    sent.set('md-server-error-406.from-docs.json', await second.next(hasT('error', (m) => m.code === 406)));
    await second.closed;
    a.close();
    const late = client(`${ws}/v2/iex`);
    sent.set('md-server-error-404.from-docs.json', await late.next(hasT('error', (m) => m.code === 404)));
    await late.closed;
  });

  it('options (msgpack): subscription, quote and trade messages; a stock channel is 410', async () => {
    const contract = h.market.optionContracts('AAPL').find((x) => x.type === 'call')?.symbol as string;
    const o = client(`${ws}/v1beta1/indicative`, { msgpack: true });
    await o.next(hasT('success', (m) => m.msg === 'connected'));
    o.send(auth());
    await o.next(hasT('success', (m) => m.msg === 'authenticated'));
    o.send({ action: 'subscribe', bars: [contract] });
    sent.set('md-server-error-410.from-docs.json', await o.next(hasT('error', (m) => m.code === 410)));
    o.send({ action: 'subscribe', trades: [contract], quotes: [contract] });
    sent.set('opt-server-subscription.msgpack.from-docs.json', await o.next(hasT('subscription')));
    for (let i = 0; i < 200 && !o.frames.some(hasT('t')); i++) {
      tick(30_000);
      await new Promise((r) => setTimeout(r, 5));
    }
    sent.set('opt-quote-q.msgpack.from-docs.json', only(await o.next(hasT('q')), 'q').slice(0, 1));
    sent.set('opt-trade-t.msgpack.from-docs.json', only(await o.next(hasT('t')), 't').slice(0, 1));
    o.close();
    await o.closed;
  });

  it('/v2/test: FAKEPACA trades and quotes at all hours (a Saturday), nothing on the real feeds', async () => {
    h.clock.advanceTo(Date.parse('2024-03-09T15:00:00Z'));
    h.market.advanceTo(h.clock.now());
    stream?.advanceTestFeed(h.clock.now());
    const t = client(`${ws}/v2/test`);
    const iex = client(`${ws}/v2/iex`);
    for (const c of [t, iex]) {
      await c.next(hasT('success', (m) => m.msg === 'connected'));
      c.send(auth());
      await c.next(hasT('success', (m) => m.msg === 'authenticated'));
      c.send({ action: 'subscribe', trades: ['FAKEPACA', 'AAPL'], quotes: ['FAKEPACA', 'AAPL'] });
      await c.next(hasT('subscription'));
    }
    tick(3_000);
    const trades = only(await t.next(hasT('t')), 't');
    // One trade per simulated second: three seconds end within the 3 s step (two or three, by the start's alignment).
    expect(trades.length).toBeGreaterThanOrEqual(2);
    expect([...new Set(trades.map((m) => m.S))]).toEqual(['FAKEPACA']);
    expectSameShape(trades, recorded('md-trade-t.from-docs.json'));
    expectSameShape(only(await t.next(hasT('q')), 'q'), recorded('md-quote-q.from-docs.json'));
    await new Promise((r) => setTimeout(r, 50));
    expect(iex.frames.flat().filter((m) => m.T === 't' || m.T === 'q')).toEqual([]);
    t.close();
    iex.close();
  });

  const files = readdirSync(DIR).filter((f) => f.startsWith('md-') || f.startsWith('opt-')).sort();
  it('accounts for every recorded market data stream file', () => {
    const accounted = new Set([...sent.keys(), ...Object.keys(NOT_PRODUCED), ...CLIENT_FILES]);
    expect(files.filter((f) => !accounted.has(f))).toEqual([]);
    expect([...sent.keys()].filter((f) => !files.includes(f))).toEqual([]);
  });

  it.each(files.filter((f) => !(f in NOT_PRODUCED) && !CLIENT_FILES.includes(f)))('%s', (file) => {
    const got = sent.get(file);
    expect(got, `no frame was captured for ${file}`).toBeDefined();
    const want = recorded(file) as Frame;
    const control = want.every((m) => m.T === 'success' || m.T === 'error');
    if (control) {
      expect(got).toEqual(want);
      return;
    }
    expect(got?.map((m) => m.T)).toEqual(got?.map(() => want[0]?.T));
    const newer = file.startsWith('md-bar') || file.startsWith('md-dailybar') || file === 'md-server-subscription.from-docs.json';
    expectSameShape(got, want, newer ? NEWER : {});
  });
});
