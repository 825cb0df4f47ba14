import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../../support/build.js';
import { GuiSocket } from '../../support/soak/gui-socket.js';
import { spawnHostChild, type HostChild } from '../../support/soak/host-child.js';
import { startRecordingExchange, type RecordingExchange } from '../../support/soak/recording-exchange.js';

/** `workstation host --exchange-url`: demo mode against an exchange that is already running, and none of its own. */
describe('host --exchange-url', () => {
  let rex: RecordingExchange;
  let host: HostChild;
  let dataDir: string;
  beforeAll(async () => {
    ensureBuilt('main');
    rex = await startRecordingExchange();
    dataDir = mkdtempSync(join(tmpdir(), 'host-external-'));
    host = await spawnHostChild({ dataDir, exchange: rex.exchange });
  });
  afterAll(async () => {
    await host?.stop();
    await rex?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('trades against the given exchange, names it as the trading host, and starts no demo exchange', async () => {
    expect(host.stdout()).toContain(`demo mode against the exchange at ${rex.exchange.tradingUrl}`);
    const gui = await GuiSocket.open(host.port, host.token);
    const health = await gui.call('system.health', {});
    const services = health.ok ? (health.value as { services: Array<{ name: string; state: string; detail: string }> }).services : [];
    expect(services.find((s) => s.name === 'demo-exchange')?.detail).toMatch(/^idle: /);
    const trading = await gui.call('trading.status', {});
    expect(trading.ok && (trading.value as { tradingHost: string | null }).tradingHost).toBe(rex.exchange.tradingUrl);

    // Reconciliation first (the order path refuses until it has run), then one market order through to the exchange.
    let answer: { ok: boolean; order?: { clientOrderId: string; status: string } } | undefined;
    const deadline = Date.now() + 30_000;
    do {
      const reply = await gui.call('orders.submit', { intent: { symbol: 'AAPL', side: 'buy', type: 'market', timeInForce: 'day', qty: '2' }, requestKey: `external-${Date.now()}` });
      answer = reply.ok ? (reply.value as typeof answer) : undefined;
      if (answer?.ok) break;
      await new Promise((r) => setTimeout(r, 250));
    } while (Date.now() < deadline);
    expect(answer?.ok, JSON.stringify(answer)).toBe(true);
    expect(rex.arrivals.map((a) => a.clientOrderId)).toContain(answer!.order!.clientOrderId);
    await expect.poll(() => rex.positions().get('AAPL'), { timeout: 10_000 }).toBe('2');
    gui.close();
  });
});
