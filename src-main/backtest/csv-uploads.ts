import { CodedError } from '../../src-shared/ipc/errors.js';

export interface CsvUploadLimits {
  /** Characters one upload may hold. */
  maxChars: number;
  /** Uploads held at once (each waits for its import). */
  maxUploads: number;
  /** An upload not touched for this long is dropped (a closed tab never asks for its import). */
  idleMs: number;
}

interface Upload {
  parts: string[];
  chars: number;
  touched: number;
}

/**
 * CSV files the GUI sends in parts (a WebSocket frame is limited to 1 MiB): parts are kept in order until the
 * import takes the whole text. Bounded in size, count and age, so a page cannot make main hold memory forever.
 */
export class CsvUploads {
  private readonly uploads = new Map<string, Upload>();

  constructor(
    private readonly limits: CsvUploadLimits,
    private readonly now: () => number = Date.now,
  ) {}

  /** Adds part `part` (0 first) of an upload; returns the parts and characters held so far. */
  append(uploadId: string, part: number, text: string): { parts: number; chars: number } {
    this.expire();
    let upload = this.uploads.get(uploadId);
    if (part === 0) {
      if (!upload && this.uploads.size >= this.limits.maxUploads) throw new CodedError('UNAVAILABLE', `${this.limits.maxUploads} uploads are already waiting for their import; import or wait a minute`);
      upload = { parts: [], chars: 0, touched: this.now() };
      this.uploads.set(uploadId, upload);
    }
    if (!upload) throw new CodedError('BAD_REQUEST', 'this upload is unknown or expired: send the file again from its first part');
    if (part !== upload.parts.length) throw new CodedError('BAD_REQUEST', `part ${part} came out of order (expected part ${upload.parts.length}): send the file again`);
    if (upload.chars + text.length > this.limits.maxChars) {
      this.uploads.delete(uploadId);
      throw new CodedError('BAD_REQUEST', `the file is larger than ${Math.round(this.limits.maxChars / (1024 * 1024))} MB: import it with \`workstation import\` on the host instead`);
    }
    upload.parts.push(text);
    upload.chars += text.length;
    upload.touched = this.now();
    return { parts: upload.parts.length, chars: upload.chars };
  }

  /** The whole text of an upload, which is forgotten here. */
  take(uploadId: string): string {
    this.expire();
    const upload = this.uploads.get(uploadId);
    if (!upload) throw new CodedError('BAD_REQUEST', 'this upload is unknown or expired: choose the file again');
    this.uploads.delete(uploadId);
    return upload.parts.join('');
  }

  get size(): number {
    return this.uploads.size;
  }

  clear(): void {
    this.uploads.clear();
  }

  private expire(): void {
    const cutoff = this.now() - this.limits.idleMs;
    for (const [id, upload] of this.uploads) if (upload.touched < cutoff) this.uploads.delete(id);
  }
}
