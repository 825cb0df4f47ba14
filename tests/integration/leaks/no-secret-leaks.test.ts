import { readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventChannels } from '../../../src-shared/ipc/contract.js';
import type { Envelope } from '../../../src-shared/ipc/errors.js';
import { AlpacaVenue } from '../../../src-main/adapters/alpaca/execution/alpaca-venue.js';
import { resolveExecutionConfig } from '../../../src-main/adapters/alpaca/execution/execution-config.js';
import { StockStream } from '../../../src-main/adapters/alpaca/market-data/stream.js';
import { generateKeyPair, type ExchangeKeyPair } from '../../../src-main/exchange/demo-keys.js';
import { startExchange, type RunningExchange } from '../../../src-main/exchange/exchange.js';
import type { RunningHost } from '../../../src-main/host/host.js';
import { OrderJournal } from '../../../src-main/kernel/orders/journal/order-journal.js';
import { OrderManager } from '../../../src-main/kernel/orders/order-manager.js';
import { RiskEngine } from '../../../src-main/kernel/risk/risk-engine.js';
import { Workstation } from '../../../src-main/services/workstation.js';
import { startTestHost } from '../../support/workstation.js';
import { RawClient } from '../../support/ws-client.js';
import { AesTestCipher } from '../../unit/secrets/test-cipher.js';

/** A Wednesday, 10:00 in New York: the regular session is open, so orders reach the matching engine. */
const SESSION_START = Date.parse('2024-03-06T15:00:00Z');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

const errorText = (error: unknown): string => (error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ''}` : String(error));

/**
 * Forces every failure path a key could leak through (refused keys, bad orders, dropped connections, a venue
 * that went away, a stream that refuses the keys, errors that carry a key in their text) with debug logging on,
 * then greps every place a secret could end up: the log files, the SQLite files, every message main sent to a
 * GUI over the host's WebSocket, and every error text.
 */
describe('no key or secret leaks', () => {
  let exchange: RunningExchange;
  let dataDir: string;
  let workstation: Workstation;
  let host: RunningHost;
  let client: RawClient;
  const good: ExchangeKeyPair = generateKeyPair();
  const wrong: ExchangeKeyPair = generateKeyPair();
  const errorTexts: string[] = [];
  const statuses = new Set<number>();
  let nextId = 1;

  const call = async (channel: string, request: unknown): Promise<Envelope<unknown>> => {
    const reply = await client.call(nextId++, channel, request);
    if (!reply.env.ok) errorTexts.push(reply.env.error.message);
    return reply.env;
  };

  beforeAll(async () => {
    exchange = await startExchange({ seed: 21, speed: 1, startTime: SESSION_START, keys: [good], log: { warn: () => {}, error: () => {} } });
    dataDir = mkdtempSync(join(tmpdir(), 'leaks-'));
    workstation = new Workstation({
      dataDir,
      shell: 'headless',
      logLevel: 'debug',
      secrets: { keychain: 'off', cipher: new AesTestCipher('gnome_libsecret'), env: {}, alpacaHosts: { paper: exchange.tradingUrl }, testTimeoutMs: 3_000 },
    });
    await workstation.start();
    host = await startTestHost(workstation);
    client = await RawClient.open(host.port);
    await client.auth(host.token);
    for (const channel of eventChannels.keys()) client.send({ t: 'sub', ch: channel });
  });

  afterAll(async () => {
    client?.close();
    await host?.close();
    await exchange?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('saving and testing good keys works (the baseline the leaks are checked against)', async () => {
    expect(await call('secrets.saveAlpacaKeys', { mode: 'paper', ...good })).toMatchObject({ ok: true });
    expect(await call('secrets.testAlpacaKeys', { mode: 'paper' })).toMatchObject({ ok: true, value: { ok: true } });
  });

  it('403: the key test and the venue with a wrong secret', async () => {
    expect(await call('secrets.saveAlpacaKeys', { mode: 'paper', keyId: wrong.keyId, secret: wrong.secret })).toMatchObject({ ok: true });
    const refused = await call('secrets.testAlpacaKeys', { mode: 'paper' });
    expect(refused).toMatchObject({ ok: true, value: { ok: false, code: 'KEYS_REFUSED', httpStatus: 403 } });
    statuses.add(403);
    errorTexts.push(JSON.stringify(refused));

    const venue = new AlpacaVenue(resolveExecutionConfig({ mode: 'demo', ...wrong, baseUrl: exchange.tradingUrl, timeoutMs: 2_000 }));
    const failure = await venue.account().catch((error: unknown) => error);
    expect(failure).toMatchObject({ status: 403 });
    errorTexts.push(errorText(failure));
    workstation.log.error('orders', 'account read failed', { error: failure, config: { keyId: wrong.keyId, secret: wrong.secret } });
  });

  it('422 and 403 from bad orders, journaled in SQLite and logged at debug', async () => {
    const journal = OrderJournal.open(join(dataDir, 'orders.sqlite'));
    const venue = new AlpacaVenue(resolveExecutionConfig({ mode: 'demo', ...good, baseUrl: exchange.tradingUrl, timeoutMs: 2_000 }));
    const manager = new OrderManager({ journal, venue, risk: new RiskEngine({}), log: workstation.log, resolveDelayMs: 50, watchdogMs: 300, silentAfterMs: 1_000, quoteTtlMs: 60_000, maxRateLimitWaitMs: 1_000 });
    await manager.start();
    try {
      // Bad orders straight at the venue: a limit order without a limit price (422), a sale of shares not held (403).
      for (const bad of [
        { symbol: 'AAPL', side: 'buy', type: 'limit', timeInForce: 'day', qty: '1' },
        { symbol: 'AAPL', side: 'sell', type: 'market', timeInForce: 'day', qty: '1000000' },
      ] as const) {
        const failure = await venue.submit(bad as never, `leak-${nextId++}`).catch((error: unknown) => error);
        expect(failure).toHaveProperty('status');
        statuses.add((failure as { status: number }).status);
        errorTexts.push(errorText(failure));
        workstation.log.debug('orders', 'venue refused', { failure, request: bad, headers: { 'APCA-API-KEY-ID': good.keyId, 'APCA-API-SECRET-KEY': good.secret } });
      }
      // Through the order manager (journal before send; rejections stored and logged).
      const result = await manager.submit({ symbol: 'AAPL', side: 'buy', type: 'market', timeInForce: 'day', qty: '100000000' }, 'ticket');
      errorTexts.push(JSON.stringify(result));
      // A dropped connection after the order was executed: the unknown-outcome path.
      await fetch(`${exchange.tradingUrl}/__exchange/faults`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json', 'X-Exchange-Control-Token': exchange.controlToken },
        body: JSON.stringify({ dropOrderResponses: 1 }),
      });
      errorTexts.push(JSON.stringify(await manager.submit({ symbol: 'AAPL', side: 'buy', type: 'market', timeInForce: 'day', qty: '1' }, 'ticket')));
    } finally {
      manager.stop();
      journal.close();
    }
    expect(statuses.has(422)).toBe(true);
  });

  it('the market data stream refusing the keys (auth failed), logged with its state changes', async () => {
    const errors: string[] = [];
    const stream = new StockStream(
      { tradingUrl: exchange.tradingUrl, dataUrl: exchange.tradingUrl, stockStreamUrl: `${exchange.tradingUrl.replace('http', 'ws')}/v2/iex`, keyId: wrong.keyId, secret: wrong.secret, feed: 'iex', source: 'demo-exchange' },
      {
        trade: () => {},
        quote: () => {},
        bar: () => {},
        updatedBar: () => {},
        reconnected: () => {},
        state: (state, detail) => workstation.log.debug('market-data', `stream ${state}`, { detail }),
        error: (message) => {
          errors.push(message);
          workstation.log.warn('market-data', 'stream error', { message, keyId: wrong.keyId });
        },
      },
      { initialReconnectMs: 50, maxReconnectMs: 100 },
    );
    stream.connect();
    try {
      await expect.poll(() => errors.length, { timeout: 5_000 }).toBeGreaterThan(0);
    } finally {
      stream.disconnect();
    }
    errorTexts.push(...errors);
    expect(errors.join(' ')).toMatch(/auth|40[12]/i);
  });

  it('crash paths: errors that carry a key in their text, and the venue gone mid-session', async () => {
    // What a crash handler logs: an error whose message, stack and cause name the keys.
    const crash = new Error(`request to ${exchange.tradingUrl} failed with key ${good.keyId}:${good.secret}`, { cause: new Error(`secret=${wrong.secret}`) });
    workstation.log.error('main', 'uncaught exception', { error: crash, stack: crash.stack });
    workstation.log.error('main', `crashed while using ${good.keyId}`);
    await call('secrets.saveAlpacaKeys', { mode: 'paper', ...good });
    await exchange.close();
    const gone = await call('secrets.testAlpacaKeys', { mode: 'paper' });
    expect(gone).toMatchObject({ ok: true, value: { ok: false, code: 'UNREACHABLE' } });
    errorTexts.push(JSON.stringify(gone));
  });

  it('finds neither key id nor secret in logs, database files, IPC messages or error texts', async () => {
    await expect.poll(() => client.messages.some((m) => m.t === 'event' && m.ch === 'system.log'), { timeout: 5_000 }).toBe(true);
    const ipc = JSON.stringify(client.messages);
    await workstation.stop();
    const files = filesUnder(dataDir);
    expect(files.some((f) => f.endsWith('main.log'))).toBe(true);
    expect(files.some((f) => f.endsWith('orders.sqlite'))).toBe(true);
    expect(files.some((f) => f.endsWith('workstation.sqlite'))).toBe(true);
    const needles = { 'good key id': good.keyId, 'good secret': good.secret, 'wrong key id': wrong.keyId, 'wrong secret': wrong.secret };
    const haystacks: Record<string, string> = { 'IPC messages to the GUI': ipc, 'error texts': errorTexts.join('\n') };
    // The encrypted secrets file holds ciphertext only; every other file is grepped as raw bytes.
    for (const file of files) haystacks[file.slice(dataDir.length + 1)] = readFileSync(file).toString('latin1');
    const leaks: string[] = [];
    for (const [where, text] of Object.entries(haystacks)) {
      for (const [what, needle] of Object.entries(needles)) if (text.includes(needle)) leaks.push(`${what} in ${where}`);
    }
    expect(leaks).toEqual([]);
    // The checks looked at something: the log has the refusals, the journal the rejected order.
    const log = readFileSync(join(dataDir, 'logs', 'main.log'), 'utf8');
    expect(log).toMatch(/refused the paper keys/);
    expect(log).toMatch(/uncaught exception/);
    expect(ipc).toMatch(/secrets\.changed/);
    expect(errorTexts.length).toBeGreaterThan(5);
  });
});
