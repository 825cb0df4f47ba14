import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type ConnectionState } from '../../src-shared/ipc/client.js';
import type { RunningHost } from '../../src-main/host/host.js';
import { WebSocketTransport, type SocketLike } from '../../src-renderer/ipc/websocket-transport.js';
import { startTestHost, startTestWorkstation, type TestWorkstation } from '../support/workstation.js';

function transportFor(host: RunningHost, token = host.token): WebSocketTransport {
  return new WebSocketTransport({
    url: `ws://127.0.0.1:${host.port}/ws`,
    token,
    minDelayMs: 50,
    maxDelayMs: 200,
    createSocket: (url) => new WebSocket(url, { origin: `http://127.0.0.1:${host.port}` }) as unknown as SocketLike,
  });
}

async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('renderer WebSocket transport against the real host', () => {
  let test: TestWorkstation;
  let host: RunningHost;
  beforeAll(async () => {
    test = await startTestWorkstation();
    host = await startTestHost(test.workstation, { token: 'transport-test-token-0123456789' });
  });
  afterAll(async () => {
    await host.close();
    await test.dispose();
  });

  it('calls, maps error envelopes to coded errors, and cancels through an AbortSignal', async () => {
    const transport = transportFor(host);
    const client = createClient(transport);
    const info = await client.invoke('system.info', {});
    expect(info.mode).toBe('demo');
    await expect(client.invoke('system.recentLogs', { limit: -1 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const controller = new AbortController();
    const long = client.invoke('system.measureEventLoop', { durationMs: 30_000 }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    await expect(long).rejects.toMatchObject({ code: 'CANCELLED' });
    transport.close();
  });

  it('delivers event batches to each subscriber and stops after the last unsubscribes', async () => {
    const transport = transportFor(host);
    const client = createClient(transport);
    const a: number[] = [];
    const b: number[] = [];
    const stopA = client.subscribe('diagnostics.pulse', (items) => a.push(...items.map((i) => i.seq)));
    const stopB = client.subscribe('diagnostics.pulse', (items) => b.push(...items.map((i) => i.seq)));
    await until(() => transport.connection === 'connected');
    await client.invoke('diagnostics.burst', { count: 5000, coalesced: true });
    await until(() => a.length === 5000 && b.length === 5000);
    expect(a).toEqual(Array.from({ length: 5000 }, (_, i) => i));
    stopA();
    stopB();
    await client.invoke('system.info', {});
    await client.invoke('diagnostics.burst', { count: 100, coalesced: true });
    await new Promise((r) => setTimeout(r, 200));
    expect(a).toHaveLength(5000);
    transport.close();
  });

  it('reconnects after the host restarts, re-subscribes, and fails calls caught in the drop', async () => {
    const transport = transportFor(host);
    const client = createClient(transport);
    const states: ConnectionState[] = [];
    client.onConnection((s) => states.push(s));
    const metrics: number[] = [];
    client.subscribe('system.metrics', (items) => metrics.push(...items.map((m) => m.uptimeMs)));
    await until(() => metrics.length > 0);
    const inFlight = client.invoke('system.measureEventLoop', { durationMs: 20_000 });
    const dropped = expect(inFlight).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    const port = host.port;
    await host.close();
    await dropped;
    host = await startTestHost(test.workstation, { token: 'transport-test-token-0123456789', port });
    const before = metrics.length;
    await until(() => metrics.length > before, 15_000);
    expect(states).toContain('disconnected');
    expect(client.connection).toBe('connected');
    transport.close();
  });

  it('reports unauthorized and stops retrying on a wrong token', async () => {
    const transport = transportFor(host, 'wrong-token-wrong-token');
    const client = createClient(transport);
    const refused = expect(client.invoke('system.info', {})).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await until(() => client.connection === 'unauthorized');
    await refused;
    transport.close();
  });
});
