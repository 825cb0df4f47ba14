import { CodedError } from '../../../src-shared/ipc/errors.js';
import { paramSpace, type ParamSpace } from '../../kernel/strategy/params.js';
import type { StrategyDefinition } from '../../kernel/strategy/types.js';

export type Combo = Record<string, number | string | boolean>;

/** `name=FROM:TO:STEP` for numbers, `name=a|b|c` for any parameter. */
export function parseGridSpec(specs: readonly string[], space: readonly ParamSpace[]): Map<string, Array<number | string | boolean>> {
  const axes = new Map<string, Array<number | string | boolean>>();
  for (const spec of specs) {
    const eq = spec.indexOf('=');
    const name = spec.slice(0, eq);
    const p = space.find((s) => s.name === name);
    if (eq <= 0 || !p) throw new CodedError('BAD_REQUEST', `--grid must look like name=FROM:TO:STEP or name=a|b with a known parameter, got "${spec}"`);
    const body = spec.slice(eq + 1);
    if (p.kind === 'number' && body.includes(':')) {
      const [a, b, c] = body.split(':').map(Number);
      if (![a, b, c].every((x) => x !== undefined && Number.isFinite(x)) || c! <= 0 || b! < a!) {
        throw new CodedError('BAD_REQUEST', `--grid ${name}: FROM:TO:STEP needs FROM <= TO and STEP > 0, got "${body}"`);
      }
      const values: number[] = [];
      for (let i = 0; a! + i * c! <= b! + 1e-9; i++) values.push(Math.round((a! + i * c!) * 1e9) / 1e9);
      axes.set(name, values);
    } else {
      axes.set(name, body.split('|').map((v) => (p.kind === 'number' ? Number(v) : p.kind === 'boolean' ? v === 'true' : v)));
    }
  }
  return axes;
}

/** Every combination of the axes (other parameters at their base values), in a fixed order; invalid ones dropped. */
export function gridCombos(definition: StrategyDefinition, axes: Map<string, Array<number | string | boolean>>, base: Combo): Combo[] {
  let combos: Combo[] = [{ ...base }];
  for (const [name, values] of axes) combos = combos.flatMap((c) => values.map((v) => ({ ...c, [name]: v })));
  return combos.filter((c) => definition.params.safeParse(c).success);
}

/** A small deterministic PRNG (mulberry32): the same seed draws the same combinations on any machine. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal draw from a uniform generator such as prng's (Box-Muller). */
export function gaussian(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(Math.max(rand(), 1e-300))) * Math.cos(2 * Math.PI * rand());
}

/** `count` valid combinations drawn uniformly from the schema's ranges (integers stay integers). */
export function randomCombos(definition: StrategyDefinition, count: number, seed: number, base: Combo, fixed: ReadonlySet<string> = new Set()): Combo[] {
  const space = paramSpace(definition.params);
  const rand = prng(seed);
  const out: Combo[] = [];
  for (let tries = 0; out.length < count && tries < count * 100; tries++) {
    const combo: Combo = { ...base };
    for (const p of space) {
      if (fixed.has(p.name)) continue;
      if (p.kind === 'number') {
        const x = p.min + rand() * (p.max - p.min);
        combo[p.name] = p.integer ? Math.min(p.max, Math.floor(p.min + rand() * (p.max - p.min + 1))) : x;
      } else if (p.kind === 'enum') combo[p.name] = p.options[Math.floor(rand() * p.options.length)]!;
      else combo[p.name] = rand() < 0.5;
    }
    if (definition.params.safeParse(combo).success) out.push(combo);
  }
  return out;
}
