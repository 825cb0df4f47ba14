import { existsSync, readFileSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { GuiSocket } from './gui-socket.js';
import { spawnHostChild, type HostChild } from './host-child.js';
import type { RecordingExchange } from './recording-exchange.js';

/** One order request as the host wrote it to its socket (order-post-hook.mjs). */
export interface OrderWrite {
  at: number;
  method: 'POST' | 'PATCH';
  clientOrderId: string | undefined;
}

/** What the host's system.metrics and orders.alert events told the soak. */
export interface HostObservations {
  /** The host's loop p99 over its own 10 s window, once a second, with when it came and how long after the host's start. */
  loop: Array<{ at: number; p99Ms: number; sinceStartMs: number }>;
  rssBytes: number[];
  /** Host-side times of KILL_SWITCH alerts. */
  killAlerts: number[];
}

/**
 * One running host and the GUI-like socket that drives it; `restart` replaces both (after a kill -9 the same data
 * folder and exchange are used, as a trader restarting the app would).
 */
export class SoakHost {
  host!: HostChild;
  gui!: GuiSocket;
  /** True between a deliberate kill and the restart. */
  down = false;
  readonly observed: HostObservations = { loop: [], rssBytes: [], killAlerts: [] };
  private startedAt = 0;

  /** Every order request the host wrote to a socket, in its own clock (all runs of the host, in order). */
  readonly orderWrites: OrderWrite[] = [];
  private readonly writeLog: string;
  private writeLogRead = 0;

  constructor(
    private readonly dataDir: string,
    private readonly exchange: RecordingExchange,
  ) {
    this.writeLog = join(dataDir, '..', `${basename(dataDir)}-order-writes.log`);
  }

  /** Reads the stamps written since the last call into `orderWrites`. */
  readOrderWrites(): OrderWrite[] {
    if (!existsSync(this.writeLog)) return this.orderWrites;
    const text = readFileSync(this.writeLog, 'latin1');
    const end = text.lastIndexOf('\n') + 1;
    for (const line of text.slice(this.writeLogRead, end).split('\n')) {
      const [at, method, id] = line.split(' ');
      if (!at || !method) continue;
      this.orderWrites.push({ at: Number(at), method: method as OrderWrite['method'], clientOrderId: id === '-' ? undefined : id });
    }
    this.writeLogRead = end;
    return this.orderWrites;
  }

  async start(): Promise<void> {
    this.host = await spawnHostChild({ dataDir: this.dataDir, exchange: this.exchange.exchange, orderWriteLog: this.writeLog });
    this.gui = await GuiSocket.open(this.host.port, this.host.token);
    this.down = false;
    this.startedAt = Date.now();
    this.gui.subscribe('system.metrics', (item) => {
      const metrics = item as { loopDelay?: { p99Ms?: number }; memory?: { rssBytes?: number } };
      const now = Date.now();
      if (typeof metrics.loopDelay?.p99Ms === 'number') this.observed.loop.push({ at: now, p99Ms: metrics.loopDelay.p99Ms, sinceStartMs: now - this.startedAt });
      if (typeof metrics.memory?.rssBytes === 'number') this.observed.rssBytes.push(metrics.memory.rssBytes);
      if (this.observed.loop.length > 5_000) this.observed.loop.splice(0, this.observed.loop.length - 5_000);
      trim(this.observed.rssBytes);
    });
    this.gui.subscribe('orders.alert', (item) => {
      const alert = item as { code?: string; at?: number };
      if (alert.code === 'KILL_SWITCH' && typeof alert.at === 'number') this.observed.killAlerts.push(alert.at);
    });
    await this.waitReady();
  }

  /** Until the order service answers and its trade-updates stream is up (reconciliation may still run). */
  async waitReady(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const status = await this.gui.call('orders.status', {}, 10_000).catch(() => undefined);
      if (status?.ok && (status.value as { ready?: boolean; streamReady?: boolean }).streamReady) return;
      if (Date.now() > deadline) throw new Error(`the host's orders did not become ready: ${JSON.stringify(status)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async kill9(): Promise<void> {
    this.down = true;
    await this.host.kill9();
    this.gui.destroy();
  }

  async restart(): Promise<void> {
    await this.kill9();
    await this.start();
  }

  async stop(): Promise<void> {
    this.gui?.close();
    await this.host?.stop();
    rmSync(this.writeLog, { force: true });
  }
}

function trim(values: number[]): void {
  if (values.length > 5_000) values.splice(0, values.length - 5_000);
}
