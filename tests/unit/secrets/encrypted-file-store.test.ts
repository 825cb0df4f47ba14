import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EncryptedFileSecretStore } from '../../../src-main/secrets/encrypted-file-store.js';
import { SecretStoreError } from '../../../src-main/secrets/secret-store.js';
import { AesTestCipher } from './test-cipher.js';

const SECRET = 'sEcReT-value-0123456789abcdefXYZ';
const KEY_ID = 'AKTESTKEYID0123456789';

async function refusal(work: Promise<unknown>): Promise<SecretStoreError> {
  const error = await work.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(SecretStoreError);
  return error as SecretStoreError;
}

describe('EncryptedFileSecretStore (the safeStorage fallback)', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'secrets-file-'));
    file = join(dir, 'secrets.enc.json');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('round-trips values, keeps only ciphertext on disk, and the file is private to the user', async () => {
    const cipher = new AesTestCipher('gnome_libsecret');
    const store = new EncryptedFileSecretStore(file, cipher);
    await store.set('alpaca.paper.secret', SECRET);
    await store.set('alpaca.live.keyId', KEY_ID);
    expect(await store.get('alpaca.paper.secret')).toBe(SECRET);
    expect(await store.get('alpaca.live.keyId')).toBe(KEY_ID);
    expect(await store.get('llm.apiKey')).toBeNull();

    const onDisk = readFileSync(file, 'utf8');
    expect(onDisk).not.toContain(SECRET);
    expect(onDisk).not.toContain(KEY_ID);
    expect(JSON.parse(onDisk)).toMatchObject({ version: 1, backend: 'gnome_libsecret' });
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);

    // A second instance over the same file (a restart) reads the same values.
    expect(await new EncryptedFileSecretStore(file, cipher).get('alpaca.paper.secret')).toBe(SECRET);
    expect(store.info).toMatchObject({ backend: 'encrypted-file', weak: false, readOnly: false });
  });

  it('deletes one account and reports whether anything was there', async () => {
    const store = new EncryptedFileSecretStore(file, new AesTestCipher('kwallet5'));
    await store.set('llm.apiKey', SECRET);
    expect(await store.delete('llm.apiKey')).toBe(true);
    expect(await store.delete('llm.apiKey')).toBe(false);
    expect(await store.get('llm.apiKey')).toBeNull();
  });

  it('refuses live keys on Linux basic_text unless the user opted in, and still takes paper keys', async () => {
    const store = new EncryptedFileSecretStore(file, new AesTestCipher('basic_text'));
    expect(store.info.weak).toBe(true);
    const error = await refusal(store.set('alpaca.live.secret', SECRET));
    expect(error.code).toBe('WEAK_STORAGE_REFUSED');
    expect(error.message).toMatch(/basic_text/);
    expect(error.message).not.toContain(SECRET);
    expect(await store.get('alpaca.live.secret')).toBeNull();

    await store.set('alpaca.paper.secret', SECRET);
    expect(await store.get('alpaca.paper.secret')).toBe(SECRET);
    await store.set('alpaca.live.secret', SECRET, { acceptWeak: true });
    expect(await store.get('alpaca.live.secret')).toBe(SECRET);
  });

  it('a strong backend never asks for the opt-in', async () => {
    const store = new EncryptedFileSecretStore(file, new AesTestCipher('gnome_libsecret'));
    await store.set('alpaca.live.secret', SECRET);
    expect(await store.get('alpaca.live.secret')).toBe(SECRET);
  });

  it('says UNAVAILABLE while the OS encryption is not ready', async () => {
    const cipher = new AesTestCipher('gnome_libsecret');
    cipher.available = false;
    const error = await refusal(new EncryptedFileSecretStore(file, cipher).set('llm.apiKey', SECRET));
    expect(error.code).toBe('UNAVAILABLE');
  });

  it('says CORRUPT for a damaged file and for values another key encrypted', async () => {
    const store = new EncryptedFileSecretStore(file, new AesTestCipher('gnome_libsecret'));
    await store.set('llm.apiKey', SECRET);
    const other = new EncryptedFileSecretStore(file, new AesTestCipher('gnome_libsecret'));
    const wrongKey = await refusal(other.get('llm.apiKey'));
    expect(wrongKey.code).toBe('CORRUPT');
    expect(wrongKey.message).not.toContain(SECRET);

    writeFileSync(file, '{not json');
    expect((await refusal(store.get('llm.apiKey'))).code).toBe('CORRUPT');
  });
});
