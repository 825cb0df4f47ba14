import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** `<data dir>/logs/llm-usage.jsonl`: one line per request and one per outcome. */
export function usageLogPath(dataDir: string): string {
  return join(dataDir, 'logs', 'llm-usage.jsonl');
}

/** A request as it left: the URL and the body (which never holds the key). */
export interface RequestEntry {
  kind: 'request';
  id: string;
  at: number;
  /** UTC day the request counts against (YYYY-MM-DD). */
  day: string;
  url: string;
  symbol: string;
  body: unknown;
}

/** What came back: the answer (or the failure) and what it cost. */
export interface OutcomeEntry {
  kind: 'outcome';
  id: string;
  at: number;
  day: string;
  ok: boolean;
  /** The LlmFailure when not ok. */
  failure: string | null;
  message: string | null;
  model: string | null;
  /** The model's raw text, as received. */
  content: string | null;
  promptTokens: number | null;
  completionTokens: number | null;
  costUsd: number;
  costSource: 'endpoint' | 'prices' | 'none';
  durationMs: number;
}

export type UsageEntry = RequestEntry | OutcomeEntry;

export function utcDay(t: number): string {
  return new Date(t).toISOString().slice(0, 10);
}

export interface DayUsage {
  requests: number;
  costUsd: number;
}

/**
 * An append-only JSON-lines log of every request and answer, one file per UTC day (`llm-usage.jsonl` names
 * `llm-usage-YYYY-MM-DD.jsonl`). Each line is written with the key cut out (the key is never put in an entry; the
 * cut guards against an endpoint echoing it in an error text). The day's totals are read back from that day's file,
 * so the limits hold across CLI runs and restarts, and the read stays as small as one day's requests however long
 * the history grows (it runs on main's loop before each request).
 */
export class UsageLog {
  constructor(
    readonly file: string,
    private readonly secrets: readonly string[] = [],
  ) {}

  /** The file of one UTC day. */
  fileOf(day: string): string {
    return this.file.endsWith('.jsonl') ? `${this.file.slice(0, -'.jsonl'.length)}-${day}.jsonl` : `${this.file}-${day}`;
  }

  append(entry: UsageEntry): void {
    let line = JSON.stringify(entry);
    for (const secret of this.secrets) if (secret.length > 0) line = line.split(secret).join('[redacted]');
    const file = this.fileOf(entry.day);
    mkdirSync(dirname(file), { recursive: true });
    appendFileSync(file, `${line}\n`, { mode: 0o600 });
  }

  /** Requests sent and dollars spent on the UTC day of `now`; a damaged line is skipped, not fatal. */
  day(now: number): DayUsage {
    const day = utcDay(now);
    const usage: DayUsage = { requests: 0, costUsd: 0 };
    const file = this.fileOf(day);
    if (!existsSync(file)) return usage;
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (!line.includes(`"day":"${day}"`)) continue;
      let entry: Partial<UsageEntry>;
      try {
        entry = JSON.parse(line) as Partial<UsageEntry>;
      } catch {
        continue;
      }
      if (entry.day !== day) continue;
      if (entry.kind === 'request') usage.requests += 1;
      else if (entry.kind === 'outcome' && typeof entry.costUsd === 'number' && Number.isFinite(entry.costUsd)) usage.costUsd += entry.costUsd;
    }
    return usage;
  }
}
