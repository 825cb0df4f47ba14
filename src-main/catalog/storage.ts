/** One stored object: its key under the catalog root and its size in bytes. */
export interface ObjectInfo {
  key: string;
  size: number;
}

/**
 * What the catalog needs from where its files live (a folder or a bucket): list, size, byte-range reads, whole
 * writes that readers never see half done, and deletes. Keys are `/`-separated and relative to the catalog root.
 * Every failure is a CatalogError with a reason and a message naming the object and what to do.
 */
export interface CatalogStorage {
  /** For messages: the folder, or s3://bucket/prefix at the endpoint. */
  readonly description: string;
  /**
   * Every object whose key starts with `prefix`, sorted by key. With `sizes: false` a storage that pays for
   * sizes separately (a folder: one stat per file) may answer NaN; the reader asks `size` for the files it opens.
   */
  list(prefix: string, signal?: AbortSignal, options?: { sizes?: boolean }): Promise<ObjectInfo[]>;
  /** The size of an object; undefined when there is none. */
  size(key: string, signal?: AbortSignal): Promise<number | undefined>;
  /**
   * Bytes [start, end) of an object (a range request on S3). `into` (at least end - start bytes) is a buffer the
   * caller reuses from read to read: a storage that can read into it (a folder) returns a view of it instead of
   * allocating, which keeps a scan of many files from spending its time allocating and collecting file buffers.
   */
  read(key: string, start: number, end: number, signal?: AbortSignal, into?: Uint8Array): Promise<Uint8Array>;
  /** Writes a whole object; a reader sees the old object or the new one, never a mix. */
  put(key: string, bytes: Uint8Array, signal?: AbortSignal): Promise<void>;
  /** Removes an object; a missing object is not an error. */
  delete(key: string, signal?: AbortSignal): Promise<void>;
  /** Releases sockets; the storage is not used afterwards. */
  close(): void;
}
