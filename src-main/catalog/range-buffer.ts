import type { AsyncBuffer } from 'hyparquet';
import type { CatalogStorage } from './storage.js';

/**
 * A buffer one read or scan reuses for the byte ranges it prefetches, file after file (grown, never shrunk).
 * Only one prefetched range is decoded at a time within a read, so one buffer serves all of its files.
 */
export class PrefetchScratch {
  private bytes = new Uint8Array(0);

  take(length: number): Uint8Array {
    if (this.bytes.length < length) this.bytes = new Uint8Array(Math.max(length, Math.ceil(this.bytes.length * 1.5)));
    return this.bytes.subarray(0, length);
  }
}

/**
 * One catalog object as hyparquet's AsyncBuffer. `prefetch` fetches a byte range with one request (a run of row
 * groups); slices inside it are served from memory, so decoding a run costs one GET however many column chunks
 * and pages it has. Slices outside go to the storage as range reads of their own.
 */
export class ObjectBuffer implements AsyncBuffer {
  private held: { start: number; bytes: Uint8Array } | undefined;
  /** Requests sent to the storage for this object (tests and the benchmark count them). */
  requests = 0;
  bytesFetched = 0;

  constructor(
    private readonly storage: CatalogStorage,
    readonly key: string,
    readonly byteLength: number,
    private readonly signal?: AbortSignal,
    /** Where prefetched ranges are read into (a folder storage fills it; S3 answers with its own bytes). */
    private readonly scratch?: PrefetchScratch,
  ) {}

  /** Fetches [start, end) for the slices that follow; the bytes are valid until the next prefetch or release. */
  async prefetch(start: number, end: number): Promise<void> {
    if (this.held && start >= this.held.start && end <= this.held.start + this.held.bytes.length) return;
    this.held = undefined;
    this.held = { start, bytes: await this.fetch(start, end, this.scratch?.take(end - start)) };
  }

  /** Frees the prefetched bytes. */
  release(): void {
    this.held = undefined;
  }

  async slice(start: number, end?: number): Promise<ArrayBuffer> {
    const stop = end ?? this.byteLength;
    const held = this.held;
    if (held && start >= held.start && stop <= held.start + held.bytes.length) {
      const view = held.bytes.subarray(start - held.start, stop - held.start);
      return view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength) as ArrayBuffer;
    }
    const bytes = await this.fetch(start, stop);
    return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? (bytes.buffer as ArrayBuffer) : (bytes.slice().buffer as ArrayBuffer);
  }

  /** Bytes [start, end) without a copy when they lie in the prefetched range (the plain page decoder reads them). */
  async bytes(start: number, end: number): Promise<Uint8Array> {
    const held = this.held;
    if (held && start >= held.start && end <= held.start + held.bytes.length) return held.bytes.subarray(start - held.start, end - held.start);
    return this.fetch(start, end);
  }

  private async fetch(start: number, end: number, into?: Uint8Array): Promise<Uint8Array> {
    this.requests++;
    this.bytesFetched += end - start;
    return this.storage.read(this.key, start, end, this.signal, into);
  }
}
