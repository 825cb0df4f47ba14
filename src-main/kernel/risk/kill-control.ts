import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KillResult } from '../orders/kill-switch.js';
import type { OrderLog } from '../orders/order-events.js';

export interface KillRequest {
  flatten: boolean;
  reason: string;
}

export type { KillResult } from '../orders/kill-switch.js';

const REQUEST = /^kill-([a-zA-Z0-9-]{1,64})\.json$/;

/** The request and result file names for one kill request id (shared with the CLI). */
export function killFiles(controlDir: string, id: string): { request: string; result: string } {
  return { request: join(controlDir, `kill-${id}.json`), result: join(controlDir, `kill-${id}.result.json`) };
}

/**
 * The kill switch's door for the command line: a folder in the data dir (only the user can write there) where
 * `workstation kill` drops a request file. Main polls it on its own timer, so the switch works whatever the
 * renderer does, and the answer is written back beside the request.
 */
export class KillControl {
  private timer: ReturnType<typeof setInterval> | undefined;
  private busy = false;

  constructor(
    private readonly dir: string,
    private readonly trip: (request: KillRequest) => Promise<KillResult>,
    private readonly log: OrderLog,
    private readonly pollMs = 200,
  ) {}

  start(): void {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    this.timer = setInterval(() => void this.poll(), this.pollMs);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private async poll(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      for (const name of readdirSync(this.dir)) {
        const match = REQUEST.exec(name);
        if (!match) continue;
        const files = killFiles(this.dir, match[1]!);
        let request: KillRequest;
        try {
          const raw = JSON.parse(readFileSync(files.request, 'utf8')) as Partial<KillRequest>;
          request = { flatten: raw.flatten === true, reason: typeof raw.reason === 'string' ? raw.reason.slice(0, 200) : 'command line' };
        } catch {
          continue; // still being written; the CLI renames it into place, so this is rare
        }
        rmSync(files.request, { force: true });
        this.log.warn('risk', 'kill switch requested from the command line', { flatten: request.flatten });
        const result = await this.trip(request).catch((error: unknown): KillResult => ({ canceled: false, flattened: false, errors: [error instanceof Error ? error.message : String(error)], stoppedLocally: [], atBroker: [], brokerWork: 'done' }));
        const tmp = `${files.result}.tmp`;
        writeFileSync(tmp, JSON.stringify(result));
        renameSync(tmp, files.result);
      }
    } catch (error) {
      this.log.error('risk', 'kill control folder unreadable', { error: error instanceof Error ? error.message : String(error) });
    } finally {
      this.busy = false;
    }
  }
}
