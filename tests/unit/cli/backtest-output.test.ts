import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readableJson, writeJson } from '../../../src-main/cli/backtest/output.js';

describe('backtest JSON output', () => {
  it('reads back to the same value, long lists one record a line', () => {
    const value = { a: 1, nested: { x: [1, 2], y: 'z' }, long: Array.from({ length: 20 }, (_, i) => ({ i, s: `r${i}` })), none: undefined, empty: [] };
    const text = readableJson(value);
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
    expect(text.split('\n').filter((l) => l.startsWith('    {"i":'))).toHaveLength(20);
    expect(readableJson({})).toBe('{}');
  });

  it('writes a file of several megabytes in pieces, the same text as readableJson', () => {
    const dir = mkdtempSync(join(tmpdir(), 'out-'));
    try {
      const value = { name: 'x', rows: Array.from({ length: 40_000 }, (_, i) => ({ i, s: `row ${i}`, p: i / 7 })), tail: { ok: true } };
      writeJson(join(dir, 'big.json'), value);
      const text = readFileSync(join(dir, 'big.json'), 'utf8');
      expect(text.length).toBeGreaterThan(2 * (1 << 20));
      expect(text).toBe(`${readableJson(value)}\n`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('streams the equity curve after the rest when asked, and leaves it out otherwise', () => {
    const dir = mkdtempSync(join(tmpdir(), 'out-'));
    try {
      const t = Float64Array.from({ length: 70_000 }, (_, i) => i * 60_000);
      const value = Float64Array.from(t, (x, i) => (i === 5 ? Number.NaN : 100 + x / 1e9));
      writeJson(join(dir, 'with.json'), { bars: 70_000 }, { t, value });
      const read = JSON.parse(readFileSync(join(dir, 'with.json'), 'utf8')) as { bars: number; equity: Array<{ t: number; value: number | null }> };
      expect(read.bars).toBe(70_000);
      expect(read.equity).toHaveLength(70_000);
      expect(read.equity[69_999]).toEqual({ t: t[69_999], value: value[69_999] });
      expect(read.equity[5]!.value).toBeNull();
      writeJson(join(dir, 'without.json'), { bars: 1 });
      expect(JSON.parse(readFileSync(join(dir, 'without.json'), 'utf8'))).toEqual({ bars: 1 });
      writeJson(join(dir, 'empty.json'), {}, { t: new Float64Array(0), value: new Float64Array(0) });
      expect(JSON.parse(readFileSync(join(dir, 'empty.json'), 'utf8'))).toEqual({ equity: [] });
      expect(() => writeJson(join(dir, 'no', 'such', 'dir.json'), {})).toThrow(/cannot write .*ENOENT/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
