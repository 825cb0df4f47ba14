import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { selectSecretStore } from '../../../src-main/secrets/select-store.js';
import type { KeytarApi } from '../../../src-main/secrets/keytar-store.js';
import { AesTestCipher } from './test-cipher.js';

describe('selectSecretStore', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'secrets-select-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const failingKeytar = async (): Promise<KeytarApi> => {
    throw new Error('Cannot find module keytar.node');
  };
  // A keychain that is there but locked, as gnome-keyring answers without an unlock.
  const lockedKeytar = async (): Promise<KeytarApi> => ({
    getPassword: () => Promise.reject(new Error('Cannot get an item from a locked collection')),
    setPassword: () => Promise.reject(new Error('Cannot create an item in a locked collection')),
    deletePassword: () => Promise.resolve(false),
  });

  it('falls back to the encrypted file when keytar does not load', async () => {
    const selected = await selectSecretStore({ serviceName: 't', fallbackFile: join(dir, 's.json'), cipher: new AesTestCipher('gnome_libsecret'), loadKeytar: failingKeytar });
    expect(selected.store?.info.backend).toBe('encrypted-file');
    expect(selected.notes.join(' ')).toMatch(/keytar could not be loaded/);
  });

  it('falls back when the keychain is locked (the probe writes, reads and deletes)', async () => {
    const selected = await selectSecretStore({ serviceName: 't', fallbackFile: join(dir, 's.json'), cipher: new AesTestCipher('basic_text'), loadKeytar: lockedKeytar });
    expect(selected.store?.info).toMatchObject({ backend: 'encrypted-file', weak: true });
    expect(selected.notes.join(' ')).toMatch(/locked collection/);
  });

  it('has nothing writable under plain Node without a keychain', async () => {
    const selected = await selectSecretStore({ serviceName: 't', fallbackFile: join(dir, 's.json'), loadKeytar: failingKeytar });
    expect(selected.store).toBeNull();
    expect(selected.notes.join(' ')).toMatch(/no Electron safeStorage/);
  });

  it("skips the keychain when told to, and an unavailable cipher too", async () => {
    const cipher = new AesTestCipher('gnome_libsecret');
    cipher.available = false;
    const selected = await selectSecretStore({ serviceName: 't', keychain: 'off', fallbackFile: join(dir, 's.json'), cipher });
    expect(selected.store).toBeNull();
    expect(selected.notes).toEqual(['the keychain is turned off', 'Electron safeStorage encryption is not available']);
  });
});
