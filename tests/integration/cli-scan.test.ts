// `workstation scan` on the built CLI against the real daily files.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import packageJson from '../../package.json' with { type: 'json' };
import { ensureBuilt } from '../support/build.js';
import { YAHOO_DAILY_DIR } from '../support/data.js';

const root = join(__dirname, '..', '..');
const bin = join(root, packageJson.bin.workstation);
const cli = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', timeout: 180_000 });
const data = ['nvda-2014.txt', 'orcl-2014.txt', 'yhoo-2014.txt'].flatMap((f) => ['--data', join(YAHOO_DAILY_DIR, f)]);

interface Row {
  symbol: string;
  strategy: string;
  direction: string;
  confidence: number;
  expectedReturn: number;
  horizon: number;
  reason: string;
  generatedAt: number;
  samples: number;
}
interface Output {
  asOf: number;
  opportunities: Row[];
  calibration: Array<{ strategy: string; samples: number; reliability: Array<{ from: number; to: number; predicted: number | null; observed: number | null; count: number }> }>;
  skipped: Array<{ strategy: string; reason: string }>;
}

describe('workstation scan', () => {
  beforeAll(() => ensureBuilt('main'));

  it('--json ranks the opportunities running at the last bar, each with the fields a trader reads', () => {
    const run = cli('scan', ...data, '--json');
    expect(run.status, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as Output;
    expect(new Date(out.asOf).toISOString()).toBe('2014-12-31T00:00:00.000Z');
    expect(out.opportunities.length).toBeGreaterThan(0);
    for (const o of out.opportunities) {
      expect(['NVDA', 'ORCL', 'YHOO']).toContain(o.symbol);
      expect(['up', 'down']).toContain(o.direction);
      expect(o.confidence).toBeGreaterThanOrEqual(0);
      expect(o.confidence).toBeLessThanOrEqual(1);
      expect(Number.isFinite(o.expectedReturn)).toBe(true);
      expect(o.horizon).toBeGreaterThan(0);
      expect(o.reason.length).toBeGreaterThan(0);
      expect(o.generatedAt).toBeLessThanOrEqual(out.asOf);
    }
    const confidences = out.opportunities.map((o) => o.confidence);
    expect(confidences).toEqual(confidences.slice().sort((a, b) => b - a));
    // Every strategy that ran has a reliability diagram whose counts add up to its scored signals.
    for (const c of out.calibration) expect(c.reliability.reduce((n, b) => n + b.count, 0)).toBe(c.samples);
    expect(out.calibration.some((c) => c.samples > 0)).toBe(true);
  });

  it('--strategies and --at: only those strategies, nothing generated after the date', () => {
    const run = cli('scan', ...data, '--strategies', 'sma-cross,swing,breakout', '--at', '2014-06-30', '--json');
    expect(run.status, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as Output;
    expect(new Date(out.asOf).toISOString()).toBe('2014-06-30T23:59:59.999Z');
    expect(out.calibration.map((c) => c.strategy)).toEqual(['sma-cross', 'swing', 'breakout']);
    for (const o of out.opportunities) {
      expect(['sma-cross', 'swing', 'breakout']).toContain(o.strategy);
      expect(o.generatedAt).toBeLessThanOrEqual(out.asOf);
    }
    // The text form says the same time.
    const text = cli('scan', ...data, '--strategies', 'sma-cross,swing,breakout', '--at', '2014-06-30');
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^opportunities as of 2014-06-30T23:59:59.999Z: \d+/);
  });

  it('refuses an unknown strategy and a scan without bars, with what to do', () => {
    const unknown = cli('scan', ...data, '--strategies', 'nope', '--json');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/unknown strategy "nope" \(one of: sma-cross/);
    const none = cli('scan', '--json');
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/--data FILE.csv or --symbol SYM/);
  });
});
