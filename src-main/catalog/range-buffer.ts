import type { AsyncBuffer } from 'hyparquet';
import type { CatalogStorage } from './storage.js';

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
  ) {}

  async prefetch(start: number, end: number): Promise<void> {
    if (this.held && start >= this.held.start && end <= this.held.start + this.held.bytes.length) return;
    this.held = { start, bytes: await this.fetch(start, end) };
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

  private async fetch(start: number, end: number): Promise<Uint8Array> {
    this.requests++;
    this.bytesFetched += end - start;
    return this.storage.read(this.key, start, end, this.signal);
  }
}
