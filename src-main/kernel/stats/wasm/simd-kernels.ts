import type { LinalgKernels, Reduction } from './linalg-kernels.js';
import { LINALG_SIMD_WASM_BASE64 } from './linalg-simd-bytes.js';

/** The part of the WebAssembly API used here (main's TypeScript library has no DOM types, where it is declared). */
interface WasmRuntime {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}

interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

/** The exports of linalg-simd.wat (pointers are byte offsets into `memory`, counts in doubles). */
interface SimdExports {
  memory: WasmMemory;
  gramLower(z: number, t: number, n: number, g: number): void;
  blockTimes(a: number, stride: number, len: number, v: number, p: number): void;
  update(a: number, stride: number, len: number, v: number, w: number): void;
  updateAndMultiply(a: number, stride: number, len: number, v: number, w: number, u: number, q: number): void;
  combine4(z: number, t: number, n: number, f: number, out: number): void;
  combine1(z: number, t: number, n: number, f: number, out: number): void;
  reflect(v: number, len: number, beta: number, x: number, stride: number, m: number): void;
}

const PAGE = 65_536;

/**
 * The kernels on WebAssembly SIMD (linalg-simd.wat), or undefined where the runtime cannot compile them. One
 * instance per thread. Each call lays its operands out from the start of the module's memory (growing it when
 * needed), copies its inputs in and its results out: nothing stays in that memory between calls, so no view of it
 * outlives a growth (which detaches them). The exception is a Reduction, whose arrays live there until the next call.
 */
export function simdKernels(): LinalgKernels | undefined {
  const wasm = (globalThis as unknown as { WebAssembly?: WasmRuntime }).WebAssembly;
  if (!wasm) return undefined;
  let bytes: Uint8Array;
  try {
    bytes = Uint8Array.from(atob(LINALG_SIMD_WASM_BASE64), (c) => c.charCodeAt(0));
    if (!wasm.validate(bytes)) return undefined;
  } catch {
    return undefined;
  }
  const exports = new wasm.Instance(new wasm.Module(bytes), {}).exports as SimdExports;
  const { memory } = exports;

  /** Views of consecutive regions of `sizes` doubles from byte 0, the memory grown to hold them all. */
  function layout(sizes: readonly number[]): Float64Array[] {
    const total = sizes.reduce((s, x) => s + x, 0) * 8;
    if (total > memory.buffer.byteLength) memory.grow(Math.ceil((total - memory.buffer.byteLength) / PAGE));
    let at = 0;
    return sizes.map((size) => {
      const view = new Float64Array(memory.buffer, at, size);
      at += size * 8;
      return view;
    });
  }

  return {
    name: 'simd',
    gram(z, t, n, into) {
      const [zm, gm] = layout([t * n, t * t]) as [Float64Array, Float64Array];
      zm.set(z.subarray(0, t * n));
      exports.gramLower(zm.byteOffset, t, n, gm.byteOffset);
      const g = into && into.length >= t * t ? into.subarray(0, t * t) : new Float64Array(t * t);
      g.set(gm);
      for (let r = 0; r < t; r++) for (let s = 0; s < r; s++) g[s * t + r] = g[r * t + s]!;
      return g;
    },
    rowCombinations(z, t, n, weights) {
      const m = weights.length;
      const [zm, fm, om] = layout([t * n, m * t, m * n]) as [Float64Array, Float64Array, Float64Array];
      zm.set(z.subarray(0, t * n));
      for (let c = 0; c < m; c++) {
        const f = weights[c]!;
        for (let r = 0; r < t; r++) fm[c * t + r] = f[r]!;
      }
      om.fill(0);
      let c = 0;
      for (; c + 4 <= m; c += 4) exports.combine4(zm.byteOffset, t, n, fm.byteOffset + c * t * 8, om.byteOffset + c * n * 8);
      for (; c < m; c++) exports.combine1(zm.byteOffset, t, n, fm.byteOffset + c * t * 8, om.byteOffset + c * n * 8);
      return Array.from({ length: m }, (_, i) => om.slice(i * n, (i + 1) * n));
    },
    reflectBack(reflections, vectors, n) {
      const m = vectors.length;
      const [xm, vm] = layout([m * n, n]) as [Float64Array, Float64Array];
      vectors.forEach((y, c) => xm.set(y.subarray(0, n), c * n));
      for (let j = reflections.length - 1; j >= 0; j--) {
        const { v, beta } = reflections[j]!;
        if (beta === 0) continue;
        vm.set(v);
        exports.reflect(vm.byteOffset, v.length, beta, xm.byteOffset + (j + 1) * 8, n * 8, m);
      }
      return Array.from({ length: m }, (_, c) => xm.slice(c * n, (c + 1) * n));
    },
    reduction(input, n) {
      const [a, p, q, vs, ws, us] = layout([n * n, n, n, n, n, n]) as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
      a.set(input.subarray(0, n * n));
      const stride = n * 8;
      const block = (off: number) => a.byteOffset + (off * n + off) * 8;
      /** The kernel's copy of a vector that may live outside its memory. */
      const inside = (x: Float64Array, scratch: Float64Array, len: number): number => {
        if (x.buffer === memory.buffer) return x.byteOffset;
        scratch.set(x.subarray(0, len));
        return scratch.byteOffset;
      };
      return {
        a,
        p,
        q,
        blockTimes(off, len, v, out) {
          exports.blockTimes(block(off), stride, len, inside(v, vs, len), out.byteOffset);
        },
        update(off, len, v, w) {
          exports.update(block(off), stride, len, inside(v, vs, len), inside(w, ws, len));
        },
        updateAndMultiply(off, len, v, w, u, out) {
          exports.updateAndMultiply(block(off), stride, len, inside(v, vs, len), inside(w, ws, len), inside(u, us, len - 1), out.byteOffset);
        },
      } satisfies Reduction;
    },
  };
}
