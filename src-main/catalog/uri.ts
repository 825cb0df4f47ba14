import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CatalogError } from './errors.js';

/** Where a catalog lives: a folder, or a bucket and a key prefix on an S3-compatible server. */
export type CatalogLocation = { kind: 'folder'; root: string } | { kind: 's3'; bucket: string; prefix: string };

/** Bucket names as S3 allows them (3 to 63 lower-case letters, digits, dots and dashes). */
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/**
 * `s3://bucket/prefix` (prefix optional), `file:///abs/path`, or a plain path (relative to `cwd`). The prefix is
 * kept without leading or trailing slashes; keys under it are joined with one.
 */
export function parseCatalogUri(uri: string, cwd = process.cwd()): CatalogLocation {
  const text = uri.trim();
  if (text === '') throw new CatalogError('CATALOG_BAD_URI', '--catalog is empty: give a folder or s3://bucket/prefix');
  if (/^s3:\/\//i.test(text)) {
    const rest = text.slice(5);
    const slash = rest.indexOf('/');
    const bucket = slash < 0 ? rest : rest.slice(0, slash);
    const prefix = slash < 0 ? '' : rest.slice(slash + 1).replace(/^\/+|\/+$/g, '');
    if (!BUCKET.test(bucket)) {
      throw new CatalogError('CATALOG_BAD_URI', `"${bucket}" in ${text} is not a bucket name (3-63 lower-case letters, digits, dots, dashes)`);
    }
    return { kind: 's3', bucket, prefix };
  }
  if (/^file:\/\//i.test(text)) return { kind: 'folder', root: fileURLToPath(text) };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    throw new CatalogError('CATALOG_BAD_URI', `${text}: a catalog is a folder or s3://bucket/prefix (other schemes are not supported)`);
  }
  return { kind: 'folder', root: isAbsolute(text) ? text : resolve(cwd, text) };
}

export function describeLocation(location: CatalogLocation): string {
  return location.kind === 'folder' ? location.root : `s3://${location.bucket}${location.prefix ? `/${location.prefix}` : ''}`;
}
