/** Seeded pseudo-random generator (mulberry32), so a failing fuzz case can be replayed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NASTY_STRINGS = ['', ' ', '__proto__', 'constructor', 'prototype', '\u0000', '\ud800', '😀'.repeat(50), 'x'.repeat(70_000), '<script>', '../../etc/passwd', 'ui.layout', 'system.info', 'NaN', '-1', '1e309'];
const NASTY_NUMBERS = [0, -0, -1, 1, 0.5, 49, 50, 60_000, 60_001, 2_000_001, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 2, -Number.MAX_VALUE, 1e308];
const KEYS = ['key', 'value', 'limit', 'durationMs', 'count', 'coalesced', '__proto__', 'constructor', 'extra', 't', 'id', 'ch', 'req', 'token'];

/** A random JSON-compatible value, biased toward the edge cases that break validators. */
export function randomJson(random: () => number, depth = 0): unknown {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const roll = random();
  if (depth > 4 || roll < 0.15) return pick(NASTY_NUMBERS);
  if (roll < 0.3) return pick(NASTY_STRINGS);
  if (roll < 0.35) return random() < 0.5;
  if (roll < 0.4) return null;
  if (roll < 0.45) return Math.floor(random() * 1e6) - 5e5;
  if (roll < 0.65) {
    const length = Math.floor(random() * 5);
    return Array.from({ length }, () => randomJson(random, depth + 1));
  }
  const object: Record<string, unknown> = {};
  const size = Math.floor(random() * 5);
  for (let i = 0; i < size; i++) {
    const key = random() < 0.7 ? pick(KEYS) : String.fromCharCode(97 + Math.floor(random() * 26)).repeat(1 + Math.floor(random() * 3));
    // defineProperty, so that "__proto__" becomes an own key, as JSON.parse would make it.
    Object.defineProperty(object, key, { value: randomJson(random, depth + 1), enumerable: true, configurable: true, writable: true });
  }
  return object;
}
