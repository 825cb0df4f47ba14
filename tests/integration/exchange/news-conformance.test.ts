import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decode } from '@msgpack/msgpack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { SimulatedClock } from '../../../src-main/exchange/clock.js';
import { startExchange, type RunningExchange } from '../../../src-main/exchange/exchange.js';
import { SyntheticMarket } from '../../../src-main/exchange/market/synthetic-market.js';
import { NewsWire, type NewsArticle } from '../../../src-main/exchange/news/news-wire.js';
import { expectSameShape } from '../../support/json-shape.js';

/**
 * The local exchange's news against the recorded Alpaca news payloads (copies in tests/fixtures/news, taken from
 * ../shared/alpaca-contract market-data/news-*.json and streams/news-*.json): GET /v1beta1/news pages and the
 * /v1beta1/news stream's frames, over real HTTP and WebSocket on loopback, compared by shape; paging and the
 * subscription ack by value.
 */
const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'news');
const recorded = (file: string): unknown => JSON.parse(readFileSync(join(FIXTURES, file), 'utf8'));
type Message = Record<string, unknown>;

/** A Wednesday at 10:00 New York: a month of sessions behind it. */
const START = Date.parse('2024-03-06T15:00:00Z');

describe('news conformance with the recorded Alpaca payloads', () => {
  let ex: RunningExchange;
  let clock: SimulatedClock;
  let headers: Record<string, string>;
  const get = async (path: string): Promise<{ status: number; body: Record<string, unknown> }> => {
    const res = await fetch(`${ex.dataUrl}${path}`, { headers });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    clock = new SimulatedClock(START, 0);
    ex = await startExchange({ seed: 7, clock, rateLimitPerMinute: 100_000 });
    headers = { 'APCA-API-KEY-ID': ex.keys.keyId, 'APCA-API-SECRET-KEY': ex.keys.secret };
  });
  afterAll(async () => ex.close());

  it('a news page has the recorded shape, with and without content', async () => {
    const plain = await get('/v1beta1/news?symbols=AAPL,MSFT,NVDA,TSLA&start=2024-02-01T00:00:00Z&limit=3');
    expect(plain.status).toBe(200);
    const news = plain.body.news as Message[];
    expect(news).toHaveLength(3);
    expectSameShape(plain.body, recorded('news-page.json'));
    expect(news.every((n) => n.content === '' && n.source === 'synthetic')).toBe(true);
    const full = await get('/v1beta1/news?symbols=AAPL,MSFT,NVDA,TSLA&start=2024-02-01T00:00:00Z&limit=3&include_content=true');
    expectSameShape(full.body, recorded('news-page-include-content.from-docs.json'));
    expect((full.body.news as Message[]).every((n) => typeof n.content === 'string' && n.content.startsWith('<p>'))).toBe(true);
    expect(typeof full.body.next_page_token).toBe('string');
  });

  it('pages follow each other without gaps or repeats, newest first by default', async () => {
    const all = await get('/v1beta1/news?symbols=AAPL,MSFT,NVDA&start=2024-02-01T00:00:00Z&limit=50');
    const ids = (all.body.news as Message[]).map((n) => n.id);
    expect(ids.length).toBeGreaterThan(4);
    const times = (all.body.news as Message[]).map((n) => Date.parse(n.created_at as string));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const paged: unknown[] = [];
    let token: string | null = null;
    do {
      const page: { body: Record<string, unknown> } = await get(`/v1beta1/news?symbols=AAPL,MSFT,NVDA&start=2024-02-01T00:00:00Z&limit=2${token ? `&page_token=${encodeURIComponent(token)}` : ''}`);
      paged.push(...(page.body.news as Message[]).map((n) => n.id));
      token = page.body.next_page_token as string | null;
    } while (token && paged.length < 200);
    expect(paged).toEqual(ids);
    const asc = await get('/v1beta1/news?symbols=AAPL,MSFT,NVDA&start=2024-02-01T00:00:00Z&limit=50&sort=asc');
    expect((asc.body.news as Message[]).map((n) => n.id)).toEqual([...ids].reverse());
  });

  it('refuses bad parameters with Alpaca statuses', async () => {
    expect((await get('/v1beta1/news?limit=51')).status).toBe(422);
    expect((await get('/v1beta1/news?sort=sideways')).status).toBe(422);
    expect((await get('/v1beta1/news?page_token=bm9wZQ==')).status).toBe(400);
  });

  it('the stream answers a subscription as recorded and sends n messages in the recorded shape (JSON and msgpack)', async () => {
    // The next article of any symbol, found on the exchange's own wire: the stream must deliver it live.
    let next: NewsArticle | undefined;
    const probe = new SimulatedClock(START + 3 * 86_400_000, 0);
    // The same seed's market on a clock days ahead: the exchange's own market answers nothing past its now.
    const wire = new NewsWire(new SyntheticMarket({ seed: 7, clock: probe }), probe, 7);
    for (const symbol of wire.symbols()) {
      const first = wire.articles(symbol, START + 1, probe.now())[0];
      if (first && (!next || first.t < next.t)) next = first;
    }
    expect(next).toBeDefined();
    const article = next!;
    clock.advanceTo(article.t - 90_000);

    const json = await connect(ex.newsStreamUrl, false, headers);
    const packed = await connect(ex.newsStreamUrl, true, headers);
    json.send({ action: 'subscribe', news: [article.symbols[0]!] });
    const ack = await json.next((f) => f.some((m) => m.T === 'subscription'));
    expectSameShape(ack, recorded('news-server-subscription.from-docs.json'));
    expect(ack[0]).toEqual({ T: 'subscription', news: [article.symbols[0]] });
    packed.send({ action: 'subscribe', news: ['*'] });
    await packed.next((f) => f.some((m) => m.T === 'subscription'));

    clock.advanceTo(article.t + 30_000);
    const frame = await json.next((f) => f.some((m) => m.T === 'n'));
    const message = frame.find((m) => m.T === 'n')!;
    expect(message.id).toBe(article.id);
    expect(message.headline).toBe(article.headline);
    expectSameShape([message], recorded('news-n.json'));
    expectSameShape([message], recorded('news-n.from-docs.json'));
    const viaMsgpack = (await packed.next((f) => f.some((m) => m.T === 'n' && m.id === article.id))).find((m) => m.id === article.id)!;
    expect(viaMsgpack.created_at).toBe(message.created_at);
    json.close();
    packed.close();
  });
});

describe('news stream refusals', () => {
  let ex: RunningExchange;
  beforeAll(async () => {
    ex = await startExchange({ seed: 7, clock: new SimulatedClock(START, 0) });
  });
  afterAll(async () => ex.close());

  it('answers a subscribe before auth with 401, a wrong secret with 402, bad syntax with 400, and a good auth message with authenticated', async () => {
    const ws = new WebSocket(ex.newsStreamUrl);
    const frames: Message[] = [];
    ws.on('message', (data: Buffer) => frames.push(...(JSON.parse(data.toString('utf8')) as Message[])));
    await new Promise((resolve) => ws.once('open', resolve));
    const next = async (pred: (m: Message) => boolean): Promise<Message> => {
      for (let i = 0; i < 200; i++) {
        const hit = frames.find(pred);
        if (hit) return hit;
        await new Promise((r) => setTimeout(r, 10));
      }
      throw new Error(`no such frame in ${JSON.stringify(frames)}`);
    };
    await next((m) => m.msg === 'connected');
    ws.send(JSON.stringify({ action: 'subscribe', news: ['*'] }));
    expect(await next((m) => m.T === 'error')).toEqual({ T: 'error', code: 401, msg: 'not authenticated' });
    ws.send(JSON.stringify({ action: 'auth', key: ex.keys.keyId, secret: 'wrong' }));
    expect(await next((m) => m.code === 402)).toEqual({ T: 'error', code: 402, msg: 'auth failed' });
    ws.send('{nope');
    expect(await next((m) => m.code === 400)).toEqual({ T: 'error', code: 400, msg: 'invalid syntax' });
    ws.send(JSON.stringify({ action: 'auth', key: ex.keys.keyId, secret: ex.keys.secret }));
    await next((m) => m.msg === 'authenticated');
    ws.send(JSON.stringify(recorded('news-client-subscribe-symbols.from-docs.json')));
    expect(await next((m) => m.T === 'subscription')).toEqual({ T: 'subscription', news: ['AAPL', 'TSLA'] });
    ws.close();
  });
});

interface StreamClient {
  send(message: unknown): void;
  next(pred: (f: Message[]) => boolean): Promise<Message[]>;
  close(): void;
}

async function connect(url: string, msgpack: boolean, auth: Record<string, string>): Promise<StreamClient> {
  const ws = new WebSocket(url, { headers: { ...auth, ...(msgpack ? { 'Content-Type': 'application/msgpack' } : {}) } });
  const frames: Message[][] = [];
  const waiters: Array<{ pred: (f: Message[]) => boolean; resolve: (f: Message[]) => void }> = [];
  ws.on('message', (data: Buffer) => {
    const raw = (msgpack ? decode(data) : JSON.parse(data.toString('utf8'))) as Message[];
    // msgpack timestamps arrive as Dates; rendered as Alpaca's JSON prints them for comparison.
    const frame = raw.map((m) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, v instanceof Date ? v.toISOString().replace('.000Z', 'Z') : v])));
    frames.push(frame);
    for (const w of [...waiters]) if (w.pred(frame)) waiters.splice(waiters.indexOf(w), 1) && w.resolve(frame);
  });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const client: StreamClient = {
    send: (message) => ws.send(JSON.stringify(message)),
    next(pred) {
      const hit = frames.find(pred);
      return hit ? Promise.resolve(hit) : new Promise((resolve) => waiters.push({ pred, resolve }));
    },
    close: () => ws.close(),
  };
  await client.next((f) => f.some((m) => m.msg === 'authenticated'));
  return client;
}
