import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveS3Credentials, S3_KEY_ID_ACCOUNT, S3_SECRET_ACCOUNT, storeS3Credentials } from '../../../src-main/catalog/credentials.js';
import { loadKeytar, probeKeychain } from '../../../src-main/secrets/keytar-store.js';

// Its own keychain service name: never a trader's entries.
const SERVICE = `alpaca-workstation-test-${randomBytes(4).toString('hex')}`;
const probe = await probeKeychain(SERVICE);
const skipReason = probe.ok ? '' : ` [keychain part SKIPPED: no Secret Service reachable: ${probe.reason}]`;

describe(`S3 credentials of the catalog${skipReason}`, () => {
  afterAll(async () => {
    if (!probe.ok) return;
    const keytar = await loadKeytar();
    await keytar.deletePassword(SERVICE, S3_KEY_ID_ACCOUNT);
    await keytar.deletePassword(SERVICE, S3_SECRET_ACCOUNT);
  });

  it('takes the workstation variables over AWS ones, and needs both halves of a pair', async () => {
    expect(await resolveS3Credentials({ AWS_ACCESS_KEY_ID: 'aws-id', AWS_SECRET_ACCESS_KEY: 'aws-secret' }, { keychain: 'off' })).toEqual({ accessKeyId: 'aws-id', secretAccessKey: 'aws-secret' });
    expect(
      await resolveS3Credentials(
        { AWS_ACCESS_KEY_ID: 'aws-id', AWS_SECRET_ACCESS_KEY: 'aws-secret', WORKSTATION_S3_ACCESS_KEY_ID: 'ws-id', WORKSTATION_S3_SECRET_ACCESS_KEY: 'ws-secret' },
        { keychain: 'off' },
      ),
    ).toEqual({ accessKeyId: 'ws-id', secretAccessKey: 'ws-secret' });
    expect(await resolveS3Credentials({ AWS_ACCESS_KEY_ID: 'aws-id' }, { keychain: 'off' })).toBeUndefined();
  });

  it.skipIf(!probe.ok)('stores the pair in the keychain and reads it back when no variable is set; a variable still wins', async () => {
    const where = await storeS3Credentials({ accessKeyId: 'MINIO-KEY', secretAccessKey: 'minio-secret' }, {}, { serviceName: SERVICE });
    expect(where).toContain(SERVICE);
    expect(await resolveS3Credentials({}, { serviceName: SERVICE })).toEqual({ accessKeyId: 'MINIO-KEY', secretAccessKey: 'minio-secret' });
    expect(await resolveS3Credentials({ AWS_ACCESS_KEY_ID: 'env', AWS_SECRET_ACCESS_KEY: 'env-secret' }, { serviceName: SERVICE })).toEqual({ accessKeyId: 'env', secretAccessKey: 'env-secret' });
  });
});
