import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import packageJson from '../../../package.json' with { type: 'json' };
import type { Bar } from '../../../src-shared/domain/bar.js';
import { parseOhlcvCsv } from '../../../src-main/history/csv/ohlcv.js';
import { parseYahooCsv } from '../../../src-main/history/csv/yahoo.js';
import { Workstation } from '../../../src-main/services/workstation.js';
import { ensureBuilt } from '../../support/build.js';
import { YAHOO_DAILY_DIR } from '../../support/data.js';

const root = join(__dirname, '..', '..', '..');
const bin = join(root, packageJson.bin.workstation);
const context = () => ({ signal: new AbortController().signal, peer: 'test' });

function cli(...args: string[]) {
  return spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });
}

/** Minute bars of a symbol no exchange lists, in 2001: far from today, as a trader's own data often is. */
function minuteCsv(file: string, count: number): void {
  const lines = ['datetime,open,high,low,close,volume'];
  let price = 50;
  for (let i = 0; i < count; i++) {
    const t = Date.UTC(2001, 2, 5, 14, 30) + i * 60_000;
    const c = price + ((i * 7919) % 13) / 100 - 0.06;
    lines.push(`${new Date(t).toISOString().slice(0, 19).replace('T', ' ')},${price.toFixed(2)},${(Math.max(price, c) + 0.05).toFixed(2)},${(Math.min(price, c) - 0.05).toFixed(2)},${c.toFixed(2)},${100 + i}`);
    price = c;
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
}

/** History imported with `workstation import` is what the chart's data path (marketData over the router) shows. */
describe('series imported with the CLI, charted', () => {
  const yhooFile = join(YAHOO_DAILY_DIR, 'yhoo-1996-2015.txt');
  let dataDir: string;
  let workstation: Workstation;
  let imported: Bar[];
  beforeAll(async () => {
    ensureBuilt('main');
    dataDir = mkdtempSync(join(tmpdir(), 'stored-series-'));
    const csv = join(dataDir, 'ser.csv');
    minuteCsv(csv, 3000);
    imported = parseOhlcvCsv(readFileSync(csv, 'utf8'), csv).map(({ t, o, h, l, c, v }) => ({ t, o, h, l, c, v }));
    for (const args of [
      ['--file', csv, '--symbol', 'SER', '--timeframe', '1Min'],
      ['--file', yhooFile, '--symbol', 'YHOO'],
    ]) {
      const run = cli('import', ...args, '--data-dir', dataDir);
      expect(run.status, run.stderr).toBe(0);
    }
    workstation = new Workstation({ dataDir, shell: 'headless', logLevel: 'warn' });
    await workstation.start();
  }, 180_000);
  afterAll(async () => {
    await workstation?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers the stored bars of a symbol the exchange does not list, however long ago they end', async () => {
    const reply = await workstation.router.dispatch('marketData.bars', { symbol: 'SER', timeframe: '1Min', limit: 1000 }, context());
    expect(reply.ok, JSON.stringify(reply)).toBe(true);
    if (!reply.ok) return;
    const value = reply.value as { source: string; bars: Bar[] };
    expect(value.source).toBe('history-store');
    // The last 1000 of the 3000 imported bars, as the file wrote them.
    expect(value.bars).toEqual(imported.slice(-1000));
  });

  it('answers the stored bars of a listed symbol whose stored history ends long ago', async () => {
    const reply = await workstation.router.dispatch('marketData.bars', { symbol: 'YHOO', timeframe: '1Day', limit: 500 }, context());
    expect(reply.ok, JSON.stringify(reply)).toBe(true);
    if (!reply.ok) return;
    const value = reply.value as { source: string; bars: Bar[] };
    const yahoo = parseYahooCsv(readFileSync(yhooFile, 'utf8'), 'yhoo');
    expect(value.source).toBe('history-store');
    expect(value.bars.map((b) => [b.t, b.c])).toEqual(yahoo.slice(-500).map((r) => [r.t, r.c]));
  });

  it('still answers a range with nothing in it as empty, not with made-up bars', async () => {
    const reply = await workstation.router.dispatch('marketData.bars', { symbol: 'SER', timeframe: '1Min', start: Date.UTC(2020, 0, 2), end: Date.UTC(2020, 0, 3) }, context());
    expect(reply).toMatchObject({ ok: true, value: { bars: [] } });
    expect((reply as { value: { source: string } }).value.source).not.toBe('synthetic');
  });

  it('lists every stored series for the chart\'s symbol list, with the time it spans', async () => {
    const reply = await workstation.router.dispatch('marketData.storedSeries', {}, context());
    expect(reply.ok, JSON.stringify(reply)).toBe(true);
    if (!reply.ok) return;
    const { series } = reply.value as { series: Array<{ symbol: string; timeframe: string; first: number; last: number }> };
    expect(series).toContainEqual({ symbol: 'SER', timeframe: '1Min', first: imported[0]!.t, last: imported[imported.length - 1]!.t });
    const yhoo = series.find((s) => s.symbol === 'YHOO' && s.timeframe === '1Day');
    expect(yhoo).toBeDefined();
    expect(new Date(yhoo!.first).toISOString().slice(0, 10)).toBe('1996-04-12');
  });
});
