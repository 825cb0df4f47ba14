import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHost, type RunningHost } from '../../src-main/host/host.js';
import { RawClient } from '../support/ws-client.js';
import { startTestWorkstation, type TestWorkstation } from '../support/workstation.js';

const LIMITS = { sendHighWaterBytes: 256 * 1024, sendLimitBytes: 2 * 1024 * 1024, slowReaderGraceMs: 1_000 };
const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;

function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/**
 * A GUI that stops reading while events flow (its socket paused, as a hung tab's would be), against a real host on
 * loopback: the host must bound what it queues for that connection, close it, and give the memory back.
 */
describe('host backpressure: a client that stops reading', () => {
  let test: TestWorkstation;
  let host: RunningHost;
  beforeAll(async () => {
    test = await startTestWorkstation();
    host = await startHost({
      workstation: test.workstation,
      rendererDir: join(__dirname, '..', '..', 'dist', 'renderer'),
      port: 0,
      limits: LIMITS,
    });
  });
  afterAll(async () => {
    await host.close();
    await test.dispose();
  });

  it('queues at most its limit for a paused reader, closes it, and frees the buffers; a reading client is untouched', async () => {
    const slow = await RawClient.open(host.port);
    await slow.auth(host.token);
    slow.send({ t: 'sub', ch: 'diagnostics.pulseImmediate' });
    const reader = await RawClient.open(host.port);
    await reader.auth(host.token);
    await reader.call(1, 'system.info', {});
    // Lets the sub reach main, then stops reading: what main sends piles up in the kernel, then in ws's queue.
    await new Promise((r) => setTimeout(r, 100));
    slow.socket.pause();

    collectGarbage();
    const before = process.memoryUsage();
    let peakBuffered = 0;
    let peakRss = before.rss;
    const sampler = setInterval(() => {
      peakBuffered = Math.max(peakBuffered, host.bufferedBytes());
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }, 5);
    reader.send({ t: 'invoke', id: 2, ch: 'diagnostics.burst', req: { count: 2_000_000, coalesced: false } });
    const deadline = Date.now() + 30_000;
    while (host.connections() > 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    clearInterval(sampler);
    console.log(`[host-backpressure] while paused: at most ${mb(peakBuffered)} queued, rss ${mb(before.rss)} -> ${mb(peakRss)}`);
    expect(host.connections()).toBe(1);
    reader.send({ t: 'cancel', id: 2 });
    await reader.waitFor((m) => m.t === 'result' && m.id === 2, 30_000);

    // A reader that does not read never sees the close frame queued behind its backlog: the host cuts it off, and
    // says why in the log.
    slow.socket.resume();
    await slow.closed();
    expect(test.workstation.log.recent(200).some((e) => e.message === 'closed a GUI connection that fell behind reading')).toBe(true);
    expect(host.bufferedBytes()).toBe(0);
    // The reading client is still served.
    expect((await reader.call(3, 'system.info', {})).env.ok).toBe(true);
    collectGarbage();
    const after = process.memoryUsage();
    console.log(
      `[host-backpressure] queued for the paused reader at most ${mb(peakBuffered)} (limit ${mb(LIMITS.sendLimitBytes)}); ` +
        `rss ${mb(before.rss)} before, ${mb(peakRss)} at peak, ${mb(after.rss)} after the disconnect; ` +
        `array buffers ${mb(before.arrayBuffers)} before, ${mb(after.arrayBuffers)} after`,
    );
    // One event batch may land past the limit before the check that closes the connection.
    expect(peakBuffered).toBeLessThan(LIMITS.sendLimitBytes + 64 * 1024);
    reader.close();
  }, 120_000);

  it('a client that reads but momentarily falls behind (a burst) gets every event, in order, and stays connected', async () => {
    // The default limits: each of the burst's chunks is bigger than the small limits above would hold.
    const normal = await startHost({ workstation: test.workstation, rendererDir: join(__dirname, '..', '..', 'dist', 'renderer'), port: 0 });
    const client = await RawClient.open(normal.port);
    await client.auth(normal.token);
    // Counted here rather than through the raw client's message list, so the reader itself stays cheap.
    let next = 0;
    let outOfOrder = 0;
    let burstAnswered: boolean | undefined;
    client.socket.on('message', (data: Buffer) => {
      const message = JSON.parse(String(data)) as { t: string; id?: number; env?: { ok: boolean }; ch?: string; items?: Array<{ seq: number }> };
      if (message.t === 'result' && message.id === 2) burstAnswered = message.env?.ok;
      if (message.t !== 'event' || message.ch !== 'diagnostics.pulseImmediate') return;
      for (const item of message.items ?? []) {
        if (item.seq !== next) outOfOrder += 1;
        next = item.seq + 1;
      }
    });
    client.send({ t: 'sub', ch: 'diagnostics.pulseImmediate' });
    await client.call(1, 'system.info', {});
    const COUNT = 100_000;
    client.send({ t: 'invoke', id: 2, ch: 'diagnostics.burst', req: { count: COUNT, coalesced: false } });
    const deadline = Date.now() + 90_000;
    while ((next < COUNT || burstAnswered === undefined) && client.closeCode === undefined && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(burstAnswered).toBe(true);
    expect(client.closeCode).toBeUndefined();
    expect(next).toBe(COUNT);
    expect(outOfOrder).toBe(0);
    client.close();
    await normal.close();
  }, 120_000);
});
