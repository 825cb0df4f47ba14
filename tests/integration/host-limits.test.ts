import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WS_CLOSE } from '../../src-shared/ipc/wire.js';
import type { RunningHost } from '../../src-main/host/host.js';
import { RawClient } from '../support/ws-client.js';
import { startTestHost, startTestWorkstation, type TestWorkstation } from '../support/workstation.js';

const root = join(__dirname, '..', '..');
const wsModule = createRequire(join(root, 'package.json')).resolve('ws');
const FLOOD_FRAME_BYTES = 709 * 1024;

/**
 * Strangers flooding the host from another thread (its own event loop, so the flood's own work does not count
 * against main's): each opens a socket and sends 709 KB frames as fast as the socket takes them, reconnecting
 * whenever the host closes it.
 */
const FLOOD_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const WebSocket = require(workerData.wsModule);
const { port, sockets, durationMs, frameBytes } = workerData;
const frame = JSON.stringify({ t: 'invoke', id: 1, ch: 'system.info', req: { pad: 'x'.repeat(frameBytes) } });
const until = Date.now() + durationMs;
let sent = 0, opened = 0, closed = 0, live = 0;
function open() {
  if (Date.now() > until) { if (--live === 0) parentPort.postMessage({ sent, opened, closed }); return; }
  const ws = new WebSocket('ws://127.0.0.1:' + port + '/ws', { origin: 'http://127.0.0.1:' + port });
  ws.on('error', () => {});
  ws.on('open', () => {
    opened++;
    const pump = () => {
      // At most a few frames a turn: a socket the host has cut off reads as empty until its close event is seen.
      for (let i = 0; i < 4 && ws.readyState === WebSocket.OPEN && ws.bufferedAmount < 4 * frameBytes && Date.now() < until; i++) { ws.send(frame); sent++; }
      if (ws.readyState === WebSocket.OPEN && Date.now() < until) setTimeout(pump, 1);
      else if (ws.readyState === WebSocket.OPEN) ws.terminate();
    };
    pump();
  });
  ws.on('close', () => { closed++; setTimeout(open, 5); });
  ws.on('unexpected-response', () => setTimeout(open, 20));
}
for (let i = 0; i < sockets; i++) { live++; open(); }
`;

interface FloodFigures {
  sent: number;
  opened: number;
  closed: number;
}

function flood(port: number, durationMs: number): Promise<FloodFigures> {
  const worker = new Worker(FLOOD_WORKER, { eval: true, workerData: { wsModule, port, sockets: 4, durationMs, frameBytes: FLOOD_FRAME_BYTES } });
  return new Promise((resolve, reject) => {
    worker.once('message', (figures: FloodFigures) => {
      void worker.terminate();
      resolve(figures);
    });
    worker.once('error', reject);
  });
}

function upgradeStatus(port: number): Promise<{ status: number; socket?: WebSocket }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/ws`, { origin: `http://127.0.0.1:${port}` });
    socket.on('unexpected-response', (_req, res) => resolve({ status: res.statusCode ?? 0 }));
    socket.on('open', () => resolve({ status: 101, socket }));
    socket.on('error', (error) => {
      if (!String(error).includes('Unexpected server response')) reject(error);
    });
  });
}

describe('host limits: small frames before the token, caps on connections', () => {
  let test: TestWorkstation;
  let host: RunningHost;
  beforeAll(async () => {
    test = await startTestWorkstation();
    host = await startTestHost(test.workstation, { authTimeoutMs: 5_000 });
  });
  afterAll(async () => {
    await host.close();
    await test.dispose();
  });

  it('a frame over 4 KiB before the token closes the socket (1009) without an answer; a small one is answered', async () => {
    const small = await RawClient.open(host.port);
    const reply = await small.call(1, 'system.info', { pad: 'x'.repeat(3_000) });
    expect(reply.env).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    small.close();

    const big = await RawClient.open(host.port);
    big.send({ t: 'invoke', id: 1, ch: 'system.info', req: { pad: 'x'.repeat(FLOOD_FRAME_BYTES) } });
    expect(await big.closed()).toBe(WS_CLOSE.tooBig);
    expect(big.messages).toEqual([]);

    // After the token, frames up to the normal limit are taken.
    const trader = await RawClient.open(host.port);
    await trader.auth(host.token);
    const large = await trader.call(2, 'system.recentLogs', { limit: 1, pad: 'x'.repeat(100_000) });
    expect(large.env).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    trader.close();
  });

  it('a socket that keeps sending before its token is closed after a few messages', async () => {
    const chatty = await RawClient.open(host.port);
    for (let i = 0; i < 20; i++) chatty.send({ t: 'sub', ch: 'system.metrics' });
    expect(await chatty.closed()).toBe(WS_CLOSE.protocolError);
    expect(chatty.messages.length).toBeLessThanOrEqual(8);
  });

  it('refuses upgrades past the cap on sockets waiting to authenticate (503), and takes them again once those go', async () => {
    const waiting: WebSocket[] = [];
    for (;;) {
      const attempt = await upgradeStatus(host.port);
      if (attempt.status !== 101) {
        expect(attempt.status).toBe(503);
        break;
      }
      waiting.push(attempt.socket!);
      expect(waiting.length).toBeLessThanOrEqual(64);
    }
    expect(waiting.length).toBe(16);
    for (const socket of waiting) socket.terminate();
    await expect.poll(() => host.connections(), { timeout: 5_000 }).toBe(0);
    const again = await upgradeStatus(host.port);
    expect(again.status).toBe(101);
    again.socket?.terminate();
  });

  it("a flood of 709 KB frames from strangers: the trader's calls still work (loop figures printed)", async () => {
    const trader = await RawClient.open(host.port);
    await trader.auth(host.token);
    const quiet = await trader.call(10, 'system.measureEventLoop', { durationMs: 2_000 });
    const flooding = flood(host.port, 3_500);
    await new Promise((r) => setTimeout(r, 300));
    const loaded = await trader.call(11, 'system.measureEventLoop', { durationMs: 3_000 });
    const figures = await flooding;
    expect(quiet.env.ok && loaded.env.ok).toBe(true);
    const stats = (env: typeof quiet.env) => (env.ok ? (env.value as { p50Ms: number; p99Ms: number; maxMs: number }) : undefined);
    console.log(
      `[host-limits] main loop, quiet: p99 ${stats(quiet.env)?.p99Ms.toFixed(1)} ms; under the flood: p50 ${stats(loaded.env)?.p50Ms.toFixed(1)} ms, ` +
        `p99 ${stats(loaded.env)?.p99Ms.toFixed(1)} ms, max ${stats(loaded.env)?.maxMs.toFixed(1)} ms; flood: ${figures.sent} frames of ` +
        `${FLOOD_FRAME_BYTES} bytes sent on ${figures.opened} sockets, ${figures.closed} closed by the host`,
    );
    expect(figures.opened).toBeGreaterThan(0);
    trader.close();
  }, 30_000);
});
