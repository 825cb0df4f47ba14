import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Envelope } from '../../../src-shared/ipc/errors.js';
import type { SecretsStatus } from '../../../src-shared/ipc/secrets-schemas.js';
import { startExchange, type RunningExchange } from '../../../src-main/exchange/exchange.js';
import { generateKeyPair } from '../../../src-main/exchange/demo-keys.js';
import { Workstation, type WorkstationOptions } from '../../../src-main/services/workstation.js';
import { AesTestCipher } from '../../unit/secrets/test-cipher.js';

// The secrets service inside a real workstation (SQLite file, router with the contract's validation), with the
// keychain turned off so the fallbacks are what is exercised, whatever machine runs this.
describe('secrets service: fallbacks, refusals and the environment', () => {
  let exchange: RunningExchange;
  const dirs: string[] = [];
  const workstations: Workstation[] = [];

  beforeAll(async () => {
    exchange = await startExchange({ seed: 5 });
  });
  afterAll(async () => {
    for (const w of workstations) await w.stop();
    await exchange.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  async function start(secrets: WorkstationOptions['secrets']): Promise<{ w: Workstation; dataDir: string }> {
    const dataDir = mkdtempSync(join(tmpdir(), 'secrets-service-'));
    dirs.push(dataDir);
    const w = new Workstation({ dataDir, shell: 'headless', logLevel: 'debug', secrets: { keychain: 'off', env: {}, alpacaHosts: { paper: exchange.tradingUrl, live: exchange.tradingUrl }, ...secrets } });
    workstations.push(w);
    await w.start();
    return { w, dataDir };
  }

  const call = (w: Workstation, channel: string, request: unknown): Promise<Envelope<unknown>> =>
    w.router.dispatch(channel, request, { signal: new AbortController().signal, peer: 'test' });

  it('with the safeStorage file: saves paper keys, tests them, and publishes only the masked status', async () => {
    const { w, dataDir } = await start({ cipher: new AesTestCipher('gnome_libsecret') });
    const published: SecretsStatus[] = [];
    w.hub.subscribe('secrets.changed', (batch) => published.push(...(batch.items as SecretsStatus[])));
    const saved = await call(w, 'secrets.saveAlpacaKeys', { mode: 'paper', ...exchange.keys });
    expect(saved.ok).toBe(true);
    const status = (saved as { value: SecretsStatus }).value;
    expect(status.store).toMatchObject({ backend: 'encrypted-file', weak: false });
    expect(status.credentials.find((c) => c.id === 'alpaca.paper')).toEqual({ id: 'alpaca.paper', set: true, last4: exchange.keys.keyId.slice(-4), source: 'encrypted-file', readOnly: false });
    expect(readFileSync(join(dataDir, 'secrets.enc.json'), 'utf8')).not.toContain(exchange.keys.secret);

    expect(published.at(-1)).toEqual(status);

    const tested = await call(w, 'secrets.testAlpacaKeys', { mode: 'paper' });
    expect(tested).toMatchObject({ ok: true, value: { ok: true, code: 'OK', host: exchange.tradingUrl } });
  });

  it('on basic_text refuses live keys until the user accepts the risk', async () => {
    const { w } = await start({ cipher: new AesTestCipher('basic_text') });
    const live = { mode: 'live', keyId: `AK${generateKeyPair().keyId.slice(2)}`, secret: generateKeyPair().secret };
    const refused = await call(w, 'secrets.saveAlpacaKeys', live);
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(JSON.stringify(refused)).toMatch(/WEAK_STORAGE_REFUSED.*basic_text/);
    expect(((await call(w, 'secrets.status', {})) as { value: SecretsStatus }).value.credentials.find((c) => c.id === 'alpaca.live')?.set).toBe(false);

    const accepted = await call(w, 'secrets.saveAlpacaKeys', { ...live, acceptWeakStorage: true });
    expect(accepted.ok).toBe(true);
    expect((accepted as { value: SecretsStatus }).value.store.weak).toBe(true);
    expect((accepted as { value: SecretsStatus }).value.credentials.find((c) => c.id === 'alpaca.live')?.set).toBe(true);
  });

  it('refuses a live key id offered as paper keys, and malformed input without echoing it', async () => {
    const { w } = await start({ cipher: new AesTestCipher('gnome_libsecret') });
    const wrongKind = await call(w, 'secrets.saveAlpacaKeys', { mode: 'paper', keyId: 'AKABCDEFGHIJKLMNOPQR', secret: exchange.keys.secret });
    expect(wrongKind).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    const spaced = await call(w, 'secrets.saveAlpacaKeys', { mode: 'paper', keyId: exchange.keys.keyId, secret: 'has a space in it but is long' });
    expect(spaced).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(JSON.stringify(spaced)).not.toContain('has a space');
  });

  it('on the headless host without a keychain: reads APCA_* from the environment, read-only', async () => {
    const { w } = await start({ env: { APCA_API_KEY_ID: exchange.keys.keyId, APCA_API_SECRET_KEY: exchange.keys.secret } });
    const status = ((await call(w, 'secrets.status', {})) as { value: SecretsStatus }).value;
    expect(status.store.backend).toBeNull();
    expect(status.credentials.find((c) => c.id === 'alpaca.paper')).toEqual({ id: 'alpaca.paper', set: true, last4: exchange.keys.keyId.slice(-4), source: 'env', readOnly: true });
    expect(await call(w, 'secrets.testAlpacaKeys', { mode: 'paper' })).toMatchObject({ ok: true, value: { ok: true } });
    const deleted = await call(w, 'secrets.delete', { id: 'alpaca.paper' });
    expect(deleted).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(JSON.stringify(deleted)).toMatch(/APCA_API_KEY_ID/);
    // Nothing writable: a new key has nowhere to go, and the reply says what to do.
    const llm = await call(w, 'secrets.saveLlmKey', { apiKey: 'sk-0123456789abcdefghij' });
    expect(llm).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
    expect(JSON.stringify(llm)).toMatch(/keyring|APCA_API_KEY_ID/);
    expect(w.registry.health().find((h) => h.name === 'secrets')?.state).toBe('ok');
  });
});
