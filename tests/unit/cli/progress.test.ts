import { describe, expect, it } from 'vitest';
import { ProgressBar, type ProgressStream } from '../../../src-main/cli/progress.js';

function terminal(isTTY: boolean, columns?: number): ProgressStream & { out: string[] } {
  const out: string[] = [];
  return { isTTY, ...(columns === undefined ? {} : { columns }), out, write: (text: string) => out.push(text) };
}

describe('ProgressBar', () => {
  it('draws on a terminal, at most once per interval, and always the final state', () => {
    const stream = terminal(true);
    let now = 0;
    const bar = new ProgressBar('importing x.csv', { stream, intervalMs: 100, now: () => now });
    bar.update(0, 1000);
    for (let done = 1; done < 1000; done++) {
      now += 0.5; // 500 updates per 250 ms of work: about three draws, not 999.
      bar.update(done, 1000);
    }
    bar.update(1000, 1000);
    bar.done();
    expect(stream.out.length).toBeLessThanOrEqual(8);
    expect(stream.out[0]).toBe(`\rimporting x.csv [${'-'.repeat(30)}]   0% 0/1,000\x1b[K`);
    expect(stream.out.at(-2)).toBe(`\rimporting x.csv [${'#'.repeat(30)}] 100% 1,000/1,000\x1b[K`);
    expect(stream.out.at(-1)).toBe('\n');
    expect(stream.out.slice(1, -2).every((line) => /\] +\d+% /.test(line))).toBe(true);
  });

  it('writes nothing when the stream is not a terminal', () => {
    const stream = terminal(false);
    const bar = new ProgressBar('x', { stream, now: () => 0 });
    bar.update(5, 10);
    bar.update(10, 10);
    bar.done();
    expect(stream.out).toEqual([]);
  });

  it('fits the terminal width and ends no line it never drew', () => {
    const stream = terminal(true, 40);
    const bar = new ProgressBar('a very long label for a narrow terminal', { stream, now: () => 0 });
    bar.update(1, 2);
    expect(stream.out[0]!.replace('\r', '').replace('\x1b[K', '').length).toBe(39);
    const quiet = terminal(true);
    new ProgressBar('x', { stream: quiet }).done();
    expect(quiet.out).toEqual([]);
  });
});
