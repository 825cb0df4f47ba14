import type { LogEntry, LogLevel } from '../../src-shared/ipc/schemas.js';
import { Redactor } from './redact.js';
import { RotatingFile } from './rotating-file.js';

/** A log file is rotated at this size; with the kept files, the log takes at most about 60 MiB of disk. */
const DEFAULT_MAX_FILE_BYTES = 10 * 1024 * 1024;
const DEFAULT_KEEP_FILES = 5;

const LEVEL_RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface LoggerOptions {
  level?: LogLevel;
  /** JSON-lines file the log is appended to (asynchronously, never blocking the event loop). */
  filePath?: string;
  /** Size at which the file is rotated to `<file>.1` (older ones shift up to `keepFiles`). */
  maxFileBytes?: number;
  /** Rotated files kept beside the current one. */
  keepFiles?: number;
  /** Also print warnings and errors to stderr. */
  console?: boolean;
  /** How many recent entries to keep for the System tab. */
  keep?: number;
}

/**
 * Structured logger: entries are objects, redacted once on the way in, kept in a ring buffer for the GUI,
 * appended to a JSON-lines file, and fanned out to listeners (the IPC log event).
 */
export class Logger {
  readonly redactor = new Redactor();
  private readonly ring: LogEntry[] = [];
  private readonly keep: number;
  private readonly minRank: number;
  private readonly listeners = new Set<(entry: LogEntry) => void>();
  private file: RotatingFile | undefined;
  private seq = 0;

  constructor(private readonly options: LoggerOptions = {}) {
    this.keep = options.keep ?? 2000;
    this.minRank = LEVEL_RANK[options.level ?? 'info'];
    if (options.filePath) {
      this.file = new RotatingFile(options.filePath, {
        maxBytes: options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES,
        keep: options.keepFiles ?? DEFAULT_KEEP_FILES,
      });
    }
  }

  debug(source: string, message: string, fields?: Record<string, unknown>): void {
    this.write('debug', source, message, fields);
  }
  info(source: string, message: string, fields?: Record<string, unknown>): void {
    this.write('info', source, message, fields);
  }
  warn(source: string, message: string, fields?: Record<string, unknown>): void {
    this.write('warn', source, message, fields);
  }
  error(source: string, message: string, fields?: Record<string, unknown>): void {
    this.write('error', source, message, fields);
  }

  recent(limit: number): LogEntry[] {
    return this.ring.slice(-limit);
  }

  onEntry(listener: (entry: LogEntry) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    const file = this.file;
    this.file = undefined;
    await file?.close();
  }

  private write(level: LogLevel, source: string, message: string, fields?: Record<string, unknown>): void {
    if (LEVEL_RANK[level] < this.minRank) return;
    const entry: LogEntry = {
      seq: ++this.seq,
      at: Date.now(),
      level,
      source,
      message: this.redactor.text(message),
    };
    if (fields) entry.fields = this.redactor.value(fields) as Record<string, unknown>;
    this.ring.push(entry);
    if (this.ring.length > this.keep) this.ring.splice(0, this.ring.length - this.keep);
    this.file?.write(`${JSON.stringify(entry)}\n`);
    if (this.options.console && LEVEL_RANK[level] >= LEVEL_RANK.warn) {
      process.stderr.write(`[${level}] ${source}: ${entry.message}${fields ? ` ${JSON.stringify(entry.fields)}` : ''}\n`);
    }
    for (const listener of this.listeners) {
      try {
        listener(entry);
      } catch {
        // A failing listener must not stop logging or recurse into itself.
      }
    }
  }
}
