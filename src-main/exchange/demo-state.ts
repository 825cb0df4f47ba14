import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Broker, BrokerState } from './broker/broker.js';
import type { ExchangeLog } from './server/exchange-server.js';

/** The file in the data folder that holds demo mode's account (README: "Demo mode"). */
export const DEMO_EXCHANGE_STATE_FILE = 'demo-exchange.json';

const FILE_VERSION = 1;
/**
 * After an order event the state is written on the next turn of the loop (a kill -9 then loses at most that
 * turn), but no more often than this, nor than five times the last write took (a large account, thousands of
 * orders, takes a few hundred ms to write): a burst of fills shares one write and writing stays a small share of
 * the exchange's time.
 */
const MIN_SPACING_MS = 200;
const SPACING_PER_WRITE_MS = 5;
/** And looked at this often for changes no event announces (an order accepted outside hours, a settings change). */
const POLL_MS = 2_000;

interface StateFile {
  version: typeof FILE_VERSION;
  savedAt: number;
  broker: BrokerState;
}

/** Writes the file whole or not at all: a temporary file, synced, renamed over the old one, the folder synced. */
function writeAtomically(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.tmp`;
  const fd = openSync(temporary, 'w');
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, file);
  try {
    const dir = openSync(dirname(file), 'r');
    try {
      fsyncSync(dir);
    } finally {
      closeSync(dir);
    }
  } catch {
    // Some platforms (Windows) cannot open a folder to sync it; the rename is still atomic there.
  }
}

/** The saved broker state, or undefined when there is none. A file this build cannot read is an error, never a silent fresh start. */
export function readDemoState(file: string): BrokerState | undefined {
  if (!existsSync(file)) return undefined;
  let parsed: Partial<StateFile>;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<StateFile>;
  } catch (error) {
    throw new Error(`${file} cannot be read (${error instanceof Error ? error.message : String(error)}); move it away, with orders.sqlite, to start the demo account afresh`);
  }
  if (parsed.version !== FILE_VERSION || !parsed.broker) {
    throw new Error(`${file} is not a demo exchange state this build reads (version ${String(parsed.version)}); move it away to start the demo account afresh`);
  }
  return parsed.broker;
}

/**
 * Keeps demo mode's account in the data folder so that it survives a restart like a paper account does: without
 * it the exchange started empty while the demo order journal kept its positions, and every restart halted trading
 * on the difference. Written soon after every order event, on a slow poll for the rest, and at close. Writes are
 * synchronous: the demo exchange runs in its own worker thread (in-process only in tests).
 */
export class DemoStatePersistence {
  private writtenRevision = -1;
  private nextWriteAt = 0;
  private eventTimer: ReturnType<typeof setTimeout> | undefined;
  private poll: ReturnType<typeof setInterval> | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly file: string,
    private readonly broker: Broker,
    private readonly keyId: string,
    private readonly log?: ExchangeLog,
  ) {}

  start(): void {
    this.unsubscribe = this.broker.onTradeUpdate(() => {
      this.eventTimer ??= setTimeout(
        () => {
          this.eventTimer = undefined;
          this.save();
        },
        Math.max(0, this.nextWriteAt - Date.now()),
      );
    });
    this.poll = setInterval(() => this.save(), POLL_MS);
    this.poll.unref?.();
  }

  /**
   * Writes the state if the broker changed anything worth keeping since the last write (the clock or an equity
   * sample alone is not a change; `force` writes anyway, at close). False when the write failed (logged).
   */
  save(force = false): boolean {
    try {
      const revision = this.broker.stateRevision;
      if (!force && revision === this.writtenRevision) return true;
      const started = Date.now();
      writeAtomically(this.file, JSON.stringify({ version: FILE_VERSION, savedAt: started, broker: this.broker.saveState(this.keyId) } satisfies StateFile));
      this.writtenRevision = revision;
      const took = Date.now() - started;
      this.nextWriteAt = Date.now() + Math.max(MIN_SPACING_MS, took * SPACING_PER_WRITE_MS);
      return true;
    } catch (error) {
      this.log?.error('demo-exchange', 'the demo account could not be saved', { file: this.file, error: error instanceof Error ? error.message : String(error) });
      return false;
    }
  }

  /** Stops the timers and writes the final state. */
  close(): void {
    this.unsubscribe?.();
    if (this.eventTimer) clearTimeout(this.eventTimer);
    if (this.poll) clearInterval(this.poll);
    this.eventTimer = undefined;
    this.poll = undefined;
    this.save(true);
  }
}
