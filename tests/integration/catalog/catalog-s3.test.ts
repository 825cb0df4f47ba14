import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyColumns, type BarColumns } from '../../../src-shared/domain/bar-columns.js';
import { openCatalog } from '../../../src-main/catalog/catalog.js';
import { CatalogError } from '../../../src-main/catalog/errors.js';
import { S3Storage } from '../../../src-main/catalog/s3-storage.js';
import { S3RVER_CREDENTIALS, startRelay, startS3Server, startS3ServerProcess, type RunningS3 } from '../../support/s3-server.js';

function minuteBars(start: number, count: number): BarColumns {
  const c = emptyColumns(count);
  for (let i = 0; i < count; i++) {
    c.t[i] = start + i * 60_000;
    const p = 50 + Math.cos(i / 91) * 4 + i / 1e5;
    c.o[i] = p;
    c.h[i] = p + 1 / 3;
    c.l[i] = p - 1 / 7;
    c.c[i] = p + 1 / 11;
    c.v[i] = (i * 7919) % 100_003;
  }
  return c;
}

async function failure(work: Promise<unknown>): Promise<CatalogError> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CatalogError);
  return error as CatalogError;
}

const JAN = Date.UTC(2024, 0, 1);
const MONTHS = 60 * 24 * (31 + 29 + 31);

describe('catalog on an S3-compatible server (s3rver on loopback)', () => {
  let s3: RunningS3;
  const open = (extra: { credentials?: typeof S3RVER_CREDENTIALS; endpoint?: string; uri?: string } = {}) =>
    openCatalog(extra.uri ?? 's3://bars/catalog', { s3Endpoint: extra.endpoint ?? s3.endpoint, credentials: extra.credentials ?? S3RVER_CREDENTIALS, maxAttempts: 1, rowGroupSize: 2000 });

  beforeAll(async () => {
    s3 = await startS3Server(['bars']);
    const catalog = open();
    await catalog.writeBars('AAPL', '1Min', minuteBars(JAN, MONTHS));
    await catalog.writeBars('MSFT', '1Min', minuteBars(JAN, 1000));
    catalog.close();
  });
  afterAll(async () => {
    await s3?.close();
  });

  it('reads back what was written, to the last digit, and lists the objects in the layout', async () => {
    const catalog = open();
    const back = await catalog.readBars('AAPL', '1Min');
    const expected = minuteBars(JAN, MONTHS);
    for (const f of ['t', 'o', 'h', 'l', 'c', 'v'] as const) expect(Array.from(back[f])).toEqual(Array.from(expected[f]));
    expect((await catalog.files()).map((f) => f.key)).toEqual([
      'bars/1Min/AAPL/2024-01.parquet',
      'bars/1Min/AAPL/2024-02.parquet',
      'bars/1Min/AAPL/2024-03.parquet',
      'bars/1Min/MSFT/2024-01.parquet',
    ]);
    expect((await catalog.files({ symbol: 'msft', timeframe: '1Min' })).map((f) => f.partition)).toEqual(['2024-01']);
    catalog.close();
  });

  it('a range read opens one object and fetches its footer and one run of row groups by range GETs', async () => {
    const catalog = open();
    const from = Date.UTC(2024, 2, 5, 14, 30);
    const to = Date.UTC(2024, 2, 5, 21, 0);
    const got = await catalog.readBars('AAPL', '1Min', from, to);
    expect(got.t.length).toBe((to - from) / 60_000 + 1);
    expect(got.t[0]).toBe(from);
    expect(catalog.stats).toMatchObject({ filesOpened: 1, requests: 2 });
    const file = (await catalog.files({ symbol: 'AAPL', timeframe: '1Min' })).find((f) => f.partition === '2024-03')!;
    // A day's bars out of a month's: a small part of the object crossed the wire.
    expect(catalog.stats.bytesFetched).toBeLessThan(file.bytes / 4);
    catalog.close();
  });

  it('a series that is not there reads as no bars; a missing object or bucket is NOT_FOUND with what to do', async () => {
    const catalog = open();
    expect((await catalog.readBars('NOPE', '1Min')).t.length).toBe(0);
    catalog.close();
    const storage = new S3Storage({ bucket: 'bars', prefix: 'catalog', endpoint: s3.endpoint, credentials: S3RVER_CREDENTIALS, maxAttempts: 1 });
    expect(await storage.size('bars/1Min/AAPL/1999-01.parquet')).toBeUndefined();
    const missing = await failure(storage.read('bars/1Min/AAPL/1999-01.parquet', 0, 100));
    expect(missing.failure).toBe('CATALOG_NOT_FOUND');
    expect(missing.code).toBe('NOT_FOUND');
    expect(missing.message).toContain('s3://bars/catalog/bars/1Min/AAPL/1999-01.parquet');
    storage.close();
    const noBucket = open({ uri: 's3://no-such-bucket/x' });
    const bucket = await failure(noBucket.readBars('AAPL', '1Min'));
    expect(bucket.failure).toBe('CATALOG_NOT_FOUND');
    expect(bucket.message).toContain('bucket "no-such-bucket" does not exist');
    noBucket.close();
  });

  it('refuses bad credentials with CATALOG_AUTH and says where credentials come from', async () => {
    const wrongKey = open({ credentials: { accessKeyId: 'NOT-A-KEY', secretAccessKey: 'S3RVER' } });
    const unknown = await failure(wrongKey.readBars('AAPL', '1Min'));
    expect(unknown.failure).toBe('CATALOG_AUTH');
    expect(unknown.code).toBe('UNAUTHENTICATED');
    expect(unknown.message).toMatch(/refused the credentials \(InvalidAccessKeyId\).*catalog credentials/);
    wrongKey.close();
    // s3rver checks the key id but does not verify SigV4 signatures, so a wrong secret passes it. MinIO and AWS
    // answer 403 SignatureDoesNotMatch; a loopback server answering exactly that stands in for them here.
    const minioLike = createServer((request, response) => {
      request.resume();
      response.writeHead(403, { 'content-type': 'application/xml' });
      response.end(
        '<?xml version="1.0" encoding="UTF-8"?><Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match the signature you provided.</Message></Error>',
      );
    });
    await new Promise<void>((resolve) => minioLike.listen(0, '127.0.0.1', resolve));
    const wrongSecret = open({ endpoint: `http://127.0.0.1:${(minioLike.address() as AddressInfo).port}`, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'wrong' } });
    const signature = await failure(wrongSecret.writeBars('AAPL', '1Min', minuteBars(JAN, 10)));
    expect(signature.failure).toBe('CATALOG_AUTH');
    expect(signature.message).toContain('SignatureDoesNotMatch');
    wrongSecret.close();
    await new Promise((resolve) => minioLike.close(resolve));
    expect(() => openCatalog('s3://bars/x', { s3Endpoint: s3.endpoint })).toThrow(/needs S3 credentials/);
  });

  it('a server that is not running is CATALOG_UNREACHABLE naming the endpoint', async () => {
    const dead = await startRelay(s3.endpoint, () => undefined);
    const endpoint = dead.endpoint;
    await dead.close();
    const catalog = open({ endpoint });
    const error = await failure(catalog.readBars('AAPL', '1Min'));
    expect(error.failure).toBe('CATALOG_UNREACHABLE');
    expect(error.message).toContain(endpoint);
    expect(error.message).toContain('ECONNREFUSED');
    catalog.close();
  });

  it('a server that dies mid-read fails the read with CATALOG_READ_INTERRUPTED and returns no partial bars', async () => {
    const directory = mkdtempSync(join(tmpdir(), 's3rver-child-'));
    const server = await startS3ServerProcess(directory);
    try {
      // Fill a bucket on the child server, then read it through a relay that kills the server 1 MB into a reply.
      const setup = openCatalog('s3://bars', { s3Endpoint: server.endpoint, credentials: S3RVER_CREDENTIALS, maxAttempts: 1 });
      const { S3Client, CreateBucketCommand } = await import('@aws-sdk/client-s3');
      const admin = new S3Client({ endpoint: server.endpoint, forcePathStyle: true, region: 'us-east-1', credentials: S3RVER_CREDENTIALS });
      await admin.send(new CreateBucketCommand({ Bucket: 'bars' }));
      admin.destroy();
      await setup.writeBars('AAPL', '1Min', minuteBars(JAN, 60 * 24 * 31));
      setup.close();
      let killed = false;
      const relay = await startRelay(server.endpoint, (total) => {
        if (!killed && total > 1_000_000) {
          killed = true;
          server.child.kill('SIGKILL');
          return 'cut';
        }
        return undefined;
      });
      const catalog = openCatalog('s3://bars', { s3Endpoint: relay.endpoint, credentials: S3RVER_CREDENTIALS, maxAttempts: 1 });
      let chunks = 0;
      const error = await failure(catalog.scanBars('AAPL', '1Min', undefined, undefined, () => void chunks++));
      expect(killed).toBe(true);
      expect(chunks).toBe(0);
      expect(error.failure).toBe('CATALOG_READ_INTERRUPTED');
      expect(error.code).toBe('UNAVAILABLE');
      expect(error.message).toMatch(/dropped mid-read.*run the command again/);
      catalog.close();
      await relay.close();
    } finally {
      server.child.kill('SIGKILL');
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
