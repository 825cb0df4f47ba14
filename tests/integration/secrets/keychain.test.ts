import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExchange, type RunningExchange } from '../../../src-main/exchange/exchange.js';
import { Logger } from '../../../src-main/logging/logger.js';
import { KeytarSecretStore, loadKeytar, probeKeychain } from '../../../src-main/secrets/keytar-store.js';
import { SecretsService } from '../../../src-main/services/secrets-service.js';

// Each run gets its own keychain service name, so it can never read or overwrite a trader's keys.
const SERVICE = `alpaca-workstation-test-${randomBytes(4).toString('hex')}`;
// Reachable only under a D-Bus session with an unlocked Secret Service (scripts/test.sh runs the suite inside
// `dbus-run-session` with gnome-keyring). Anywhere else these tests report themselves skipped, with the reason.
const probe = await probeKeychain(SERVICE);
const skipReason = probe.ok ? '' : ` [SKIPPED: no Secret Service reachable: ${probe.reason}]`;

describe(`keychain round trips on the real Secret Service${skipReason}`, () => {
  let exchange: RunningExchange;
  let dataDir: string;
  const services: SecretsService[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'secrets-keychain-'));
    if (probe.ok) exchange = await startExchange({ seed: 3 });
  });
  afterAll(async () => {
    for (const service of services) service.stop();
    if (probe.ok) {
      const keytar = await loadKeytar();
      for (const account of ['alpaca.paper.keyId', 'alpaca.paper.secret', 'alpaca.live.keyId', 'alpaca.live.secret', 'llm.apiKey', 'x']) {
        await keytar.deletePassword(SERVICE, account);
      }
    }
    await exchange?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function service(log = new Logger({ level: 'debug' })): Promise<SecretsService> {
    const made = new SecretsService({ log, serviceName: SERVICE, fallbackFile: join(dataDir, 'unused.json'), alpacaHosts: { paper: exchange.tradingUrl }, testTimeoutMs: 5_000 });
    await made.start();
    services.push(made);
    return made;
  }

  it.skipIf(!probe.ok)('KeytarSecretStore writes, reads back and deletes through the Secret Service', async () => {
    const keytar = await loadKeytar();
    const store = new KeytarSecretStore(keytar, SERVICE);
    const value = randomBytes(20).toString('base64');
    await store.set('llm.apiKey', value);
    expect(await store.get('llm.apiKey')).toBe(value);
    // Another client of the same keychain sees the entry under our service name and account.
    expect(await keytar.getPassword(SERVICE, 'llm.apiKey')).toBe(value);
    expect(await store.delete('llm.apiKey')).toBe(true);
    expect(await store.get('llm.apiKey')).toBeNull();
    expect(await store.delete('llm.apiKey')).toBe(false);
  });

  it.skipIf(!probe.ok)('the service picks the keychain, keeps paper keys across a restart, and shows only the masked key id', async () => {
    const first = await service();
    expect(first.current().store.backend).toBe('keychain');
    const status = await first.saveAlpacaKeys('paper', exchange.keys, false);
    const paper = status.credentials.find((c) => c.id === 'alpaca.paper');
    expect(paper).toEqual({ id: 'alpaca.paper', set: true, last4: exchange.keys.keyId.slice(-4), source: 'keychain', readOnly: false });
    expect(JSON.stringify(status)).not.toContain(exchange.keys.secret);
    expect(JSON.stringify(status)).not.toContain(exchange.keys.keyId);

    const second = await service();
    expect(await second.alpacaKeys('paper')).toEqual(exchange.keys);
    expect(second.current().credentials.find((c) => c.id === 'alpaca.paper')?.set).toBe(true);
  });

  it.skipIf(!probe.ok)('tests the stored keys with a real account call, and reports refused keys', async () => {
    const log = new Logger({ level: 'debug' });
    const live = await service(log);
    const ok = await live.testAlpacaKeys('paper');
    expect(ok).toMatchObject({ ok: true, code: 'OK', httpStatus: 200, accountStatus: 'ACTIVE' });

    await live.saveAlpacaKeys('paper', { keyId: exchange.keys.keyId, secret: `${exchange.keys.secret.slice(0, -4)}XXXX` }, false);
    const refused = await live.testAlpacaKeys('paper');
    expect(refused).toMatchObject({ ok: false, code: 'KEYS_REFUSED', httpStatus: 403 });
    expect(refused.message).not.toContain(exchange.keys.keyId);
  });

  it.skipIf(!probe.ok)('deletes both halves of a credential', async () => {
    const live = await service();
    await live.saveAlpacaKeys('paper', exchange.keys, false);
    const status = await live.deleteCredential('alpaca.paper');
    expect(status.credentials.find((c) => c.id === 'alpaca.paper')).toMatchObject({ set: false, last4: null, source: null });
    const keytar = await loadKeytar();
    expect(await keytar.getPassword(SERVICE, 'alpaca.paper.keyId')).toBeNull();
    expect(await keytar.getPassword(SERVICE, 'alpaca.paper.secret')).toBeNull();
    expect((await live.testAlpacaKeys('paper')).code).toBe('NO_KEYS');
  });
});
