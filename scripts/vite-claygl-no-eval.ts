import type { Plugin } from 'vite';

type SizeFn = (width: number, height: number, dpr: number) => number | number[];

/**
 * Compiles claygl's compositor size expressions ("expr(width * dpr / 4)", "expr([width / 2, height / 2])") without
 * `new Function`: numbers, width, height, dpr, + - * /, parentheses and one array literal. Self-contained (no
 * outside names): its source text is put into claygl's module by the plugin below.
 */
export function compileSizeExpr(source: string): SizeFn {
  const tokens = source.match(/\d+(?:\.\d+)?|[A-Za-z_]+|[-+*/()[\],]/g) ?? [];
  if (tokens.join('') !== source.replace(/\s+/g, '')) throw new Error(`Invalid expression: ${source}`);
  let at = 0;
  const peek = (): string | undefined => tokens[at];
  const take = (expected?: string): string => {
    const token = tokens[at++];
    if (token === undefined || (expected !== undefined && token !== expected)) throw new Error(`Invalid expression: ${source}`);
    return token;
  };
  type Node = (w: number, h: number, d: number) => number;
  const atom = (): Node => {
    const token = take();
    if (token === '(') {
      const inner = sum();
      take(')');
      return inner;
    }
    if (token === '-') {
      const inner = atom();
      return (w, h, d) => -inner(w, h, d);
    }
    if (token === 'width') return (w) => w;
    if (token === 'height') return (_w, h) => h;
    if (token === 'dpr') return (_w, _h, d) => d;
    if (/^\d/.test(token)) {
      const value = Number(token);
      return () => value;
    }
    throw new Error(`Invalid expression: ${source}`);
  };
  const product = (): Node => {
    let left = atom();
    while (peek() === '*' || peek() === '/') {
      const op = take();
      const a = left;
      const b = atom();
      left = op === '*' ? (w, h, d) => a(w, h, d) * b(w, h, d) : (w, h, d) => a(w, h, d) / b(w, h, d);
    }
    return left;
  };
  const sum = (): Node => {
    let left = product();
    while (peek() === '+' || peek() === '-') {
      const op = take();
      const a = left;
      const b = product();
      left = op === '+' ? (w, h, d) => a(w, h, d) + b(w, h, d) : (w, h, d) => a(w, h, d) - b(w, h, d);
    }
    return left;
  };
  let result: SizeFn;
  if (peek() === '[') {
    take('[');
    const items = [sum()];
    while (peek() === ',') {
      take(',');
      items.push(sum());
    }
    take(']');
    result = (w, h, d) => items.map((item) => item(w, h, d));
  } else {
    const single = sum();
    result = (w, h, d) => single(w, h, d);
  }
  if (at !== tokens.length) throw new Error(`Invalid expression: ${source}`);
  return result;
}

const TARGET = /claygl[\\/]src[\\/]createCompositor\.js$/;
const EVAL = "new Function('width', 'height', 'dpr', 'return ' + exprRes[1])";

/**
 * The renderer's Content-Security-Policy allows no eval, and claygl (echarts-gl's WebGL engine) compiles its
 * compositor's size expressions with `new Function`, so the 3D chart failed with "Invalid expression.". This swaps
 * that one call for compileSizeExpr: same sizes, no eval, the CSP unchanged. The build fails if claygl changes.
 */
export function clayglNoEval(): Plugin {
  return {
    name: 'claygl-no-eval',
    transform(code, id) {
      if (!TARGET.test(id)) return undefined;
      if (!code.includes(EVAL)) throw new Error(`claygl's createCompositor.js no longer contains ${EVAL}: check the CSP workaround in scripts/vite-claygl-no-eval.ts`);
      return { code: `${code.replace(EVAL, '__compileSizeExpr(exprRes[1])')}\nvar __compileSizeExpr = ${compileSizeExpr.toString()};\n`, map: null };
    },
  };
}
