import { CodedError, type IpcErrorCode } from '../../src-shared/ipc/errors.js';

/**
 * Why a catalog call failed, finer than the IPC code: a trader (or a script) can tell a missing object from a
 * refused key from a server that went away, and the message says what to do about each.
 */
export type CatalogFailure =
  /** The catalog URI or an option is malformed. */
  | 'CATALOG_BAD_URI'
  /** The bucket, folder or object is not there. */
  | 'CATALOG_NOT_FOUND'
  /** The S3 server refused the credentials (unknown key, wrong secret, no permission). */
  | 'CATALOG_AUTH'
  /** The server or folder cannot be reached (refused, reset, timed out, disk error). */
  | 'CATALOG_UNREACHABLE'
  /** A read started and the connection dropped before every byte came. */
  | 'CATALOG_READ_INTERRUPTED'
  /** An object is there but is not a catalog Parquet file (damaged, or written by something else). */
  | 'CATALOG_CORRUPT'
  /** The input of an import or export is malformed; nothing was written. */
  | 'CATALOG_BAD_INPUT';

const IPC_CODE: Record<CatalogFailure, IpcErrorCode> = {
  CATALOG_BAD_URI: 'BAD_REQUEST',
  CATALOG_NOT_FOUND: 'NOT_FOUND',
  CATALOG_AUTH: 'UNAUTHENTICATED',
  CATALOG_UNREACHABLE: 'UNAVAILABLE',
  CATALOG_READ_INTERRUPTED: 'UNAVAILABLE',
  CATALOG_CORRUPT: 'INTERNAL',
  CATALOG_BAD_INPUT: 'BAD_REQUEST',
};

/** A catalog error: `code` is the IPC code (exit status, GUI), `failure` the catalog's own reason. */
export class CatalogError extends CodedError {
  constructor(
    readonly failure: CatalogFailure,
    message: string,
  ) {
    super(IPC_CODE[failure], message);
    this.name = 'CatalogError';
  }
}
