import { randomBytes } from 'node:crypto';
import type { OrderIntentInput } from '../../../src-shared/domain/order-intent.js';
import type { OrderRecord } from '../../../src-shared/domain/order-record.js';
import { isTerminal } from '../../../src-shared/domain/order-status.js';
import type { EpochMs } from '../../../src-shared/time.js';
import type { StoredAlgo } from '../orders/journal/order-journal.js';
import type { OrderLog } from '../orders/order-events.js';
import type { OrderManager } from '../orders/order-manager.js';
import { ALGO_KINDS, type AlgoProgress, type AlgoSpec, type VolumeSource } from './algo-types.js';
import { allocate, participationTarget, scheduledTarget } from './schedule.js';

/** What an algo needs from the order path: the same submit, cancel and records as the ticket and bots. */
export type ChildOrderPath = Pick<OrderManager, 'submit' | 'cancel' | 'order'>;

/** Where parents are kept so they outlive the process: the order journal (orders.sqlite, table `algos`). */
export interface AlgoStore {
  saveAlgo(algo: StoredAlgo): void;
  allAlgos(): StoredAlgo[];
  /** Orders journaled with this parent id: children sent just before a crash are found here. */
  childrenOf(parentId: string): OrderRecord[];
}

export class AlgoError extends Error {
  constructor(
    readonly code: 'ALGO_INVALID' | 'ALGO_NOT_FOUND' | 'ALGO_NO_VOLUME',
    message: string,
  ) {
    super(message);
    this.name = 'AlgoError';
  }
}

export interface AlgoEngineOptions {
  orders: ChildOrderPath;
  log: OrderLog;
  /** The trading clock (the exchange's in demo and tests): schedules are measured on it. */
  now?: () => EpochMs;
  /** Wall-clock period of the scheduler's pass. */
  tickMs?: number;
  volume?: VolumeSource;
  store?: AlgoStore;
  /** Finished parents from the store younger than this (trading clock) are listed again after a restart. */
  keepFinishedMs?: number;
}

interface Running {
  id: string;
  spec: AlgoSpec;
  parts: number[];
  startedAt: EpochMs;
  endsAt: EpochMs | null;
  children: string[];
  observed: number;
  sending: boolean;
  status: AlgoProgress['status'];
  reason: string | null;
  unsubscribe: (() => void) | undefined;
  last: string;
}

const wholeShares = (text: string | undefined): number => (text === undefined ? 0 : Number(text));

const STATUSES: readonly AlgoProgress['status'][] = ['running', 'completed', 'canceled', 'failed'];

function isSpec(value: unknown): value is AlgoSpec {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return ALGO_KINDS.includes(v.kind as AlgoSpec['kind']) && typeof v.symbol === 'string' && (v.side === 'buy' || v.side === 'sell') && typeof v.qty === 'number';
}

/**
 * Execution algorithms as parent orders: TWAP and VWAP follow a sliced schedule, POV a share of the volume seen
 * on the market data stream, an iceberg shows one child at a time. Every child goes through the order manager
 * (journal, risk engine, venue) with the parent's id, so it is risk-checked like any order and never doubled
 * (each child carries a request key made from the parent's id and its number). Cancelling a parent cancels its
 * open children. A child the risk engine or the broker refuses stops the parent with that code: no retry loop.
 */
export class AlgoEngine {
  private readonly algos = new Map<string, Running>();
  private readonly listeners = new Set<(progress: AlgoProgress) => void>();
  private readonly now: () => EpochMs;
  private timer: ReturnType<typeof setInterval> | undefined;
  /** Set by stop(): a step whose submit answers after this touches nothing (the journal may be closing). */
  private stopped = false;
  /** Steps in progress, so stop() can wait for them before the journal closes. */
  private readonly steps = new Set<Promise<void>>();

  constructor(private readonly options: AlgoEngineOptions) {
    this.now = options.now ?? Date.now;
  }

  onProgress(listener: (progress: AlgoProgress) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  list(): AlgoProgress[] {
    return [...this.algos.values()].map((a) => this.progressOf(a));
  }

  get(id: string): AlgoProgress | undefined {
    const algo = this.algos.get(id);
    return algo ? this.progressOf(algo) : undefined;
  }

  /** Child orders of a parent, oldest first. */
  children(id: string): OrderRecord[] {
    return (this.algos.get(id)?.children ?? []).flatMap((c) => this.options.orders.order(c) ?? []);
  }

  start(spec: AlgoSpec): AlgoProgress {
    const parts = this.validate(spec);
    const startedAt = this.now();
    const id = `algo-${spec.kind}-${startedAt.toString(36)}-${randomBytes(4).toString('hex')}`;
    const algo: Running = {
      id,
      spec,
      parts,
      startedAt,
      endsAt: spec.kind === 'twap' || spec.kind === 'vwap' ? startedAt + (spec.durationMs ?? 0) : null,
      children: [],
      observed: 0,
      sending: false,
      status: 'running',
      reason: null,
      unsubscribe: undefined,
      last: '',
    };
    if (spec.kind === 'pov') {
      algo.unsubscribe = this.options.volume!.onTrade(spec.symbol, (size) => {
        algo.observed += size;
      });
    }
    this.algos.set(id, algo);
    this.persist(algo);
    this.options.log.info('algos', `${spec.kind} started`, { id, symbol: spec.symbol, side: spec.side, qty: spec.qty });
    this.publish(algo);
    this.ensureTimer();
    this.runStep(algo);
    return this.progressOf(algo);
  }

  async cancel(id: string): Promise<AlgoProgress> {
    const algo = this.algos.get(id);
    if (!algo) throw new AlgoError('ALGO_NOT_FOUND', `no algo ${id}`);
    if (algo.status === 'running') this.finish(algo, 'canceled', 'canceled by the user');
    // A child being sent right now is cancelled once it is known.
    while (algo.sending) await new Promise((resolve) => setTimeout(resolve, 10));
    await this.cancelChildren(algo);
    this.publish(algo);
    return this.progressOf(algo);
  }

  /**
   * Trading halted (kill switch, reconciliation difference): every running parent stops at once, status canceled with
   * the reason, and sends no further child. Its open children are the kill switch's to cancel (protective exits
   * stay); a restart does not resume a stopped parent.
   */
  haltAll(reason: string): string[] {
    const stopped: string[] = [];
    for (const algo of this.algos.values()) {
      if (algo.status !== 'running') continue;
      this.finish(algo, 'canceled', `trading halted: ${reason}`);
      stopped.push(algo.id);
    }
    return stopped;
  }

  /**
   * Stops the timer and every subscription; parents stay as stored (running ones resume at the next start). The
   * promise settles once no step is in progress: the caller stops the order path first (which answers every
   * submit), then waits for this before closing the journal.
   */
  stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    for (const algo of this.algos.values()) algo.unsubscribe?.();
    return Promise.all([...this.steps]).then(() => undefined);
  }

  /** A step never rejects unhandled: a failure is logged and the timer tries again at the next tick. */
  private runStep(algo: Running): void {
    if (this.stopped) return;
    const work = this.step(algo).catch((error: unknown) => {
      if (!this.stopped) this.options.log.warn('algos', 'algo step failed', { id: algo.id, error: error instanceof Error ? error.message : String(error) });
    });
    this.steps.add(work);
    void work.then(() => this.steps.delete(work));
  }

  private validate(spec: AlgoSpec): number[] {
    const bad = (message: string): never => {
      throw new AlgoError('ALGO_INVALID', message);
    };
    if (!ALGO_KINDS.includes(spec.kind)) bad(`unknown algo ${String(spec.kind)}`);
    if (!Number.isInteger(spec.qty) || spec.qty < 1) bad('the parent quantity must be a whole number of shares, at least 1');
    if (spec.kind === 'twap' || spec.kind === 'vwap') {
      if (!spec.durationMs || spec.durationMs < 1_000) bad(`${spec.kind} needs a duration of at least a second`);
      const slices = spec.kind === 'vwap' ? (spec.profile?.length ?? 0) : (spec.slices ?? 0);
      if (!Number.isInteger(slices) || slices < 1) bad(spec.kind === 'vwap' ? 'vwap needs a volume profile (one weight per slice)' : 'twap needs a whole number of slices');
      if (slices > spec.qty) bad(`${slices} slices for ${spec.qty} shares: at most one slice per share`);
      return allocate(spec.qty, spec.kind === 'vwap' ? spec.profile! : new Array<number>(slices).fill(1));
    }
    if (spec.kind === 'pov') {
      if (!spec.participation || spec.participation <= 0 || spec.participation > 0.5) bad('pov needs a participation above 0 and at most 0.5 (50%)');
      if (!this.options.volume) throw new AlgoError('ALGO_NO_VOLUME', 'pov needs the market data stream, which is not available');
    }
    if (spec.kind === 'iceberg') {
      if (!spec.limitPrice) bad('an iceberg needs a limit price');
      if (!spec.displayQty || !Number.isInteger(spec.displayQty) || spec.displayQty < 1 || spec.displayQty > spec.qty) bad('an iceberg needs a whole display quantity between 1 and the parent quantity');
    }
    return [spec.qty];
  }

  private ensureTimer(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      for (const algo of this.algos.values()) if (algo.status === 'running') this.runStep(algo);
      if (![...this.algos.values()].some((a) => a.status === 'running')) {
        clearInterval(this.timer);
        this.timer = undefined;
      }
    }, this.options.tickMs ?? 250);
    this.timer.unref?.();
  }

  private tally(algo: Running): { filled: number; committed: number; open: number; childrenFilled: number } {
    let filled = 0;
    let committed = 0;
    let open = 0;
    let childrenFilled = 0;
    for (const record of this.children(algo.id)) {
      const done = wholeShares(record.filledQty);
      filled += done;
      if (record.status === 'filled') childrenFilled += 1;
      if (isTerminal(record.status)) {
        committed += done;
      } else {
        committed += wholeShares(record.intent.qty);
        open += 1;
      }
    }
    return { filled, committed, open, childrenFilled };
  }

  private target(algo: Running, committed: number, open: number, filled: number): number {
    const { spec } = algo;
    switch (spec.kind) {
      case 'twap':
      case 'vwap':
        return scheduledTarget(algo.parts, spec.durationMs!, this.now() - algo.startedAt);
      case 'pov':
        return participationTarget(algo.observed, spec.participation!, spec.qty);
      case 'iceberg':
        return open === 0 ? Math.min(spec.qty, filled + spec.displayQty!) : committed;
    }
  }

  private async step(algo: Running): Promise<void> {
    if (algo.status !== 'running' || algo.sending) return;
    const { filled, committed, open } = this.tally(algo);
    if (filled >= algo.spec.qty) {
      this.finish(algo, 'completed', null);
      return;
    }
    const need = Math.min(this.target(algo, committed, open, filled), algo.spec.qty) - committed;
    if (need > 0) {
      algo.sending = true;
      try {
        await this.sendChild(algo, need);
      } finally {
        algo.sending = false;
      }
    }
    if (this.stopped) return;
    this.publish(algo);
  }

  private async sendChild(algo: Running, qty: number): Promise<void> {
    const { spec } = algo;
    const intent: OrderIntentInput = spec.limitPrice
      ? { symbol: spec.symbol, side: spec.side, type: 'limit', limitPrice: spec.limitPrice, timeInForce: 'day', qty: String(qty) }
      : { symbol: spec.symbol, side: spec.side, type: 'market', timeInForce: 'day', qty: String(qty) };
    const number = algo.children.length + 1;
    const result = await this.options.orders.submit(intent, spec.source ?? `algo:${algo.id}`, { parentClientOrderId: algo.id, requestKey: `${algo.id}-child-${number}` });
    // Stopped while the child was out (mode switch, quit): the journal may be closing; the next start settles it.
    if (this.stopped) return;
    if (result.order && !algo.children.includes(result.order.clientOrderId)) algo.children.push(result.order.clientOrderId);
    this.persist(algo);
    // Stopped while this child was on its way (a halt, a cancel): the parent's status stays what stopped it.
    if (!result.ok && algo.status === 'running') {
      this.options.log.warn('algos', `${spec.kind} child refused: parent stopped`, { id: algo.id, code: result.code, message: result.message });
      this.finish(algo, 'failed', `${result.code}: ${result.message}`);
      await this.cancelChildren(algo);
    }
  }

  private async cancelChildren(algo: Running): Promise<void> {
    for (const record of this.children(algo.id)) {
      if (isTerminal(record.status)) continue;
      const result = await this.options.orders.cancel(record.clientOrderId);
      if (!result.ok) this.options.log.warn('algos', 'a child could not be cancelled', { id: algo.id, child: record.clientOrderId, code: result.code });
    }
  }

  private finish(algo: Running, status: AlgoProgress['status'], reason: string | null): void {
    algo.status = status;
    algo.reason = reason;
    algo.unsubscribe?.();
    algo.unsubscribe = undefined;
    this.persist(algo);
    this.options.log.info('algos', `${algo.spec.kind} ${status}`, { id: algo.id, reason });
    this.publish(algo);
  }

  private persist(algo: Running): void {
    if (!this.options.store) return;
    try {
      this.options.store.saveAlgo({
        id: algo.id,
        kind: algo.spec.kind,
        spec: algo.spec,
        status: algo.status,
        reason: algo.reason,
        startedAt: algo.startedAt,
        endsAt: algo.endsAt,
        children: algo.children,
        observed: algo.observed,
        updatedAt: this.now(),
      });
    } catch (error) {
      this.options.log.error('algos', 'algo state could not be stored: it may not resume after a restart', { id: algo.id, error: error instanceof Error ? error.message : String(error) });
    }
  }

  // ---------------------------------------------------------------- restart

  /**
   * Brings back the parents stored before a restart. Called once start-up reconciliation has settled every child
   * with the broker, so what each child filled or still works is the broker's word.
   *
   * Unfinished parents resume on their own rather than wait as "interrupted": a parent is a commitment the
   * trader already made (a headless host trading 24/7 has nobody to press resume), every child still passes the
   * risk engine (a halted or reducing state refuses it and stops the parent with that code), and resuming never
   * catches up: TWAP/VWAP spread only the quantity not yet filled or working over the slices left in the original
   * window (the slices missed while stopped are not sent in a burst); a schedule whose window ended while the
   * process was down sends nothing and stops with ALGO_WINDOW_ENDED; POV counts only volume seen after the
   * restart (what traded meanwhile was not observed); an iceberg shows its next slice only once none is working.
   */
  resume(): AlgoProgress[] {
    const store = this.options.store;
    if (!store) return [];
    const resumed: AlgoProgress[] = [];
    const keepFinished = this.options.keepFinishedMs ?? 86_400_000;
    for (const stored of store.allAlgos()) {
      if (this.algos.has(stored.id)) continue;
      const status = STATUSES.includes(stored.status as AlgoProgress['status']) ? (stored.status as AlgoProgress['status']) : 'failed';
      if (status !== 'running' && this.now() - stored.updatedAt > keepFinished) continue;
      if (!isSpec(stored.spec)) {
        this.options.log.error('algos', 'a stored algo is unreadable: left as it was', { id: stored.id });
        continue;
      }
      const journaled = store.childrenOf(stored.id).map((c) => c.clientOrderId);
      const algo: Running = {
        id: stored.id,
        spec: stored.spec,
        parts: [stored.spec.qty],
        startedAt: stored.startedAt,
        endsAt: stored.endsAt,
        children: [...new Set([...stored.children, ...journaled])],
        observed: stored.observed,
        sending: false,
        status,
        reason: stored.reason,
        unsubscribe: undefined,
        last: '',
      };
      this.algos.set(algo.id, algo);
      if (status !== 'running') {
        this.publish(algo);
        continue;
      }
      try {
        algo.parts = this.validate(algo.spec);
      } catch (error) {
        this.finish(algo, 'failed', `${error instanceof AlgoError ? error.code : 'ALGO_INVALID'}: ${error instanceof Error ? error.message : String(error)}`);
        continue;
      }
      this.options.log.info('algos', `${algo.spec.kind} resumed after a restart`, { id: algo.id, children: algo.children.length });
      this.replan(algo);
      if (algo.status !== 'running') continue;
      if (algo.spec.kind === 'pov') {
        algo.unsubscribe = this.options.volume!.onTrade(algo.spec.symbol, (size) => {
          algo.observed += size;
        });
      }
      this.persist(algo);
      this.publish(algo);
      resumed.push(this.progressOf(algo));
      this.ensureTimer();
      void this.step(algo);
    }
    return resumed;
  }

  /** TWAP/VWAP after a restart: what is left, over the slices left; no catch-up burst for slices missed. */
  private replan(algo: Running): void {
    const { spec } = algo;
    if (spec.kind !== 'twap' && spec.kind !== 'vwap') return;
    const slices = algo.parts.length;
    const current = Math.floor((this.now() - algo.startedAt) / (spec.durationMs! / slices));
    const { committed } = this.tally(algo);
    const remaining = Math.max(0, spec.qty - committed);
    if (current >= slices) {
      if (remaining > 0) {
        this.finish(algo, 'failed', `ALGO_WINDOW_ENDED: the schedule ended while the workstation was stopped; ${remaining} of ${spec.qty} shares were not sent`);
        void this.cancelChildren(algo);
      }
      return;
    }
    const weights = spec.kind === 'vwap' ? spec.profile! : new Array<number>(slices).fill(1);
    const rest = allocate(remaining, weights.slice(current));
    const parts = new Array<number>(slices).fill(0);
    // Only the cumulative sum matters to the schedule: what is already committed counts as due before now.
    parts[Math.max(0, current - 1)] = committed;
    rest.forEach((qty, i) => {
      parts[current + i] = (parts[current + i] ?? 0) + qty;
    });
    algo.parts = parts;
  }

  private progressOf(algo: Running): AlgoProgress {
    const { filled, committed, open, childrenFilled } = this.tally(algo);
    return {
      id: algo.id,
      kind: algo.spec.kind,
      symbol: algo.spec.symbol,
      side: algo.spec.side,
      targetQty: algo.spec.qty,
      filledQty: filled,
      sentQty: committed,
      childrenSent: algo.children.length,
      childrenFilled,
      openChildren: open,
      status: algo.status,
      reason: algo.reason,
      startedAt: algo.startedAt,
      endsAt: algo.endsAt,
      updatedAt: this.now(),
    };
  }

  /** Emits when anything but the time changed. */
  private publish(algo: Running): void {
    const progress = this.progressOf(algo);
    const key = JSON.stringify({ ...progress, updatedAt: 0 });
    if (key === algo.last) return;
    algo.last = key;
    for (const listener of this.listeners) listener(progress);
  }
}
