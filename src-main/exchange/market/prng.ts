/**
 * Deterministic randomness keyed by position: every random stream is derived from (seed, labels...) by
 * hashing, so any day or minute of the synthetic market can be generated on its own, lazily, and always
 * the same for the same seed. No Math.random anywhere in the market.
 */

/** 32-bit FNV-1a over a string, mixed with a seed. */
export function hashKey(seed: number, ...labels: (string | number)[]): number {
  let h = (0x811c9dc5 ^ (seed >>> 0)) >>> 0;
  const text = labels.join('|');
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  // Final avalanche (murmur3 fmix32) so nearby keys give unrelated streams.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

/** A small fast PRNG (mulberry32) with the distributions the market needs. */
export class Rng {
  private state: number;
  private spare: number | undefined;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  static of(seed: number, ...labels: (string | number)[]): Rng {
    return new Rng(hashKey(seed, ...labels));
  }

  /** Uniform in (0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  }

  int(minInclusive: number, maxInclusive: number): number {
    return minInclusive + Math.floor(this.next() * (maxInclusive - minInclusive + 1));
  }

  /** Standard normal (Box-Muller, keeping the second value). */
  normal(): number {
    if (this.spare !== undefined) {
      const s = this.spare;
      this.spare = undefined;
      return s;
    }
    const r = Math.sqrt(-2 * Math.log(this.next()));
    const theta = 2 * Math.PI * this.next();
    this.spare = r * Math.sin(theta);
    return r * Math.cos(theta);
  }

  /**
   * Student-t with 4 degrees of freedom scaled to unit variance: fat tails (excess kurtosis) with a cheap exact
   * chi-square(4) = -2 ln(U1 U2).
   */
  studentT4(): number {
    const chi2 = -2 * Math.log(this.next() * this.next());
    return (this.normal() / Math.sqrt(chi2 / 4)) * Math.SQRT1_2;
  }
}
