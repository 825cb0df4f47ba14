import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHost } from '../../../src-main/host/host.js';
import { ensureBuilt } from '../../support/build.js';
import { startTestHost, startTestWorkstation, type TestWorkstation } from '../../support/workstation.js';
import { RawClient } from '../../support/ws-client.js';

/**
 * The orders service inside a real workstation (demo mode, its own local exchange) behind the headless host:
 * the ticket's calls over the authenticated WebSocket, and the kill switch from the command line while the
 * GUI's connection hangs.
 */
const root = join(__dirname, '..', '..', '..');
const run = promisify(execFile);

interface Envelope {
  ok: boolean;
  value?: Record<string, unknown> & { ok?: boolean; order?: { clientOrderId: string; status: string }; risk?: { state: string } };
  error?: { code: string; message: string };
}

describe('orders service over the host', () => {
  let ws: TestWorkstation;
  let host: RunningHost;
  let client: RawClient;
  let id = 0;
  const call = async (ch: string, req: unknown): Promise<Envelope> => (await client.call(++id, ch, req)).env as Envelope;

  beforeAll(async () => {
    ensureBuilt('main');
    ws = await startTestWorkstation();
    host = await startTestHost(ws.workstation);
    client = await RawClient.open(host.port);
    await client.auth(host.token);
  });
  afterAll(async () => {
    client?.socket.close();
    await host?.close();
    await ws?.dispose();
  });

  it('a replayed submit (same request key) is one order; cancel works; the CLI kill switch works while the GUI hangs', async () => {
    await expect
      .poll(async () => {
        const status = await call('orders.status', {});
        return status.value?.ready === true && status.value?.streamReady === true && status.value?.reconciliation !== null;
      }, { timeout: 20_000, interval: 200 })
      .toBe(true);
    const intent = { symbol: 'AAPL', side: 'buy', type: 'limit', limitPrice: '1.00', timeInForce: 'gtc', qty: '1' };
    const first = await call('orders.submit', { intent, requestKey: 'ticket-click-0001' });
    const replay = await call('orders.submit', { intent, requestKey: 'ticket-click-0001' });
    expect(first.ok && first.value?.ok).toBe(true);
    expect(replay.value?.order?.clientOrderId).toBe(first.value?.order?.clientOrderId);
    expect(replay.value?.repeated).toBe(true);
    const list = (await call('orders.list', {})).value as unknown as Array<{ clientOrderId: string }>;
    expect(list.map((o) => o.clientOrderId)).toEqual([first.value?.order?.clientOrderId]);

    const invalid = await call('orders.submit', { intent: { ...intent, qty: '-1' }, requestKey: 'ticket-click-0002' });
    expect(invalid.ok).toBe(false);

    const second = await call('orders.submit', { intent: { ...intent, limitPrice: '1.01' }, requestKey: 'ticket-click-0003' });
    const secondId = second.value?.order?.clientOrderId;
    const canceled = await call('orders.cancel', { clientOrderId: secondId });
    expect(canceled.value?.ok).toBe(true);

    // A VWAP from the ticket without weights: main reads the profile from the broker's past one-minute bars.
    const vwap = await call('orders.algoStart', { kind: 'vwap', symbol: 'AAPL', side: 'buy', qty: 4, durationMs: 3_600_000, slices: 4, limitPrice: '1.00' });
    expect(vwap.value).toMatchObject({ ok: true, algo: { kind: 'vwap', status: 'running' } });
    expect(String(vwap.value?.message)).toMatch(/^volume profile from [1-7] past day\(s\) of one-minute bars$/);
    const vwapId = (vwap.value?.algo as { id: string }).id;
    expect((await call('orders.algoCancel', { id: vwapId })).value).toMatchObject({ ok: true, algo: { id: vwapId, status: 'canceled', openChildren: 0 } });

    // The GUI's connection stops reading (a hung renderer); the command line still reaches main.
    client.socket.pause();
    const { stdout } = await run(process.execPath, [join(root, 'dist', 'main', 'cli.mjs'), 'kill', '--data-dir', ws.dataDir, '--timeout', '20'], { cwd: root });
    expect(stdout).toContain('trading HALTED');
    client.socket.resume();
    expect(ws.workstation.orders.manager.riskState.state).toBe('HALTED');
    await expect.poll(() => ws.workstation.orders.manager.order(first.value?.order?.clientOrderId ?? '')?.status, { timeout: 10_000 }).toBe('canceled');
    const denied = await call('orders.submit', { intent, requestKey: 'ticket-click-0004' });
    expect(denied.value).toMatchObject({ ok: false, code: 'RISK_HALTED' });
  });
});
