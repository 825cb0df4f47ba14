import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startExchange, type RunningExchange } from '../../../src-main/exchange/exchange.js';

/** The demo exchange's account written to the data folder and restored by the next start (with a fresh key pair). */
const START = Date.parse('2024-03-06T15:00:00Z');

async function call<T>(exchange: RunningExchange, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${exchange.tradingUrl}${path}`, {
    method,
    headers: { 'APCA-API-KEY-ID': exchange.keys.keyId, 'APCA-API-SECRET-KEY': exchange.keys.secret, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return (response.status === 204 ? undefined : await response.json()) as T;
}

describe('demo exchange state across restarts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'demo-state-'));
  const statePath = join(dir, 'demo-exchange.json');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const start = (): Promise<RunningExchange> => startExchange({ seed: 7, startTime: START, partialFillShare: 0, statePath, log: { warn: () => {}, error: () => {} } });

  it('keeps cash, positions, orders, activities and the clock; ids never repeat; a resting order keeps working', async () => {
    const first = await start();
    const filled = await call<{ id: string }>(first, 'POST', '/v2/orders', { symbol: 'AAPL', qty: '3', side: 'buy', type: 'market', time_in_force: 'day', client_order_id: 'demo-1' });
    const resting = await call<{ id: string }>(first, 'POST', '/v2/orders', { symbol: 'AAPL', qty: '1', side: 'buy', type: 'limit', limit_price: '1.00', time_in_force: 'gtc', client_order_id: 'demo-2' });
    await expect.poll(async () => (await call<{ status: string }>(first, 'GET', `/v2/orders/${filled.id}`)).status).toBe('filled');
    const account = await call<{ cash: string; account_number: string }>(first, 'GET', '/v2/account');
    type Held = { symbol: string; qty: string; cost_basis: string; avg_entry_price: string };
    // Marks move with the market; what was bought and at what cost must not.
    const held = (list: Held[]) => list.map((p) => ({ symbol: p.symbol, qty: p.qty, cost_basis: p.cost_basis, avg_entry_price: p.avg_entry_price }));
    const positions = held(await call<Held[]>(first, 'GET', '/v2/positions'));
    expect(positions).toEqual([expect.objectContaining({ symbol: 'AAPL', qty: '3' })]);
    const activities = await call<unknown[]>(first, 'GET', '/v2/account/activities/FILL');
    const clockBefore = first.clock.now();
    await first.close();
    expect(existsSync(statePath)).toBe(true);
    expect(JSON.parse(readFileSync(statePath, 'utf8'))).toMatchObject({ version: 1 });

    const second = await start();
    try {
      expect(second.keys.keyId).not.toBe(first.keys.keyId);
      expect(second.clock.now()).toBeGreaterThanOrEqual(clockBefore);
      expect(await call<{ cash: string; account_number: string }>(second, 'GET', '/v2/account')).toMatchObject({ cash: account.cash, account_number: account.account_number });
      expect(held(await call<Held[]>(second, 'GET', '/v2/positions'))).toEqual(positions);
      expect(await call(second, 'GET', '/v2/account/activities/FILL')).toEqual(activities);
      const open = await call<Array<{ id: string; client_order_id: string; status: string }>>(second, 'GET', '/v2/orders?status=open');
      expect(open.map((o) => [o.id, o.client_order_id, o.status])).toEqual([[resting.id, 'demo-2', 'new']]);
      // The client order ids are still taken, and a new order gets a new id.
      const again = await fetch(`${second.tradingUrl}/v2/orders`, {
        method: 'POST',
        headers: { 'APCA-API-KEY-ID': second.keys.keyId, 'APCA-API-SECRET-KEY': second.keys.secret, 'content-type': 'application/json' },
        body: JSON.stringify({ symbol: 'AAPL', qty: '1', side: 'buy', type: 'market', time_in_force: 'day', client_order_id: 'demo-1' }),
      });
      expect(again.status).toBe(422);
      const next = await call<{ id: string }>(second, 'POST', '/v2/orders', { symbol: 'AAPL', qty: '1', side: 'buy', type: 'market', time_in_force: 'day', client_order_id: 'demo-3' });
      expect([filled.id, resting.id]).not.toContain(next.id);
      await call(second, 'DELETE', `/v2/orders/${resting.id}`);
      await expect.poll(async () => (await call<{ status: string }>(second, 'GET', `/v2/orders/${resting.id}`)).status).toBe('canceled');
    } finally {
      await second.close();
    }
  });

  it('a fill is on disk soon after it happens, not only at close (a kill -9 keeps it)', async () => {
    const crashPath = join(dir, 'crash.json');
    const running = await startExchange({ seed: 7, startTime: START, partialFillShare: 0, statePath: crashPath, log: { warn: () => {}, error: () => {} } });
    try {
      await call(running, 'POST', '/v2/orders', { symbol: 'SPY', qty: '2', side: 'buy', type: 'market', time_in_force: 'day' });
      const savedQty = (): string | undefined => {
        if (!existsSync(crashPath)) return undefined;
        const state = JSON.parse(readFileSync(crashPath, 'utf8')) as { broker: { account: { positions: Array<{ symbol: string; qty: string }> } } };
        return state.broker.account.positions.find((p) => p.symbol === 'SPY')?.qty;
      };
      await expect.poll(savedQty, { timeout: 5_000 }).toBe('2');
      // A second start from the file while the first never closed (as after kill -9) has the position.
      const after = await startExchange({ seed: 7, startTime: START, partialFillShare: 0, statePath: join(dir, 'crash.json'), log: { warn: () => {}, error: () => {} } });
      try {
        expect((await call<Array<{ symbol: string; qty: string }>>(after, 'GET', '/v2/positions')).map((p) => [p.symbol, p.qty])).toEqual([['SPY', '2']]);
      } finally {
        await after.close();
      }
    } finally {
      await running.close();
    }
  });
});

describe('a demo state file of the seven-symbol demo market (before the 60-symbol universe)', () => {
  it('loads: its positions and cash are kept, and the new symbols are listed and tradable', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'demo-old-'));
    const statePath = join(dir, 'demo-exchange.json');
    // Written by the build whose demo market listed AAPL, MSFT, SPY, NVDA, TSLA, AMZN and FAKEPACA (3 AAPL, 5 FAKEPACA bought).
    copyFileSync(new URL('../../fixtures/demo-state/demo-exchange-seven-symbols.json', import.meta.url), statePath);
    const saved = JSON.parse(readFileSync(statePath, 'utf8')) as { broker: { account: { cash: string } } };
    const exchange = await startExchange({ seed: 7, startTime: START, partialFillShare: 0, statePath, log: { warn: () => {}, error: () => {} } });
    try {
      type Held = { symbol: string; qty: string; cost_basis: string };
      const positions = await call<Held[]>(exchange, 'GET', '/v2/positions');
      expect(positions.map((p) => [p.symbol, p.qty]).sort()).toEqual([['AAPL', '3'], ['FAKEPACA', '5']]);
      expect((await call<{ cash: string }>(exchange, 'GET', '/v2/account')).cash).toBe(saved.broker.account.cash);
      const assets = await call<Array<{ symbol: string }>>(exchange, 'GET', '/v2/assets');
      expect(assets.length).toBeGreaterThanOrEqual(60);
      expect(assets.map((a) => a.symbol)).toEqual(expect.arrayContaining(['XLK', 'KO', 'PEP', 'TLT']));
      const order = await call<{ id: string }>(exchange, 'POST', '/v2/orders', { symbol: 'XLK', qty: '2', side: 'buy', type: 'market', time_in_force: 'day' });
      await expect.poll(async () => (await call<{ status: string }>(exchange, 'GET', `/v2/orders/${order.id}`)).status).toBe('filled');
    } finally {
      await exchange.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a demo state file this build cannot read', () => {
  it('stops the start with a message that says what to do, instead of starting an empty account silently', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'demo-bad-'));
    try {
      const statePath = join(dir, 'demo-exchange.json');
      writeFileSync(statePath, '{"version":1,"broker":');
      await expect(startExchange({ seed: 7, startTime: START, statePath, log: { warn: () => {}, error: () => {} } })).rejects.toThrow(/cannot be read .*move it away, with orders.sqlite/);
      writeFileSync(statePath, JSON.stringify({ version: 99, broker: {} }));
      await expect(startExchange({ seed: 7, startTime: START, statePath, log: { warn: () => {}, error: () => {} } })).rejects.toThrow(/not a demo exchange state this build reads \(version 99\)/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
