import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventChannels, invokeChannels } from '../../../src-shared/ipc/contract.js';
import { CodedError } from '../../../src-shared/ipc/errors.js';
import type { ContractHandlers } from '../../../src-main/ipc/handlers.js';
import { IpcRouter } from '../../../src-main/ipc/router.js';
import { GuiSession } from '../../../src-main/ipc/session.js';
import { Logger } from '../../../src-main/logging/logger.js';
import { startTestWorkstation, type TestWorkstation } from '../../support/workstation.js';

const context = () => ({ signal: new AbortController().signal, peer: 'test' });

/** The given handlers, and for every other contract entry one that refuses: the router needs them all. */
function withEveryOtherEntry(given: Record<string, Record<string, unknown>>): ContractHandlers {
  const all: Record<string, Record<string, unknown>> = {};
  for (const { service, name } of invokeChannels.values()) {
    all[service] ??= {};
    all[service][name] = given[service]?.[name] ?? (() => {
      throw new CodedError('UNAVAILABLE', 'not part of this test');
    });
  }
  return all as unknown as ContractHandlers;
}

describe('contract and router', () => {
  let test: TestWorkstation;
  beforeAll(async () => {
    test = await startTestWorkstation();
  });
  afterAll(() => test.dispose());

  it('registers exactly the contract: every entry has a handler, nothing else is answered', () => {
    expect(new Set(test.workstation.router.channels())).toEqual(new Set(invokeChannels.keys()));
    expect(invokeChannels.size).toBeGreaterThan(0);
    expect(eventChannels.size).toBeGreaterThan(0);
  });

  it('refuses to start when a contract entry has no handler', () => {
    const partial = { system: {}, settings: {}, diagnostics: {} } as unknown as ContractHandlers;
    expect(() => new IpcRouter(partial, new Logger())).toThrow(/no handler for contract entry/);
  });

  it('answers a valid call with an ok envelope that matches the response schema', async () => {
    const reply = await test.workstation.router.dispatch('system.info', {}, context());
    expect(reply.ok).toBe(true);
    if (reply.ok) expect(invokeChannels.get('system.info')!.spec.response.safeParse(reply.value).success).toBe(true);
  });

  it('answers an unknown channel and a bad payload with error envelopes', async () => {
    expect(await test.workstation.router.dispatch('system.nope', {}, context())).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    expect(await test.workstation.router.dispatch(42, {}, context())).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    const bad = await test.workstation.router.dispatch('system.recentLogs', { limit: 'ten' }, context());
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    if (!bad.ok) expect(bad.error.message).toContain('limit');
  });

  it('maps handler errors: coded errors keep their code, anything else is INTERNAL, a reply outside the schema is INTERNAL', async () => {
    const log = new Logger();
    const handlers = withEveryOtherEntry({
      system: {
        info: () => {
          throw new CodedError('NOT_FOUND', 'no such thing');
        },
        health: () => {
          throw new Error('boom with secret PKABCDEFGHIJKLMNOPQR');
        },
        recentLogs: () => [{ not: 'a log entry' }],
        measureEventLoop: () => ({ samples: 0, p50Ms: 0, p99Ms: 0, maxMs: 0, meanMs: 0 }),
      },
      settings: { get: () => ({ key: 'ui.theme', value: 'dark' }), set: () => ({ key: 'ui.theme', updatedAt: 1 }) },
      diagnostics: { burst: () => ({ sent: 0, durationMs: 0 }) },
    });
    const router = new IpcRouter(handlers, log);
    expect(await router.dispatch('system.info', {}, context())).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'no such thing' } });
    const internal = await router.dispatch('system.health', {}, context());
    expect(internal).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    if (!internal.ok) expect(internal.error.message).not.toContain('PKABCDEFGHIJKLMNOPQR');
    expect(JSON.stringify(log.recent(10))).not.toContain('PKABCDEFGHIJKLMNOPQR');
    // The Log tab shows the message: it names the channel and the cause.
    expect(log.recent(10).map((e) => e.message)).toContain('system.health failed: boom with secret [redacted]');
    expect(await router.dispatch('system.recentLogs', { limit: 5 }, context())).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });

  it('cancels a long call through the session, and a disconnect cancels every call in flight', async () => {
    const session = new GuiSession(test.workstation.router, test.workstation.hub, 'test', () => {});
    const started = Date.now();
    const pending = session.invoke(7, 'system.measureEventLoop', { durationMs: 30_000 });
    await new Promise((r) => setTimeout(r, 50));
    expect(session.callsInFlight).toBe(1);
    expect(session.cancel(7)).toBe(true);
    expect(await pending).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(Date.now() - started).toBeLessThan(10_000);

    const other = new GuiSession(test.workstation.router, test.workstation.hub, 'test', () => {});
    const first = other.invoke(1, 'system.measureEventLoop', { durationMs: 30_000 });
    const second = other.invoke(2, 'diagnostics.burst', { count: 2_000_000, coalesced: true });
    other.close();
    expect(await first).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(await second).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
  });

  it('subscribes only to contract event channels', () => {
    const session = new GuiSession(test.workstation.router, test.workstation.hub, 'test', () => {});
    expect(session.subscribe('system.metrics')).toEqual({ ok: true, value: null });
    expect(session.subscribe('system.info')).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    expect(session.subscribe({})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    session.close();
  });
});
