import WebSocket from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startExchange, type RunningExchange } from '../../../src-main/exchange/exchange.js';

/**
 * The stream faults of the local exchange, seen frame by frame by raw WebSocket clients: duplicated and
 * reordered trade_updates, silent streams, and disconnects by kind.
 */
const START = Date.parse('2024-03-06T15:00:00Z'); // a Wednesday, 10:00 in New York

interface TradeFrame {
  stream: string;
  data: { event?: string; order?: { id: string; client_order_id: string }; execution_id?: string; status?: string };
}

class TradeClient {
  readonly frames: TradeFrame[] = [];
  closed = false;
  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => this.frames.push(JSON.parse(String(data)) as TradeFrame));
    socket.on('close', () => (this.closed = true));
  }

  static async open(ex: RunningExchange): Promise<TradeClient> {
    const socket = new WebSocket(ex.streamUrl);
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    const client = new TradeClient(socket);
    socket.send(JSON.stringify({ action: 'authenticate', data: { key_id: ex.keys.keyId, secret_key: ex.keys.secret } }));
    socket.send(JSON.stringify({ action: 'listen', data: { streams: ['trade_updates'] } }));
    await expect.poll(() => client.frames.some((f) => f.stream === 'listening')).toBe(true);
    return client;
  }

  events(clientOrderId: string): string[] {
    return this.frames.filter((f) => f.stream === 'trade_updates' && f.data.order?.client_order_id === clientOrderId).map((f) => f.data.event ?? '?');
  }
}

async function submit(ex: RunningExchange, clientOrderId: string, body: Record<string, unknown> = {}): Promise<Response> {
  return fetch(`${ex.tradingUrl}/v2/orders`, {
    method: 'POST',
    headers: { 'APCA-API-KEY-ID': ex.keys.keyId, 'APCA-API-SECRET-KEY': ex.keys.secret, 'content-type': 'application/json' },
    body: JSON.stringify({ symbol: 'AAPL', qty: '1', side: 'buy', type: 'market', time_in_force: 'day', client_order_id: clientOrderId, ...body }),
  });
}

describe('stream fault injection', () => {
  let ex: RunningExchange;
  const clients: WebSocket[] = [];
  beforeAll(async () => {
    ex = await startExchange({ seed: 5, speed: 1, startTime: START, partialFillShare: 0 });
  });
  afterEach(() => {
    ex.faults.reset();
    for (const socket of clients.splice(0)) socket.close();
  });
  afterAll(() => ex.close());

  it('without faults, each trade update arrives once and in order', async () => {
    const client = await TradeClient.open(ex);
    clients.push(client.socket);
    expect((await submit(ex, 'plain-1')).status).toBe(200);
    await expect.poll(() => client.events('plain-1'), { timeout: 5000 }).toEqual(['new', 'fill']);
  });

  it('duplicateTradeUpdates sends every frame twice', async () => {
    const client = await TradeClient.open(ex);
    clients.push(client.socket);
    ex.faults.set({ duplicateTradeUpdates: true });
    expect((await submit(ex, 'dup-1')).status).toBe(200);
    await expect.poll(() => client.events('dup-1'), { timeout: 5000 }).toEqual(['new', 'new', 'fill', 'fill']);
  });

  it('reorderTradeUpdates delivers pairs swapped', async () => {
    const client = await TradeClient.open(ex);
    clients.push(client.socket);
    ex.faults.set({ reorderTradeUpdates: true });
    expect((await submit(ex, 'reorder-1')).status).toBe(200);
    await expect.poll(() => client.events('reorder-1'), { timeout: 5000 }).toEqual(['fill', 'new']);
  });

  it('a silent stream stays open and sends nothing until the fault is cleared', async () => {
    const client = await TradeClient.open(ex);
    clients.push(client.socket);
    ex.faults.set({ streamsSilent: true });
    expect((await submit(ex, 'silent-1')).status).toBe(200);
    await new Promise((r) => setTimeout(r, 500));
    expect(client.events('silent-1')).toEqual([]);
    expect(client.closed).toBe(false);
    ex.faults.set({ streamsSilent: false });
    expect((await submit(ex, 'silent-2')).status).toBe(200);
    await expect.poll(() => client.events('silent-2'), { timeout: 5000 }).toEqual(['new', 'fill']);
    // What was sent while silent is lost, as on a real stream that fell silent: clients must backfill.
    expect(client.events('silent-1')).toEqual([]);
  });

  it('disconnects trade_updates streams alone, then every stream', async () => {
    const trades = await TradeClient.open(ex);
    clients.push(trades.socket);
    const data = new WebSocket(ex.marketDataStreamUrl);
    clients.push(data);
    let dataClosed = false;
    data.on('close', () => (dataClosed = true));
    await new Promise((resolve, reject) => data.once('open', resolve).once('error', reject));
    data.send(JSON.stringify({ action: 'auth', key: ex.keys.keyId, secret: ex.keys.secret }));
    await new Promise((r) => setTimeout(r, 200));

    ex.faults.disconnectStreams('trade_updates');
    await expect.poll(() => trades.closed, { timeout: 5000 }).toBe(true);
    await new Promise((r) => setTimeout(r, 200));
    expect(dataClosed).toBe(false);

    ex.faults.disconnectStreams('all');
    await expect.poll(() => dataClosed, { timeout: 5000 }).toBe(true);
  });

  it('a dropped order response still creates the order, found by its client order id', async () => {
    ex.faults.set({ dropOrderResponses: 1 });
    await expect(submit(ex, 'dropped-1')).rejects.toThrow();
    const found = await fetch(`${ex.tradingUrl}/v2/orders:by_client_order_id?client_order_id=dropped-1`, {
      headers: { 'APCA-API-KEY-ID': ex.keys.keyId, 'APCA-API-SECRET-KEY': ex.keys.secret },
    });
    expect(found.status).toBe(200);
    expect(((await found.json()) as { client_order_id: string }).client_order_id).toBe('dropped-1');
    // A resend with the same id is refused as a duplicate, never a second order.
    const again = await submit(ex, 'dropped-1');
    expect(again.status).toBe(422);
  });
});
