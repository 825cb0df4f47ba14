import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExchange, type RunningExchange } from '../../../src-main/exchange/exchange.js';
import { OrderJournal } from '../../../src-main/kernel/orders/journal/order-journal.js';
import { HELD_CODE, OrderManager } from '../../../src-main/kernel/orders/order-manager.js';
import { RiskEngine } from '../../../src-main/kernel/risk/risk-engine.js';
import { brokerGet, memoryLog, SESSION_START, venueFor, waitFor } from './harness.js';

/**
 * The app is a real child process killed with SIGKILL at the worst moments; a fresh order manager over the same
 * journal file then starts and reconciles. Exactly one order must exist at the broker each time.
 */
const root = join(__dirname, '..', '..', '..');
const childFile = join(root, 'test-output', 'orders-child', 'order-child.mjs');

function runChild(args: Record<string, unknown>, onLine: (line: string, child: ChildProcess) => void): Promise<number | null> {
  const child = spawn(process.execPath, [childFile, JSON.stringify(args)], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  let buffer = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    let newline = buffer.indexOf('\n');
    while (newline >= 0) {
      onLine(buffer.slice(0, newline), child);
      buffer = buffer.slice(newline + 1);
      newline = buffer.indexOf('\n');
    }
  });
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve(signal === 'SIGKILL' ? -9 : code)));
}

async function restartAndCount(ex: RunningExchange, dbFile: string, clientOrderId: string): Promise<{ brokerCount: number; local: ReturnType<OrderManager['order']> }> {
  const journal = OrderJournal.open(dbFile);
  const manager = new OrderManager({ journal, venue: venueFor(ex), risk: new RiskEngine(), log: memoryLog(), resolveDelayMs: 50 });
  try {
    await manager.start();
    await waitFor(() => manager.order(clientOrderId)?.status === 'filled', `order ${clientOrderId} filled after restart`);
    const all = await brokerGet<Array<{ client_order_id: string }>>(ex, '/v2/orders?status=all&limit=500');
    return { brokerCount: all.filter((o) => o.client_order_id === clientOrderId).length, local: manager.order(clientOrderId) };
  } finally {
    await manager.stop();
    journal.close();
  }
}

describe('kill -9 of the app around an order', () => {
  let ex: RunningExchange;
  let dir: string;
  beforeAll(async () => {
    buildSync({ entryPoints: [join(__dirname, 'child', 'order-child.ts')], outfile: childFile, bundle: true, platform: 'node', format: 'esm', packages: 'external', target: 'node20', logLevel: 'error' });
    ex = await startExchange({ seed: 11, speed: 1, startTime: SESSION_START, partialFillShare: 0, log: { warn: () => {}, error: () => {} } });
    dir = mkdtempSync(join(tmpdir(), 'orders-crash-'));
  });
  afterAll(async () => {
    await ex.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('killed after the journal write, before the POST: on restart the order is sent once, with its id', async () => {
    const dbFile = join(dir, 'after-journal.sqlite');
    let clientOrderId = '';
    const exit = await runChild({ mode: 'kill-after-journal', dbFile, tradingUrl: ex.tradingUrl, keyId: ex.keys.keyId, secret: ex.keys.secret }, (line) => {
      if (line.startsWith('journaled ')) clientOrderId = line.slice('journaled '.length);
    });
    expect(exit).toBe(-9);
    expect(clientOrderId).toMatch(/^ws-/);
    const before = await brokerGet<Array<{ client_order_id: string }>>(ex, '/v2/orders?status=all&limit=500');
    expect(before.filter((o) => o.client_order_id === clientOrderId)).toEqual([]);
    const { brokerCount, local } = await restartAndCount(ex, dbFile, clientOrderId);
    expect(brokerCount).toBe(1);
    expect(local?.filledQty).toBe('5');
  });

  it('killed after the POST reached the broker, before the answer: on restart the order is adopted, never resent', async () => {
    const dbFile = join(dir, 'after-post.sqlite');
    let clientOrderId = '';
    // The answer never comes back (dropped), and the exchange is slow enough that the child cannot look it up first.
    const stopWatching = ex.broker.onTradeUpdate((_key, update) => {
      const order = (update as { order?: { client_order_id?: string } }).order;
      if (clientOrderId && order?.client_order_id === clientOrderId) child?.kill('SIGKILL');
    });
    let child: ChildProcess | undefined;
    const exit = await runChild({ mode: 'submit', dbFile, tradingUrl: ex.tradingUrl, keyId: ex.keys.keyId, secret: ex.keys.secret }, (line, proc) => {
      child = proc;
      if (line === 'ready') ex.faults.set({ dropOrderResponses: 1, latencyMs: 300 });
      if (line.startsWith('journaled ')) clientOrderId = line.slice('journaled '.length);
    });
    stopWatching();
    ex.faults.reset();
    expect(exit).toBe(-9);
    const local = OrderJournal.open(dbFile);
    expect(local.getOrder(clientOrderId)?.brokerOrderId).toBeNull();
    local.close();
    const atBroker = await brokerGet<Array<{ client_order_id: string }>>(ex, '/v2/orders?status=all&limit=500');
    expect(atBroker.filter((o) => o.client_order_id === clientOrderId).length).toBe(1);
    const { brokerCount, local: after } = await restartAndCount(ex, dbFile, clientOrderId);
    expect(brokerCount).toBe(1);
    expect(after?.brokerOrderId).not.toBeNull();
  });

  it('killed during a burst of journal writes: integrity_check is ok and every acknowledged write is there', async () => {
    const dbFile = join(dir, 'burst.sqlite');
    const acked: string[] = [];
    const exit = await runChild({ mode: 'burst', dbFile }, (line, proc) => {
      if (line.startsWith('ack ')) acked.push(line.slice(4));
      if (acked.length === 300) proc.kill('SIGKILL');
    });
    expect(exit).toBe(-9);
    expect(acked.length).toBeGreaterThanOrEqual(300);
    const journal = OrderJournal.open(dbFile);
    try {
      expect(journal.integrityCheck()).toBe('ok');
      const stored = new Set(journal.allOrders().map((o) => o.clientOrderId));
      expect(acked.filter((id) => !stored.has(id))).toEqual([]);
    } finally {
      journal.close();
    }
  });

  it('queue ten, trip the kill switch, kill -9 200 ms later: after the restart the state is HALTED and no unsent order is sent', async () => {
    const dbFile = join(dir, 'queue-trip.sqlite');
    let answer: { stoppedLocally: string[]; atBroker: string[] } | undefined;
    const exit = await runChild({ mode: 'queue-then-trip', dbFile, tradingUrl: ex.tradingUrl, keyId: ex.keys.keyId, secret: ex.keys.secret }, (line, proc) => {
      if (!line.startsWith('tripped ')) return;
      answer = JSON.parse(line.slice('tripped '.length)) as { stoppedLocally: string[]; atBroker: string[] };
      setTimeout(() => proc.kill('SIGKILL'), 200);
    });
    expect(exit).toBe(-9);
    if (!answer) throw new Error('the child never tripped the switch');
    expect(answer.stoppedLocally.length + answer.atBroker.length).toBe(10);
    expect(answer.stoppedLocally.length).toBeGreaterThan(0);
    const journal = OrderJournal.open(dbFile);
    const manager = new OrderManager({ journal, venue: venueFor(ex), risk: new RiskEngine(), log: memoryLog(), resolveDelayMs: 50 });
    try {
      await manager.start();
      expect(manager.riskState.state).toBe('HALTED');
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      // The exchange is shared with the tests above: their orders come back imported as external.
      const mine = new Set(manager.orders().filter((o) => !o.external).map((o) => o.clientOrderId));
      const atExchange = (await brokerGet<Array<{ client_order_id: string }>>(ex, '/v2/orders?status=all&limit=500')).map((o) => o.client_order_id).filter((id) => mine.has(id));
      // Only orders the switch reported at the broker may be there; one whose request was still in the process's
      // buffers when it died never arrived, and is held now (trading is halted), not sent.
      for (const id of atExchange) expect(answer.atBroker).toContain(id);
      for (const id of answer.stoppedLocally) expect(manager.order(id)?.status).toBe('canceled');
      const notArrived = answer.atBroker.filter((id) => !atExchange.includes(id));
      for (const id of notArrived) expect(manager.order(id)?.rejectCode).toBe(HELD_CODE);
      expect(manager.orders().filter((o) => o.status === 'journaled' && o.rejectCode !== HELD_CODE)).toEqual([]);
    } finally {
      await manager.stop();
      journal.close();
    }
  });
});
