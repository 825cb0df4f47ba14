/**
 * The kill switch under load, and the host's memory under a slow reader (issue 12, "Benchmark"). The built host
 * runs as a child process in demo mode against a standalone local exchange in this process (`--exchange-url`),
 * driven over its WebSocket as the GUI drives it:
 *  1. per round: Q resting limit orders submitted at once (more than the client's pacing lets out: they queue in
 *     the host), the switch tripped once the host has journaled them; printed: how long the switch took to answer (p50/p99 over the
 *     rounds; target p99 < 50 ms) and how many orders left the host after the trip, with the time from the trip to
 *     the last one (target: none). Both times are the host's own: the trip from its KILL_SWITCH alert, each order's
 *     leaving from a stamp the host writes as the request goes onto its socket (tests/support/soak/order-post-hook.mjs,
 *     loaded with --import); arrivals at the exchange after the trip are printed beside (requests already on the wire).
 *  2. a reader that subscribes and stops reading while 300,000 events are published: the host's RSS before,
 *     at its peak during, and 10 s after the reader is gone (target: bounded, and back near the start).
 * Each figure is printed with os.loadavg() beside it: on a shared machine the load explains the spread.
 * Run: node scripts/build.mjs main && node scripts/build.mjs bench && node dist/bench/kill-switch.mjs [rounds=20] [queued=100]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { GuiSocket } from '../tests/support/soak/gui-socket.js';
import { rssOf } from '../tests/support/soak/host-child.js';
import { startRecordingExchange } from '../tests/support/soak/recording-exchange.js';
import { SoakHost } from '../tests/support/soak/soak-host.js';

const rounds = Number(process.argv[2] ?? 20);
const queued = Number(process.argv[3] ?? 100);
/** How long after a trip arrivals are still watched for. */
const WATCH_MS = 5_000;

const load = (): string => `load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`;
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function waitReconciled(gui: GuiSocket): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const status = await gui.call('orders.status', {});
    const reconciliation = status.ok ? (status.value as { reconciliation: unknown }).reconciliation : null;
    if (reconciliation !== null) return;
    if (Date.now() > deadline) throw new Error('the host did not reconcile within 60 s');
    await sleep(200);
  }
}

async function killSwitchRounds(sh: SoakHost, rex: Awaited<ReturnType<typeof startRecordingExchange>>): Promise<void> {
  const answers: number[] = [];
  // Every order the host journals shows up here (orders.order), whatever its fate.
  const seen = new Set<string>();
  sh.gui.subscribe('orders.order', (item) => seen.add((item as { clientOrderId: string }).clientOrderId));
  let totalLate = 0;
  let worstLastMs = 0;
  for (let round = 1; round <= rounds; round++) {
    const quote = rex.exchange.market.latestQuote('AAPL');
    const price = quote ? quote.bidPrice * 0.9 : 100;
    const submits: Array<Promise<unknown>> = [];
    const outcomes = new Map<string, number>();
    for (let i = 0; i < queued; i++) {
      const intent = { symbol: 'AAPL', side: 'buy', type: 'limit', timeInForce: 'day', qty: '1', limitPrice: (price - (i % 10) * 0.01).toFixed(2) };
      submits.push(
        sh.gui
          .call('orders.submit', { intent, requestKey: `bench-ks-${process.pid}-${round}-${i}` }, 120_000)
          .then((answer) => {
            const value = answer.ok ? (answer.value as { ok: boolean; code?: string; order?: { status: string } }) : undefined;
            const outcome = !answer.ok ? answer.error.code : value?.ok ? (value.order?.status ?? 'ok') : (value?.code ?? 'refused');
            outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
          })
          .catch(() => undefined),
      );
    }
    // Tripped once the orders are queued in the host (journaled; the client's pacing lets few leave at a time), not
    // while they still wait in the pre-trade checks, which the trip would simply refuse.
    const seenBefore = seen.size;
    const queuedBy = Date.now() + 20_000;
    while (seen.size - seenBefore < queued * 0.95 && Date.now() < queuedBy) await sleep(20);
    await sleep(100);
    const journaledAtTrip = seen.size - seenBefore;
    const alertsBefore = sh.observed.killAlerts.length;
    const sentAt = Date.now();
    const answer = await sh.gui.call('orders.killSwitch', { flatten: false }, 60_000);
    const answerMs = Date.now() - sentAt;
    answers.push(answerMs);
    await sleep(WATCH_MS);
    const trippedAt = sh.observed.killAlerts[alertsBefore] ?? sentAt;
    // Where an order leaves: the host's own stamp of each order request written to its socket, in its clock.
    const late = sh.readOrderWrites().filter((w) => w.at > trippedAt && w.at < trippedAt + WATCH_MS);
    const lastMs = late.reduce((worst, w) => Math.max(worst, w.at - trippedAt), 0);
    // Arriving later than the trip is no leak when the request was on the wire before it (a loaded exchange reads late).
    const landed = rex.arrivals.filter((a) => a.clientOrderId !== undefined && a.at > trippedAt && a.at < trippedAt + WATCH_MS).length;
    totalLate += late.length;
    worstLastMs = Math.max(worstLastMs, lastMs);
    const body = answer.ok ? JSON.stringify(answer.value).slice(0, 100) : `${answer.error.code} ${answer.error.message}`;
    process.stdout.write(
      `round ${round}: ${journaledAtTrip} orders journaled at the trip; switch answered in ${answerMs} ms; ${late.length} of them left the host after the trip` +
        `${late.length > 0 ? ` (the last ${lastMs} ms after it${lastMs > WATCH_MS - 500 ? ', still leaving when the watch ended' : ''})` : ''}` +
        `; ${landed} reached the exchange after it  [${load()}]  ${body}\n`,
    );
    // Every submit answered (refused, or sent) before the next round, so no round inherits another's queue.
    await Promise.race([Promise.all(submits), sleep(90_000)]);
    process.stdout.write(`  submits answered: ${[...outcomes].map(([k, v]) => `${k} ${v}`).join(', ')}\n`);
    await sh.gui.call('orders.resume', {});
    await sh.gui.call('orders.killSwitch', { flatten: false }, 60_000);
    await sh.gui.call('orders.resume', {});
  }
  process.stdout.write(
    `\nkill switch with ${queued} orders queued, ${rounds} rounds: answer p50 ${percentile(answers, 50)} ms, p99 ${percentile(answers, 99)} ms (target < 50 ms); ` +
      `orders leaving the host after a trip: ${totalLate} (target 0)${totalLate > 0 ? `, the last ${worstLastMs} ms after its trip` : ''} ` +
      `(${sh.readOrderWrites().length} order requests stamped by the host, ${rex.arrivals.length} received by the exchange)  [${load()}]\n`,
  );
}

async function slowReader(sh: SoakHost): Promise<void> {
  const pid = sh.host.pid;
  await sleep(2_000);
  const before = rssOf(pid) ?? 0;
  process.stdout.write(`\nslow reader: host RSS before ${mb(before)}  [${load()}]\n`);
  const reader = await GuiSocket.open(sh.host.port, sh.host.token);
  for (const channel of ['diagnostics.pulseImmediate', 'diagnostics.pulse', 'system.log', 'orders.order']) reader.subscribe(channel);
  reader.stopReading();
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, rssOf(pid) ?? 0)), 100);
  const burst = await sh.gui.call('diagnostics.burst', { count: 300_000, coalesced: false, ratePerSecond: 100_000 }, 120_000);
  const during = rssOf(pid) ?? 0;
  process.stdout.write(`slow reader: during 300,000 events (${burst.ok ? 'published' : `${burst.error.code}`}): RSS now ${mb(during)}, peak ${mb(Math.max(peak, during))}  [${load()}]\n`);
  reader.destroy();
  await sleep(10_000);
  clearInterval(sampler);
  const after = rssOf(pid) ?? 0;
  process.stdout.write(`slow reader: 10 s after it was gone: RSS ${mb(after)} (before ${mb(before)}, peak ${mb(peak)})  [${load()}]\n`);
}

async function main(): Promise<void> {
  const rex = await startRecordingExchange({ seed: 5, rateLimitPerMinute: 1_000_000 });
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-kill-switch-'));
  const sh = new SoakHost(dataDir, rex);
  try {
    await sh.start();
    await waitReconciled(sh.gui);
    process.stdout.write(`host pid ${sh.host.pid} against ${rex.exchange.tradingUrl}; ${rounds} rounds of ${queued} queued orders  [${load()}]\n\n`);
    await killSwitchRounds(sh, rex);
    await slowReader(sh);
    if (sh.host.exit() !== null || sh.host.crashed()) process.stdout.write(`\nTHE HOST DIED: ${JSON.stringify(sh.host.exit())}\n${sh.host.stderr().slice(-2000)}\n`);
  } finally {
    await sh.stop();
    await rex.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

void main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
