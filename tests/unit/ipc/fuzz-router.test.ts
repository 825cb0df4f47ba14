import { describe, expect, it } from 'vitest';
import { invokeChannels } from '../../../src-shared/ipc/contract.js';
import type { ContractHandlers } from '../../../src-main/ipc/handlers.js';
import { IpcRouter } from '../../../src-main/ipc/router.js';
import { Logger } from '../../../src-main/logging/logger.js';
import { randomJson, seededRandom } from '../../support/random-json.js';

const CASES_PER_CHANNEL = 3000;

/** Handlers that only record that they ran, with what; the router's validation is what is under test. */
function recordingHandlers(calls: Array<{ channel: string; request: unknown }>): ContractHandlers {
  const handlers: Record<string, Record<string, (request: unknown) => unknown>> = {};
  for (const entry of invokeChannels.values()) {
    handlers[entry.service] ??= {};
    handlers[entry.service]![entry.name] = (request) => {
      calls.push({ channel: entry.channel, request });
      throw new Error('handler ran');
    };
  }
  return handlers as unknown as ContractHandlers;
}

describe('router fuzz', () => {
  it(`answers ${CASES_PER_CHANNEL} random payloads per channel with error envelopes and runs no handler on invalid input`, async () => {
    const calls: Array<{ channel: string; request: unknown }> = [];
    const router = new IpcRouter(recordingHandlers(calls), new Logger({ keep: 10 }));
    const random = seededRandom(20261121);
    let invalid = 0;
    for (const entry of invokeChannels.values()) {
      for (let i = 0; i < CASES_PER_CHANNEL; i++) {
        const payload = randomJson(random);
        const valid = entry.spec.request.safeParse(payload).success;
        const before = calls.length;
        const reply = await router.dispatch(entry.channel, payload, { signal: new AbortController().signal, peer: 'fuzz' });
        expect(reply.ok).toBe(false);
        if (reply.ok) continue;
        expect(typeof reply.error.message).toBe('string');
        if (!valid) {
          invalid++;
          expect(reply.error.code).toBe('BAD_REQUEST');
          expect(calls.length).toBe(before);
        }
      }
    }
    // Nearly all random payloads are invalid; the few valid ones reached a handler that threw (INTERNAL).
    expect(invalid).toBeGreaterThan(invokeChannels.size * CASES_PER_CHANNEL * 0.9);
    for (const call of calls) expect(invokeChannels.get(call.channel)!.spec.request.safeParse(call.request).success).toBe(true);
  });

  it('answers random channel names with UNKNOWN_CHANNEL', async () => {
    const calls: Array<{ channel: string; request: unknown }> = [];
    const router = new IpcRouter(recordingHandlers(calls), new Logger({ keep: 10 }));
    const random = seededRandom(7);
    for (let i = 0; i < 2000; i++) {
      const channel = randomJson(random);
      if (typeof channel === 'string' && invokeChannels.has(channel)) continue;
      const reply = await router.dispatch(channel, {}, { signal: new AbortController().signal, peer: 'fuzz' });
      expect(reply).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    }
    expect(calls).toHaveLength(0);
  });
});
