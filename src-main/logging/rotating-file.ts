import { createWriteStream, mkdirSync, openSync, renameSync, rmSync, statSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';

export interface RotatingFileOptions {
  /** A file reaching this size is renamed to `<path>.1` and a new one started. */
  maxBytes: number;
  /** Rotated files kept (`<path>.1` newest … `<path>.<keep>` oldest); older ones are deleted. */
  keep: number;
}

/**
 * An append-only file that never grows past `maxBytes` times `keep + 1`: a host that runs for days, or a flood that
 * gets logged, cannot fill the disk. Writes stay asynchronous (a WriteStream); a rotation is a few renames, which
 * on POSIX are safe with the old stream still flushing, since its descriptor follows the renamed file.
 */
export class RotatingFile {
  private stream: WriteStream | undefined;
  private bytes = 0;
  private failed = false;

  constructor(
    readonly path: string,
    private readonly options: RotatingFileOptions,
  ) {
    mkdirSync(dirname(path), { recursive: true });
    try {
      this.bytes = statSync(path).size;
    } catch {
      this.bytes = 0;
    }
    this.stream = this.open();
  }

  write(line: string): void {
    if (!this.stream) return;
    const size = Buffer.byteLength(line);
    if (this.bytes > 0 && this.bytes + size > this.options.maxBytes) this.rotate();
    this.bytes += size;
    this.stream?.write(line);
  }

  async close(): Promise<void> {
    const stream = this.stream;
    this.stream = undefined;
    if (stream) await new Promise<void>((resolve) => stream.end(resolve));
  }

  private open(): WriteStream | undefined {
    if (this.failed) return undefined;
    // Opened here, not by the stream later: the file must exist (and its descriptor follow it) before a burst of
    // writes in this same turn reaches the size limit and renames it.
    let fd: number;
    try {
      fd = openSync(this.path, 'a');
    } catch {
      this.failed = true;
      return undefined;
    }
    const stream = createWriteStream('', { fd });
    stream.on('error', () => {
      // A full disk must not take the workstation down; the logger's ring buffer still holds the log.
      this.failed = true;
      if (this.stream === stream) this.stream = undefined;
    });
    return stream;
  }

  private rotate(): void {
    this.stream?.end();
    try {
      rmSync(`${this.path}.${this.options.keep}`, { force: true });
      for (let n = this.options.keep - 1; n >= 1; n--) {
        try {
          renameSync(`${this.path}.${n}`, `${this.path}.${n + 1}`);
        } catch {
          // That generation does not exist yet.
        }
      }
      renameSync(this.path, `${this.path}.1`);
    } catch {
      // Renaming failed (another process holds the file): keep appending rather than lose entries.
    }
    this.bytes = 0;
    this.stream = this.open();
  }
}
