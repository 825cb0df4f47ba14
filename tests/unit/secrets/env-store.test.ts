import { describe, expect, it } from 'vitest';
import { EnvSecretStore } from '../../../src-main/secrets/env-store.js';
import { SecretStoreError } from '../../../src-main/secrets/secret-store.js';

describe('EnvSecretStore (APCA_API_KEY_ID / APCA_API_SECRET_KEY on the headless host)', () => {
  it('takes a PK key id as paper keys', async () => {
    const store = new EnvSecretStore({ APCA_API_KEY_ID: ' PKABCDEFGH12345678 ', APCA_API_SECRET_KEY: 'secret-secret-secret-1' });
    expect(await store.get('alpaca.paper.keyId')).toBe('PKABCDEFGH12345678');
    expect(await store.get('alpaca.paper.secret')).toBe('secret-secret-secret-1');
    expect(await store.get('alpaca.live.keyId')).toBeNull();
    expect(store.has('alpaca.paper.secret')).toBe(true);
    expect(store.info).toMatchObject({ backend: 'env', readOnly: true });
  });

  it('takes an AK key id as live keys', async () => {
    const store = new EnvSecretStore({ APCA_API_KEY_ID: 'AKABCDEFGH12345678', APCA_API_SECRET_KEY: 'secret-secret-secret-1' });
    expect(await store.get('alpaca.live.keyId')).toBe('AKABCDEFGH12345678');
    expect(await store.get('alpaca.paper.keyId')).toBeNull();
  });

  it('needs both variables', () => {
    expect(new EnvSecretStore({ APCA_API_KEY_ID: 'PKABCDEFGH12345678' }).empty).toBe(true);
    expect(new EnvSecretStore({}).empty).toBe(true);
  });

  it('refuses writes and deletes with a reason naming the variables', async () => {
    const store = new EnvSecretStore({ APCA_API_KEY_ID: 'PKABCDEFGH12345678', APCA_API_SECRET_KEY: 'secret-secret-secret-1' });
    await expect(store.set('alpaca.paper.keyId')).rejects.toSatisfy((e: unknown) => e instanceof SecretStoreError && e.code === 'READ_ONLY' && /APCA_API_KEY_ID/.test(e.message));
    await expect(store.delete('alpaca.paper.keyId')).rejects.toBeInstanceOf(SecretStoreError);
  });
});
