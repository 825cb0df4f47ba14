import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerMessage } from '../../src-shared/ipc/wire.js';
import type { RunningHost } from '../../src-main/host/host.js';
import { startTestHost, startTestWorkstation, type TestWorkstation } from '../support/workstation.js';
import { RawClient } from '../support/ws-client.js';

type Result = ServerMessage & { t: 'result' };
interface SubmitValue {
  ok: boolean;
  order?: { clientOrderId: string; status: string };
}

/**
 * Cancel messages and call ids against a real host (demo mode, its own local exchange) over a real WebSocket:
 * a call with side effects ignores cancel, and a call id still in flight is refused instead of aborting the first.
 */
describe('host: calls that cannot be cancelled, call ids in use', () => {
  let ws: TestWorkstation;
  let host: RunningHost;
  let client: RawClient;
  const intent = { symbol: 'AAPL', side: 'buy', type: 'limit', limitPrice: '1.00', timeInForce: 'gtc', qty: '1' };

  beforeAll(async () => {
    ws = await startTestWorkstation();
    host = await startTestHost(ws.workstation);
    client = await RawClient.open(host.port);
    await client.auth(host.token);
    let probe = 1_000;
    const deadline = Date.now() + 30_000;
    for (;;) {
      const status = (await client.call(++probe, 'orders.status', {})).env;
      const value = status.ok ? (status.value as { ready?: boolean; streamReady?: boolean; reconciliation?: unknown }) : undefined;
      if (value?.ready === true && value.streamReady === true && value.reconciliation !== null) break;
      if (Date.now() > deadline) throw new Error('orders did not become ready');
      await new Promise((r) => setTimeout(r, 200));
    }
  }, 60_000);
  afterAll(async () => {
    client?.close();
    await host?.close();
    await ws?.dispose();
  });

  it('a cancel sent right after a submit leaves the submit to finish: the reply is the order, not CANCELLED', async () => {
    client.send({ t: 'invoke', id: 1, ch: 'orders.submit', req: { intent, requestKey: 'calls-cancel-0001' } });
    client.send({ t: 'cancel', id: 1 });
    const reply = (await client.waitFor((m) => m.t === 'result' && m.id === 1, 20_000)) as Result;
    expect(reply.env).toMatchObject({ ok: true, value: { ok: true } });
    const value = (reply.env.ok ? reply.env.value : undefined) as SubmitValue | undefined;
    const journaled = ws.workstation.orders.manager.orders().find((o) => o.clientOrderId === value?.order?.clientOrderId);
    expect(journaled?.status).not.toBe('journaled');
  });

  it('a call id still in flight is refused with CALL_ID_IN_USE; the first call is answered as if alone', async () => {
    client.send({ t: 'invoke', id: 2, ch: 'orders.submit', req: { intent: { ...intent, limitPrice: '1.01' }, requestKey: 'calls-reuse-0002' } });
    client.send({ t: 'invoke', id: 2, ch: 'system.info', req: {} });
    await client.waitFor((m) => m.t === 'result' && m.id === 2 && m.env.ok, 20_000);
    const replies = client.messages.filter((m): m is Result => m.t === 'result' && m.id === 2);
    expect(replies).toHaveLength(2);
    expect(replies.find((r) => !r.env.ok)?.env).toMatchObject({ ok: false, error: { code: 'CALL_ID_IN_USE' } });
    expect(replies.find((r) => r.env.ok)?.env).toMatchObject({ ok: true, value: { ok: true, order: { intent: { limitPrice: '1.01' } } } });
  });

  it('a cancellable call still honours cancel', async () => {
    client.send({ t: 'invoke', id: 3, ch: 'system.measureEventLoop', req: { durationMs: 30_000 } });
    await new Promise((r) => setTimeout(r, 50));
    client.send({ t: 'cancel', id: 3 });
    const reply = (await client.waitFor((m) => m.t === 'result' && m.id === 3, 10_000)) as Result;
    expect(reply.env).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
  });
});
