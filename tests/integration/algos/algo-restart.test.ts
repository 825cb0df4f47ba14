import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExchange, type RunningExchange } from '../../../src-main/exchange/exchange.js';
import type { AlgoProgress } from '../../../src-main/kernel/algos/algo-types.js';
import { OrderJournal } from '../../../src-main/kernel/orders/journal/order-journal.js';
import { orderJournalPath } from '../../../src-main/services/order-service.js';
import { brokerGet, SESSION_START } from '../orders/harness.js';

/**
 * An algo parent outlives the app: the orders service runs in a real child process, is killed with SIGKILL in the
 * middle of a TWAP, and a fresh process over the same data dir resumes the parent once reconciliation is done.
 * The local exchange (the broker) lives in this process and keeps running across the crash.
 */
const root = join(__dirname, '..', '..', '..');
const childFile = join(root, 'test-output', 'algos-child', 'algo-child.mjs');

interface Run {
  exit: Promise<number | null>;
  progress: AlgoProgress[];
}

function runChild(args: Record<string, unknown>, onLine: (line: string, child: ChildProcess) => void): Run {
  const child = spawn(process.execPath, [childFile, JSON.stringify(args)], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  const progress: AlgoProgress[] = [];
  let buffer = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    let newline = buffer.indexOf('\n');
    while (newline >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      if (line.startsWith('progress ')) progress.push(JSON.parse(line.slice('progress '.length)) as AlgoProgress);
      onLine(line, child);
      newline = buffer.indexOf('\n');
    }
  });
  return { progress, exit: new Promise((resolve) => child.on('exit', (code, signal) => resolve(signal === 'SIGKILL' ? -9 : code))) };
}

interface BrokerOrder {
  client_order_id: string;
  status: string;
  qty: string;
  filled_qty: string;
}

describe('kill -9 of the app in the middle of a TWAP', () => {
  let ex: RunningExchange;
  let dataDir: string;
  beforeAll(async () => {
    buildSync({ entryPoints: [join(__dirname, 'child', 'algo-child.ts')], outfile: childFile, bundle: true, platform: 'node', format: 'esm', packages: 'external', target: 'node20', logLevel: 'error' });
    ex = await startExchange({ seed: 21, speed: 1, startTime: SESSION_START, partialFillShare: 0, log: { warn: () => {}, error: () => {} } });
    dataDir = mkdtempSync(join(tmpdir(), 'algos-restart-'));
  });
  afterAll(async () => {
    await ex.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('the restarted app resumes the parent with what remains: no slice twice, no catch-up burst, the whole quantity once', async () => {
    const connection = { dataDir, tradingUrl: ex.tradingUrl, keyId: ex.keys.keyId, secret: ex.keys.secret };
    // Six slices of 3 s (2 shares each): killed right after the second child.
    const spec = { kind: 'twap', symbol: 'AAPL', side: 'buy', qty: 12, durationMs: 18_000, slices: 6 };
    let algoId = '';
    const first = runChild({ ...connection, mode: 'start', spec }, (line, child) => {
      if (line.startsWith('started ')) algoId = line.slice('started '.length);
      if (line.startsWith('progress ') && (JSON.parse(line.slice('progress '.length)) as AlgoProgress).childrenSent >= 2) child.kill('SIGKILL');
    });
    expect(await first.exit).toBe(-9);
    expect(algoId).toMatch(/^algo-twap-/);

    // What the dead process left: the parent, running, with its two children.
    const journal = OrderJournal.open(orderJournalPath(dataDir, 'demo'));
    const before = journal.getAlgo(algoId)!;
    journal.close();
    expect(before).toMatchObject({ kind: 'twap', status: 'running', spec });
    expect(before.children).toHaveLength(2);
    const killedAt = Date.now();

    const second = runChild({ ...connection, mode: 'resume' }, () => {});
    expect(await second.exit).toBe(0);
    const last = second.progress.at(-1)!;
    expect(last).toMatchObject({ id: algoId, status: 'completed', targetQty: 12, filledQty: 12, openChildren: 0 });
    // The resumed parent reported itself before sending anything new: the two children from before the crash.
    expect(second.progress[0]).toMatchObject({ id: algoId, status: 'running', childrenSent: 2 });

    const after = OrderJournal.open(orderJournalPath(dataDir, 'demo'));
    try {
      const stored = after.getAlgo(algoId)!;
      expect(stored.status).toBe('completed');
      const children = after.childrenOf(algoId);
      expect(stored.children).toEqual(children.map((c) => c.clientOrderId));
      expect(children.slice(0, 2).map((c) => c.clientOrderId)).toEqual(before.children);
      // Sent after the restart: the rest, spread over the slices left (no slice holds the missed ones at once).
      const resumedChildren = children.slice(2);
      expect(resumedChildren.length).toBeGreaterThanOrEqual(2);
      expect(resumedChildren.every((c) => c.createdAt >= killedAt)).toBe(true);
      expect(Math.max(...resumedChildren.map((c) => Number(c.intent.qty)))).toBeLessThanOrEqual(3);
      expect(children.every((c) => c.status === 'filled' && c.source === `algo:${algoId}`)).toBe(true);
      expect(last.childrenFilled).toBe(children.length);

      // The broker's word: each child once, all filled, twelve shares in all, and the position is twelve.
      const ids = new Set(children.map((c) => c.clientOrderId));
      const atBroker = (await brokerGet<BrokerOrder[]>(ex, '/v2/orders?status=all&limit=500')).filter((o) => ids.has(o.client_order_id));
      expect(atBroker).toHaveLength(children.length);
      expect(new Set(atBroker.map((o) => o.client_order_id)).size).toBe(children.length);
      expect(atBroker.every((o) => o.status === 'filled')).toBe(true);
      expect(atBroker.reduce((sum, o) => sum + Number(o.filled_qty), 0)).toBe(12);
      const positions = await brokerGet<Array<{ symbol: string; qty: string }>>(ex, '/v2/positions');
      expect(positions.find((p) => p.symbol === 'AAPL')?.qty).toBe('12');
    } finally {
      after.close();
    }
  }, 60_000);
});
