import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { streaming, trading } from '@alpacahq/alpaca-trade-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import packageJson from '../../../package.json' with { type: 'json' };
import { startExchange, type RunningExchange } from '../../../src-main/exchange/exchange.js';
import { nyDate } from '../../../src-main/exchange/market/ny-time.js';
import { CONTROL_TOKEN_HEADER } from '../../../src-main/exchange/server/control-api.js';
import { parseYahooCsv, type YahooRow } from '../../../src-main/history/csv/yahoo.js';
import { ensureBuilt } from '../../support/build.js';
import { YAHOO_DAILY_DIR } from '../../support/data.js';

/**
 * The exchange replaying stored daily history (tests/fixtures/yahoo-daily) over real HTTP and WebSocket on
 * loopback: the daily bars endpoint gives back the files' rows, the clock and snapshots sit on the replayed
 * days, orders fill inside the day's range, the stream carries the replayed trades; and the CLI's --replay.
 */
const NVDA = join(YAHOO_DAILY_DIR, 'nvda-2014.txt');
const ORCL = join(YAHOO_DAILY_DIR, 'orcl-2014.txt');
const rowsOf = (file: string): YahooRow[] => parseYahooCsv(readFileSync(file, 'utf8'), file);
const nvda = rowsOf(NVDA);
const orcl = rowsOf(ORCL);
const row = (rows: YahooRow[], date: string): YahooRow => rows.find((r) => r.date === date) as YahooRow;
type DailyBar = { t: string; o: number; h: number; l: number; c: number; v: number };

describe('replay of stored daily history through startExchange', () => {
  let ex: RunningExchange;
  let headers: Record<string, string>;
  const get = async (path: string): Promise<{ status: number; body: unknown }> => {
    const res = await fetch(`${ex.dataUrl}${path}`, { headers });
    return { status: res.status, body: (await res.json()) as unknown };
  };

  beforeAll(async () => {
    // Thursday 2014-03-06, 10:00 New York, clock stopped (advanced by the control API).
    ex = await startExchange({ seed: 9, speed: 0, startTime: Date.parse('2014-03-06T15:00:00Z'), replay: [{ symbol: 'NVDA', file: NVDA }, { symbol: 'ORCL', file: ORCL }], rateLimitPerMinute: 100_000 });
    headers = { 'APCA-API-KEY-ID': ex.keys.keyId, 'APCA-API-SECRET-KEY': ex.keys.secret };
  });
  afterAll(() => ex.close());

  it('the daily bars endpoint returns the files rows for every replayed day', async () => {
    const { status, body } = await get('/v2/stocks/bars?symbols=NVDA,ORCL&timeframe=1Day&start=2014-01-01T00:00:00Z&end=2014-03-06T00:00:00Z&limit=10000');
    expect(status).toBe(200);
    const bars = (body as { bars: Record<string, DailyBar[]> }).bars;
    for (const [symbol, rows] of [['NVDA', nvda], ['ORCL', orcl]] as const) {
      const want = rows.filter((r) => r.date < '2014-03-06').map((r) => [r.date, r.o, r.h, r.l, r.c, r.v]);
      expect(bars[symbol]?.map((b) => [nyDate(Date.parse(b.t)), b.o, b.h, b.l, b.c, b.v]), symbol).toEqual(want);
    }
  });

  it('assets, clock, snapshot and latest trade sit on the replayed day', async () => {
    const assets = (await get('/v2/assets')).body as Array<{ symbol: string }>;
    expect(assets.map((a) => a.symbol).sort()).toEqual(['NVDA', 'ORCL']);
    const clock = (await get('/v2/clock')).body as { timestamp: string; is_open: boolean };
    expect(clock.timestamp.slice(0, 10)).toBe('2014-03-06');
    expect(clock.is_open).toBe(true);
    const snapshot = (await get('/v2/stocks/NVDA/snapshot')).body as { prevDailyBar: DailyBar; dailyBar: DailyBar; latestTrade: { p: number } };
    const yesterday = row(nvda, '2014-03-05');
    const today = row(nvda, '2014-03-06');
    expect([snapshot.prevDailyBar.o, snapshot.prevDailyBar.h, snapshot.prevDailyBar.l, snapshot.prevDailyBar.c]).toEqual([yesterday.o, yesterday.h, yesterday.l, yesterday.c]);
    expect(snapshot.dailyBar.o).toBe(today.o);
    expect(snapshot.latestTrade.p).toBeGreaterThanOrEqual(today.l);
    expect(snapshot.latestTrade.p).toBeLessThanOrEqual(today.h);
  });

  it('an SDK order fills inside the day range; the stream carries replayed trades as the clock advances', async () => {
    const config = new trading.Configuration({ keyId: ex.keys.keyId, secret: ex.keys.secret, basePath: ex.tradingUrl });
    const orders = new trading.OrdersApi(config);
    const order = await orders.postOrder({ postOrderRequest: { symbol: 'ORCL', qty: '3', side: 'buy', type: 'market', timeInForce: 'day' } });
    const filled = await orders.getOrderByOrderID({ orderId: String(order.id) });
    expect(filled.status).toBe('filled');
    const today = row(orcl, '2014-03-06');
    // A buy fills at the ask: within the day's range plus the spread.
    expect(Number(filled.filledAvgPrice)).toBeGreaterThanOrEqual(today.l);
    expect(Number(filled.filledAvgPrice)).toBeLessThanOrEqual(today.h + 0.05);

    const stream = new streaming.StockDataStream({ credentials: { keyId: ex.keys.keyId, secret: ex.keys.secret }, url: ex.marketDataStreamUrl, reconnect: false, pingIntervalMs: 0 });
    const trades: streaming.StreamTrade[] = [];
    stream.onTrade((t) => trades.push(t));
    stream.onConnect(() => stream.subscribeForTrades(['NVDA']));
    stream.connect();
    await stream.whenAuthenticated();
    await new Promise((r) => setTimeout(r, 100));
    for (let i = 0; i < 20 && trades.length === 0; i++) {
      await fetch(`${ex.tradingUrl}/__exchange/clock/advance`, { method: 'POST', headers: { [CONTROL_TOKEN_HEADER]: ex.controlToken, 'Content-Type': 'application/json' }, body: JSON.stringify({ ms: 5_000 }) });
      await new Promise((r) => setTimeout(r, 50));
    }
    stream.disconnect();
    const nvdaToday = row(nvda, '2014-03-06');
    expect(trades.length).toBeGreaterThan(0);
    for (const t of trades) {
      expect(t.symbol).toBe('NVDA');
      expect(t.timestamp.toISOString().slice(0, 10)).toBe('2014-03-06');
      expect(t.price).toBeGreaterThanOrEqual(nvdaToday.l);
      expect(t.price).toBeLessThanOrEqual(nvdaToday.h);
    }
  });
});

describe('exchange --replay on the command line', () => {
  const root = join(__dirname, '..', '..', '..');
  const bin = join(root, packageJson.bin.workstation);
  beforeAll(() => ensureBuilt('main'));

  it('starts on the second stored day and serves the files rows', async () => {
    const child = spawn(process.execPath, [bin, 'exchange', '--port', '0', '--seed', '42', '--speed', '1', '--replay', `NVDA=${NVDA},ORCL=${ORCL}`], { cwd: root });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no banner in time:\n${out}`)), 20_000);
        child.stdout.on('data', () => {
          if (out.includes('Ctrl+C')) {
            clearTimeout(timer);
            resolve();
          }
        });
        child.once('exit', (code) => reject(new Error(`exited early with ${code}:\n${out}`)));
      });
      expect(out).toMatch(/replaying NVDA, ORCL from 2014-01-03T14:30:/);
      const url = /trading URL\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1] as string;
      const keyId = /APCA_API_KEY_ID=(\S+)/.exec(out)?.[1] as string;
      const secret = /APCA_API_SECRET_KEY=(\S+)/.exec(out)?.[1] as string;
      const h = { 'APCA-API-KEY-ID': keyId, 'APCA-API-SECRET-KEY': secret };
      const clock = (await (await fetch(`${url}/v2/clock`, { headers: h })).json()) as { timestamp: string };
      expect(clock.timestamp.slice(0, 10)).toBe('2014-01-03');
      const bars = (await (await fetch(`${url}/v2/stocks/bars?symbols=NVDA&timeframe=1Day&start=2014-01-02T00:00:00Z`, { headers: h })).json()) as { bars: Record<string, DailyBar[]> };
      const first = row(nvda, '2014-01-02');
      expect(bars.bars.NVDA?.[0]).toMatchObject({ o: first.o, h: first.h, l: first.l, c: first.c, v: first.v });
    } finally {
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGINT');
      expect(await exited).toBe(0);
    }
  });

  it('refuses a malformed --replay and a file that is not a Yahoo CSV, saying which', () => {
    const malformed = spawnSync(process.execPath, [bin, 'exchange', '--replay', 'NVDA'], { cwd: root, encoding: 'utf8', timeout: 30_000 });
    expect(malformed.status).toBe(2);
    expect(malformed.stderr).toContain('--replay takes SYMBOL=FILE.csv');
    const notCsv = spawnSync(process.execPath, [bin, 'exchange', '--replay', `NVDA=${join(YAHOO_DAILY_DIR, 'SOURCE.md')}`], { cwd: root, encoding: 'utf8', timeout: 30_000 });
    expect(notCsv.status).not.toBe(0);
    expect(notCsv.stderr).toContain('SOURCE.md:1');
  });
});
