import { describe, expect, it } from 'vitest';
import { Cached, StaleDataError } from '../../../../src-main/kernel/orders/cached.js';

/** The account and quote caches in front of the risk check: used a bounded time, never older. */
describe('Cached', () => {
  it('serves a value within its bound while refreshing behind it; past the bound, a failed refresh is RISK_DATA_STALE', async () => {
    let now = 0;
    let fail = false;
    let fetches = 0;
    const cached = new Cached(
      async () => {
        fetches += 1;
        if (fail) throw new Error('socket hang up');
        return `v${fetches}`;
      },
      2_000,
      5_000,
      () => now,
    );
    expect(await cached.get()).toBe('v1');
    fail = true;
    now = 3_000; // stale but within the bound: the old value, a refresh tried behind it
    expect(await cached.get()).toBe('v1');
    expect(fetches).toBe(2);
    now = 9_000; // past the bound: never the 9-second-old value
    const error = await cached.get().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StaleDataError);
    expect((error as StaleDataError).code).toBe('RISK_DATA_STALE');
    expect((error as StaleDataError).ageMs).toBe(9_000);
    fail = false;
    expect(await cached.get()).toBe('v3');
  });

  it('an offered value (a streamed quote) is fresh from then, and a fetch that started before it does not replace it', async () => {
    let now = 0;
    let answer: (value: string) => void = () => undefined;
    let fetches = 0;
    const cached = new Cached(
      () => {
        fetches += 1;
        return new Promise<string>((resolve) => {
          answer = resolve;
        });
      },
      1_000,
      5_000,
      () => now,
    );
    cached.offer('streamed-1');
    expect(await cached.get()).toBe('streamed-1');
    expect(fetches).toBe(0);
    // Stale within the bound: served, and a refresh starts behind it.
    now = 2_000;
    expect(await cached.get()).toBe('streamed-1');
    expect(fetches).toBe(1);
    // A newer quote arrives from the stream before the fetch answers: the older answer must not undo it.
    now = 2_100;
    cached.offer('streamed-2');
    answer('fetched-at-2000');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(await cached.get()).toBe('streamed-2');
    expect(cached.ageMs()).toBe(0);
  });
});
