import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { invokeChannels } from '../../../src-shared/ipc/contract.js';
import { CodedError } from '../../../src-shared/ipc/errors.js';
import { createClient, type Transport } from '../../../src-shared/ipc/client.js';
import { nameInWords, pathInWords } from '../../../src-shared/ipc/field-words.js';
import type { ContractHandlers } from '../../../src-main/ipc/handlers.js';
import { IpcRouter } from '../../../src-main/ipc/router.js';
import { Logger } from '../../../src-main/logging/logger.js';

const context = () => ({ signal: new AbortController().signal, peer: 'test' });

/** Every contract entry refuses except the ones given (the router needs a handler for each). */
function handlersWith(given: Record<string, Record<string, unknown>>): ContractHandlers {
  const all: Record<string, Record<string, unknown>> = {};
  for (const { service, name } of invokeChannels.values()) {
    all[service] ??= {};
    all[service][name] =
      given[service]?.[name] ??
      (() => {
        throw new CodedError('UNAVAILABLE', 'not part of this test');
      });
  }
  return all as unknown as ContractHandlers;
}

/** A client on the router itself: what a GUI feature would show from a refusal. */
function clientOn(router: IpcRouter) {
  const transport: Transport = {
    invoke: (channel, _id, request) => router.dispatch(channel, request, context()),
    cancel: () => {},
    subscribe: () => {},
    unsubscribe: () => {},
    setEventSink: () => {},
    onConnection: () => () => {},
    connection: 'connected',
  };
  return createClient(transport);
}

describe('field names in words', () => {
  it('splits internal names into words a trader reads', () => {
    expect(nameInWords('keyId')).toBe('key ID');
    expect(nameInWords('maxOrderQty')).toBe('max order quantity');
    expect(nameInWords('priceBand')).toBe('price band');
    expect(nameInWords('stop_loss')).toBe('stop loss');
    expect(nameInWords('apiKey')).toBe('API key');
    expect(pathInWords(['legs', 1, 'limitPrice'])).toBe('legs #2 limit price');
    expect(pathInWords([])).toBe('the request');
    // Names a request may bring that an object lookup would misread.
    expect(nameInWords('constructor')).toBe('constructor');
    expect(nameInWords('__proto__')).toBe('proto');
    expect(nameInWords('APIKey')).toBe('API key');
  });

  it('a refused request reaches the trader with the field in words and no channel name', async () => {
    const router = new IpcRouter(handlersWith({}), new Logger());
    const client = clientOn(router);
    const refusal = await client.invoke('secrets.saveAlpacaKeys', { mode: 'paper', keyId: 'short', secret: 'x'.repeat(20) }).then(
      () => undefined,
      (error: unknown) => error as CodedError,
    );
    expect(refusal?.code).toBe('BAD_REQUEST');
    expect(refusal?.message).toBe('key ID: a key id has at least 8 characters');
    expect(refusal?.message).not.toMatch(/secrets\.|keyId/);
  });

  it('unexpected failures and cancellations name no channel either (the log does)', async () => {
    const log = new Logger();
    const router = new IpcRouter(handlersWith({ system: { health: () => { throw new Error('disk on fire'); } } }), log);
    const client = clientOn(router);
    const failure = await client.invoke('system.health', {}).then(
      () => undefined,
      (error: unknown) => error as CodedError,
    );
    expect(failure?.code).toBe('INTERNAL');
    expect(failure?.message).toBe('this failed unexpectedly; the Log tab has the cause');
    expect(log.recent(5).map((e) => e.message)).toContain('system.health failed: disk on fire');
    const aborted = new AbortController();
    aborted.abort();
    expect(await router.dispatch('system.health', {}, { signal: aborted.signal, peer: 'test' })).toEqual({ ok: false, error: { code: 'CANCELLED', message: 'cancelled' } });
  });

  it('zod issues of nested fields read as words', () => {
    const schema = z.strictObject({ legs: z.array(z.strictObject({ limitPrice: z.string().min(1, 'give a price') })) });
    const parsed = schema.safeParse({ legs: [{ limitPrice: 'x' }, { limitPrice: '' }] });
    expect(parsed.success).toBe(false);
    if (!parsed.success) expect(pathInWords(parsed.error.issues[0]!.path)).toBe('legs #2 limit price');
  });
});
