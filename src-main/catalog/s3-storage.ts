import type { ListObjectsV2CommandOutput, S3Client } from '@aws-sdk/client-s3';
import { CatalogError } from './errors.js';
import type { CatalogStorage, ObjectInfo } from './storage.js';

export interface S3Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface S3StorageOptions {
  bucket: string;
  /** Key prefix of the catalog inside the bucket ('' for the bucket's root). */
  prefix: string;
  /** An S3-compatible server (MinIO, s3rver): http(s)://host:port; addressed path-style. Absent: AWS S3. */
  endpoint?: string;
  region?: string;
  credentials: S3Credentials;
  /** Tries per request, the first included (default 3): a dead server costs this many connection attempts. */
  maxAttempts?: number;
  /** Milliseconds to wait for a connection, and for a response to start (defaults 5000 and 30000). */
  connectTimeoutMs?: number;
  requestTimeoutMs?: number;
}

/** Connection failures Node reports by code: the server is down, unreachable or went away. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNABORTED']);

interface ErrorShape {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  cause?: unknown;
}

function networkCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const shape = current as ErrorShape;
    if (shape.code && NETWORK_CODES.has(shape.code)) return shape.code;
    if (shape.name === 'TimeoutError') return 'ETIMEDOUT';
    if (shape.message && /socket hang up|aborted|premature close/i.test(shape.message)) return 'ECONNRESET';
    current = shape.cause;
  }
  return undefined;
}

/**
 * A catalog in an S3-compatible bucket through @aws-sdk/client-s3: ListObjectsV2, HEAD, ranged GETs (a Parquet
 * footer, then only the row groups a read needs) and PUTs. S3 replaces an object whole on PUT, so a reader
 * never sees half a file. Every failure becomes a CatalogError that says what to check.
 */
export class S3Storage implements CatalogStorage {
  readonly description: string;
  /** The SDK loads on first use: every other CLI command starts without it (it takes a large part of a second). */
  private readonly ready: Promise<{ sdk: typeof import('@aws-sdk/client-s3'); client: S3Client }>;
  private readonly endpoint: string;

  constructor(private readonly options: S3StorageOptions) {
    this.endpoint = options.endpoint ?? 'AWS S3';
    this.description = `s3://${options.bucket}${options.prefix ? `/${options.prefix}` : ''} at ${this.endpoint}`;
    // The SDK warns on stderr, once per process, that releases after January 2027 need Node 22. It is pinned in
    // package-lock and Electron brings its own Node, so the note only clutters CLI output; an explicit setting wins.
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
    this.ready = import('@aws-sdk/client-s3').then((sdk) => ({
      sdk,
      client: new sdk.S3Client({
        region: options.region ?? 'us-east-1',
        ...(options.endpoint ? { endpoint: options.endpoint, forcePathStyle: true } : {}),
        credentials: { accessKeyId: options.credentials.accessKeyId, secretAccessKey: options.credentials.secretAccessKey },
        maxAttempts: options.maxAttempts ?? 3,
        requestHandler: { connectionTimeout: options.connectTimeoutMs ?? 5_000, requestTimeout: options.requestTimeoutMs ?? 30_000 },
      }),
    }));
    this.ready.catch(() => undefined);
  }

  private key(key: string): string {
    return this.options.prefix ? `${this.options.prefix}/${key}` : key;
  }

  private where(key: string): string {
    return `s3://${this.options.bucket}/${this.key(key)}`;
  }

  async list(prefix: string, signal?: AbortSignal): Promise<ObjectInfo[]> {
    const out: ObjectInfo[] = [];
    const { sdk, client } = await this.ready;
    const root = this.options.prefix ? `${this.options.prefix}/` : '';
    let token: string | undefined;
    do {
      let page: ListObjectsV2CommandOutput;
      try {
        page = await client.send(
          new sdk.ListObjectsV2Command({ Bucket: this.options.bucket, Prefix: root + prefix, ...(token ? { ContinuationToken: token } : {}) }),
          signal ? { abortSignal: signal } : {},
        );
      } catch (error) {
        throw this.fail(error, `listing ${this.where(prefix)}`, 'list');
      }
      for (const item of page.Contents ?? []) {
        if (item.Key === undefined) continue;
        out.push({ key: item.Key.slice(root.length), size: item.Size ?? 0 });
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async size(key: string, signal?: AbortSignal): Promise<number | undefined> {
    const { sdk, client } = await this.ready;
    try {
      const head = await client.send(new sdk.HeadObjectCommand({ Bucket: this.options.bucket, Key: this.key(key) }), signal ? { abortSignal: signal } : {});
      return head.ContentLength ?? 0;
    } catch (error) {
      const status = (error as ErrorShape).$metadata?.httpStatusCode;
      const name = (error as ErrorShape).name;
      if (status === 404 && name !== 'NoSuchBucket') return undefined;
      throw this.fail(error, `reading the size of ${this.where(key)}`, 'head');
    }
  }

  async read(key: string, start: number, end: number, signal?: AbortSignal): Promise<Uint8Array> {
    const what = `reading bytes ${start}-${end - 1} of ${this.where(key)}`;
    if (end <= start) return new Uint8Array(0);
    const { sdk, client } = await this.ready;
    let bytes: Uint8Array;
    try {
      const response = await client.send(
        new sdk.GetObjectCommand({ Bucket: this.options.bucket, Key: this.key(key), Range: `bytes=${start}-${end - 1}` }),
        signal ? { abortSignal: signal } : {},
      );
      if (!response.Body) throw new CatalogError('CATALOG_READ_INTERRUPTED', `${what}: the server sent no body; retry, and check the server's logs`);
      try {
        bytes = await response.Body.transformToByteArray();
      } catch (error) {
        // The headers came, then the body stopped: the server went away mid-read.
        throw new CatalogError(
          'CATALOG_READ_INTERRUPTED',
          `${what}: the connection to ${this.endpoint} dropped mid-read (${networkCode(error) ?? (error instanceof Error ? error.message : String(error))}); nothing was used from this read. Check that the server is up and run the command again`,
        );
      }
    } catch (error) {
      if (error instanceof CatalogError) throw error;
      throw this.fail(error, what, 'read');
    }
    if (bytes.length !== end - start) {
      throw new CatalogError(
        'CATALOG_READ_INTERRUPTED',
        `${what}: got ${bytes.length} of ${end - start} bytes (the object changed or the connection dropped); run the command again`,
      );
    }
    return bytes;
  }

  async put(key: string, bytes: Uint8Array, signal?: AbortSignal): Promise<void> {
    const { sdk, client } = await this.ready;
    try {
      await client.send(
        new sdk.PutObjectCommand({ Bucket: this.options.bucket, Key: this.key(key), Body: bytes, ContentLength: bytes.length, ContentType: 'application/vnd.apache.parquet' }),
        signal ? { abortSignal: signal } : {},
      );
    } catch (error) {
      throw this.fail(error, `writing ${this.where(key)}`, 'write');
    }
  }

  async delete(key: string, signal?: AbortSignal): Promise<void> {
    const { sdk, client } = await this.ready;
    try {
      await client.send(new sdk.DeleteObjectCommand({ Bucket: this.options.bucket, Key: this.key(key) }), signal ? { abortSignal: signal } : {});
    } catch (error) {
      const status = (error as ErrorShape).$metadata?.httpStatusCode;
      if (status === 404 && (error as ErrorShape).name !== 'NoSuchBucket') return;
      throw this.fail(error, `deleting ${this.where(key)}`, 'write');
    }
  }

  close(): void {
    void this.ready.then(({ client }) => client.destroy(), () => undefined);
  }

  /** The SDK's error as a CatalogError whose message says what failed and what to check. */
  private fail(error: unknown, what: string, action: 'list' | 'head' | 'read' | 'write'): CatalogError {
    if (error instanceof CatalogError) return error;
    const shape = error as ErrorShape;
    if (shape.name === 'AbortError') return new CatalogError('CATALOG_UNREACHABLE', `${what}: cancelled`);
    const status = shape.$metadata?.httpStatusCode;
    const name = shape.name ?? 'Error';
    if (name === 'NoSuchBucket') {
      return new CatalogError('CATALOG_NOT_FOUND', `${what}: bucket "${this.options.bucket}" does not exist at ${this.endpoint}; create it, or check --catalog and --s3-endpoint`);
    }
    if (name === 'NoSuchKey' || (status === 404 && action !== 'list')) {
      return new CatalogError('CATALOG_NOT_FOUND', `${what}: no such object (it was deleted or never written); run \`workstation catalog ls\` to see what is there`);
    }
    if (name === 'InvalidAccessKeyId' || name === 'SignatureDoesNotMatch' || name === 'AccessDenied' || name === 'InvalidToken' || name === 'ExpiredToken' || status === 403) {
      return new CatalogError(
        'CATALOG_AUTH',
        `${what}: ${this.endpoint} refused the credentials (${name}); store the right access key with \`workstation catalog credentials\` (keychain) or set AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, and check the key may ${action === 'write' ? 'write to' : 'read'} the bucket`,
      );
    }
    const network = networkCode(error);
    if (network) {
      return new CatalogError('CATALOG_UNREACHABLE', `${what}: cannot reach ${this.endpoint} (${network}); check that the server is running and --s3-endpoint is right`);
    }
    if (status === 416) return new CatalogError('CATALOG_CORRUPT', `${what}: the object is shorter than its footer says; rebuild it with \`workstation catalog import\``);
    return new CatalogError('CATALOG_UNREACHABLE', `${what}: ${name}${status ? ` (HTTP ${status})` : ''}: ${shape.message ?? 'no message'}`);
  }
}
