import { GuiSocket, type Envelope } from './gui-socket.js';
import { rssOf } from './host-child.js';
import type { RecordingExchange } from './recording-exchange.js';
import type { Picker } from './seeded.js';
import type { HaltWindow, LocalOrder } from './soak-invariants.js';
import type { SoakHost } from './soak-host.js';

export const SYMBOLS = ['AAPL', 'SPY'] as const;

export interface SoakContext {
  rnd: Picker;
  sh: SoakHost;
  rex: RecordingExchange;
  halts: HaltWindow[];
  /** Calls fired without waiting (bursts): awaited before the journal is compared with the exchange. */
  inFlight: Array<Promise<unknown>>;
  step: number;
  /** Figures the steps measure, for the report. */
  figures: { killAnswerMs: number[]; slowReader: Array<{ beforeBytes: number; peakBytes: number; afterBytes: number; startedAt: number; endedAt: number }>; restarts: number; modeSwitches: number; submits: number };
  /** Problems a step found itself (a slow reader that kept the host's memory, say). */
  problems: string[];
  /** When the last kill -9 was sent. */
  lastKillAt?: number;
}

export type StepName = 'submitMarket' | 'submitLimit' | 'burst' | 'cancel' | 'replace' | 'twap' | 'trip' | 'resume' | 'releaseHeld' | 'modeSwitch' | 'slowReader' | 'kill9';

let requestCounter = 0;
const requestKey = (): string => `soak-${process.pid}-${Date.now()}-${requestCounter++}`;

export function halted(ctx: SoakContext): HaltWindow | undefined {
  const last = ctx.halts[ctx.halts.length - 1];
  return last && last.resumedAt === undefined ? last : undefined;
}

function priceOf(ctx: SoakContext, symbol: string): number {
  const quote = ctx.rex.exchange.market.latestQuote(symbol);
  return quote ? (quote.bidPrice + quote.askPrice) / 2 : 100;
}

function marketIntent(ctx: SoakContext): Record<string, unknown> {
  return { symbol: ctx.rnd.pick(SYMBOLS), side: ctx.rnd.pick(['buy', 'sell'] as const), type: 'market', timeInForce: 'day', qty: String(ctx.rnd.int(1, 5)) };
}

/** A limit a few percent away from the market, so it rests and can be cancelled or replaced. */
function restingLimitIntent(ctx: SoakContext): Record<string, unknown> {
  const symbol = ctx.rnd.pick(SYMBOLS);
  const side = ctx.rnd.pick(['buy', 'sell'] as const);
  const away = 0.02 + ctx.rnd.next() * 0.03;
  const price = priceOf(ctx, symbol) * (side === 'buy' ? 1 - away : 1 + away);
  return { symbol, side, type: 'limit', timeInForce: 'day', qty: String(ctx.rnd.int(1, 5)), limitPrice: price.toFixed(2) };
}

function submit(ctx: SoakContext, intent: Record<string, unknown>): Promise<Envelope> {
  ctx.figures.submits += 1;
  return ctx.sh.gui.call('orders.submit', { intent, requestKey: requestKey() }, 60_000);
}

/**
 * The whole journal as the GUI's blotter reads it: page after page (newest first, `before` the last order of the
 * previous page) where the host pages `orders.list`, one answer where it does not.
 */
export async function listOrders(gui: GuiSocket): Promise<LocalOrder[]> {
  const PAGE = 1000;
  const orders: LocalOrder[] = [];
  let before: string | undefined;
  for (;;) {
    const answer = await gui.call('orders.list', { limit: PAGE, ...(before ? { before } : {}) }, 30_000);
    if (!answer.ok && answer.error.code === 'BAD_REQUEST' && before === undefined) {
      // A host from before paging: the whole list in one answer.
      const all = await gui.call('orders.list', {}, 30_000);
      if (!all.ok) throw new Error(`orders.list: ${all.error.code} ${all.error.message}`);
      return all.value as LocalOrder[];
    }
    if (!answer.ok) throw new Error(`orders.list: ${answer.error.code} ${answer.error.message}`);
    const page = answer.value as LocalOrder[];
    for (const order of page) orders.push(order);
    if (page.length < PAGE) return orders;
    before = page[page.length - 1]!.clientOrderId;
  }
}

async function openOrders(ctx: SoakContext): Promise<LocalOrder[]> {
  return (await listOrders(ctx.sh.gui)).filter((o) => ['new', 'accepted', 'partially_filled', 'pending_new'].includes(o.status) && o.brokerOrderId !== null);
}

const hold = <T>(ctx: SoakContext, promise: Promise<T>): void => {
  ctx.inFlight.push(promise.catch(() => undefined));
};

export const STEPS: Record<StepName, (ctx: SoakContext) => Promise<string>> = {
  async submitMarket(ctx) {
    const intent = marketIntent(ctx);
    const answer = await submit(ctx, intent);
    return `${intent.side} ${intent.qty} ${intent.symbol} market: ${summary(answer)}`;
  },
  async submitLimit(ctx) {
    const intent = restingLimitIntent(ctx);
    const answer = await submit(ctx, intent);
    return `${intent.side} ${intent.qty} ${intent.symbol} limit ${intent.limitPrice}: ${summary(answer)}`;
  },
  /** Orders queued faster than the client's pacing lets them leave: what a trip or a mode switch must then face. */
  async burst(ctx) {
    return fireBurst(ctx, 5, 20);
  },
  async cancel(ctx) {
    const open = await openOrders(ctx);
    if (open.length === 0) return 'nothing open';
    const order = ctx.rnd.pick(open);
    return `cancel ${order.clientOrderId}: ${summary(await ctx.sh.gui.call('orders.cancel', { clientOrderId: order.clientOrderId }, 60_000))}`;
  },
  async replace(ctx) {
    const open = (await openOrders(ctx)).filter((o) => o.status !== 'pending_new');
    if (open.length === 0) return 'nothing open';
    const order = ctx.rnd.pick(open);
    const answer = await ctx.sh.gui.call('orders.replace', { clientOrderId: order.clientOrderId, qty: String(ctx.rnd.int(1, 6)) }, 60_000);
    return `replace ${order.clientOrderId}: ${summary(answer)}`;
  },
  async twap(ctx) {
    const request = { kind: 'twap', symbol: ctx.rnd.pick(SYMBOLS), side: ctx.rnd.pick(['buy', 'sell'] as const), qty: ctx.rnd.int(4, 12), durationMs: ctx.rnd.int(4, 12) * 1000, slices: ctx.rnd.int(2, 4) };
    return `twap ${request.side} ${request.qty} ${request.symbol}: ${summary(await ctx.sh.gui.call('orders.algoStart', request, 30_000))}`;
  },
  /** Half the time right behind a burst, so orders are queued when the switch trips (issue 12, defect 2). */
  async trip(ctx) {
    const burst = ctx.rnd.chance(0.5) ? `${await fireBurst(ctx, 10, 30)}, then ` : '';
    return `${burst}${await tripNow(ctx)}`;
  },
  async resume(ctx) {
    const window = halted(ctx);
    if (window) window.resumedAt = Date.now();
    return `resume: ${summary(await ctx.sh.gui.call('orders.resume', {}, 30_000))}`;
  },
  /** The trader's decision on an order held at a halted restart: send it or cancel it. */
  async releaseHeld(ctx) {
    const held = await ctx.sh.gui.call('orders.held', {}, 30_000);
    if (!held.ok) return `orders.held: ${held.error.code} ${held.error.message}`;
    const orders = held.value as LocalOrder[];
    if (orders.length === 0) return 'nothing held';
    const order = ctx.rnd.pick(orders);
    const action = ctx.rnd.pick(['send', 'cancel'] as const);
    return `${action} held ${order.clientOrderId} (of ${orders.length}): ${summary(await ctx.sh.gui.call('orders.releaseHeld', { clientOrderId: order.clientOrderId, action }, 60_000))}`;
  },
  /** Half the time with submits in flight (issue 12, defect 1), and half the time with a TWAP sending its children. */
  async modeSwitch(ctx) {
    ctx.figures.modeSwitches += 1;
    if (ctx.rnd.chance(0.5)) await fireBurst(ctx, 10, 30);
    if (ctx.rnd.chance(0.5)) {
      await ctx.sh.gui.call('orders.algoStart', { kind: 'twap', symbol: ctx.rnd.pick(SYMBOLS), side: ctx.rnd.pick(['buy', 'sell'] as const), qty: 6, durationMs: 3_000, slices: 3 }, 30_000);
      await new Promise((r) => setTimeout(r, ctx.rnd.int(200, 1_500)));
    }
    // Without paper or live keys, demo to demo: the same restart of every trading service a switch makes.
    const answer = await ctx.sh.gui.call('trading.setMode', { mode: 'demo' }, 60_000);
    await ctx.sh.waitReady();
    return `mode switch demo->demo: ${summary(answer)}`;
  },
  async slowReader(ctx) {
    const pid = ctx.sh.host.pid;
    const startedAt = Date.now();
    const before = rssOf(pid) ?? 0;
    const reader = await GuiSocket.open(ctx.sh.host.port, ctx.sh.host.token);
    for (const channel of ['diagnostics.pulseImmediate', 'diagnostics.pulse', 'system.log', 'orders.order']) reader.subscribe(channel);
    reader.stopReading();
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, rssOf(pid) ?? 0)), 100);
    const count = ctx.rnd.int(50_000, 150_000);
    const answer = await ctx.sh.gui.call('diagnostics.burst', { count, coalesced: false, ratePerSecond: 25_000 }, 60_000).catch((e: unknown) => ({ ok: false as const, error: { code: 'TIMEOUT', message: String(e) } }));
    reader.destroy();
    // Memory must come back once the reader is gone (allowing the host a few seconds to let go of it).
    let after = rssOf(pid) ?? 0;
    const deadline = Date.now() + 8_000;
    while (after > before + 50 * 1024 * 1024 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      after = rssOf(pid) ?? 0;
    }
    clearInterval(sampler);
    peak = Math.max(peak, after);
    ctx.figures.slowReader.push({ beforeBytes: before, peakBytes: peak, afterBytes: after, startedAt, endedAt: Date.now() });
    return `slow reader over ${count} events: rss ${mb(before)} -> peak ${mb(peak)} -> after ${mb(after)} (${summary(answer as Envelope)})`;
  },
  /** A third of the time: orders queued, the switch tripped, and the kill 200 ms later (issue 12, defect 3). */
  async kill9(ctx) {
    ctx.figures.restarts += 1;
    let before = '';
    if (ctx.rnd.chance(0.33)) {
      before = `${await fireBurst(ctx, 10, 20)}, `;
      const tripped = tripNow(ctx);
      await new Promise((r) => setTimeout(r, 200));
      void tripped.catch(() => undefined);
      before += 'kill switch sent, ';
    }
    ctx.lastKillAt = Date.now();
    await ctx.sh.restart();
    return `${before}kill -9 and restart (pid ${ctx.sh.host.pid})`;
  },
};

/** Submits fired without waiting for their answers: queued faster than the client's pacing lets them leave. */
async function fireBurst(ctx: SoakContext, min: number, max: number): Promise<string> {
  const count = ctx.rnd.int(min, max);
  for (let i = 0; i < count; i++) hold(ctx, submit(ctx, ctx.rnd.chance(0.7) ? marketIntent(ctx) : restingLimitIntent(ctx)));
  // Let them reach the host's queue before the next action.
  await new Promise((r) => setTimeout(r, ctx.rnd.int(50, 400)));
  return `${count} submits fired`;
}

/** Trips the kill switch, opening a halt window, and measures how long the switch takes to answer. */
async function tripNow(ctx: SoakContext): Promise<string> {
  const flatten = ctx.rnd.chance(0.3);
  const alertsBefore = ctx.sh.observed.killAlerts.length;
  const window: HaltWindow = { sentAt: Date.now(), hostAt: undefined, resumedAt: undefined, step: ctx.step };
  if (!halted(ctx)) ctx.halts.push(window);
  const answer = await ctx.sh.gui.call('orders.killSwitch', { flatten }, 60_000);
  const took = Date.now() - window.sentAt;
  if (answer.ok || answer.error.code !== 'SOCKET_CLOSED') ctx.figures.killAnswerMs.push(took);
  // The host's own trip time, from its KILL_SWITCH alert (sent before the answer).
  await new Promise((r) => setTimeout(r, 50));
  const hostAt = ctx.sh.observed.killAlerts[alertsBefore];
  if (hostAt !== undefined && window.hostAt === undefined && ctx.halts.includes(window)) window.hostAt = hostAt;
  return `kill switch (flatten ${flatten}) answered in ${took} ms: ${summary(answer)}`;
}

export const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

function summary(answer: Envelope): string {
  if (!answer.ok) return `${answer.error.code}: ${answer.error.message}`.slice(0, 200);
  const value = answer.value as Record<string, unknown> | null;
  if (value && typeof value === 'object' && 'ok' in value && value.ok === false) return `refused ${String(value.code)}: ${String(value.message)}`.slice(0, 200);
  return `ok ${JSON.stringify(value).slice(0, 160)}`;
}
