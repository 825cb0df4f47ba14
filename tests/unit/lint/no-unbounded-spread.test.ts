import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * Spreading an array into a call (`Math.min(...values)`, `list.push(...items)`, `String.fromCharCode(...codes)`)
 * puts every element on the stack as an argument: past about 100k elements V8 throws "Maximum call stack size
 * exceeded". A 1M-bar backtest died that way in its report. This check fails on any spread argument in a call or
 * `new` whose length the code does not bound by its own shape: allowed are array literals (`f(...[a, b])`,
 * `f(...(x ? [a] : []))`) and a function's own rest parameter passed on (its length is the caller's argument count).
 */

const root = resolve(__dirname, '../../..');
const ROOTS = ['src-main', 'src-shared', 'src-renderer', 'bench', 'scripts'];

function* sourceFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'dist') continue;
    if (statSync(path).isDirectory()) yield* sourceFiles(path);
    else if (/\.(ts|tsx|mts|mjs|js|cjs)$/.test(name) && !name.endsWith('.d.ts')) yield path;
  }
}

function isRestParameterOf(name: string, node: ts.Node): boolean {
  for (let at: ts.Node | undefined = node; at; at = at.parent) {
    if (ts.isFunctionLike(at) && at.parameters.some((p) => p.dotDotDotToken && ts.isIdentifier(p.name) && p.name.text === name)) return true;
  }
  return false;
}

function bounded(expression: ts.Expression, at: ts.Node): boolean {
  if (ts.isParenthesizedExpression(expression)) return bounded(expression.expression, at);
  if (ts.isArrayLiteralExpression(expression)) return true;
  if (ts.isConditionalExpression(expression)) return bounded(expression.whenTrue, at) && bounded(expression.whenFalse, at);
  if (ts.isIdentifier(expression)) return isRestParameterOf(expression.text, at);
  return false;
}

/** `file:line: text` for each unbounded spread argument in the source text. */
function unboundedSpreads(file: string, text: string): string[] {
  const kind = file.endsWith('.tsx') ? ts.ScriptKind.TSX : file.endsWith('.ts') || file.endsWith('.mts') ? ts.ScriptKind.TS : ts.ScriptKind.JS;
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && node.arguments) {
      for (const argument of node.arguments) {
        if (ts.isSpreadElement(argument) && !bounded(argument.expression, argument)) {
          const line = source.getLineAndCharacterOfPosition(argument.getStart(source)).line + 1;
          found.push(`${file}:${line}: ${node.getText(source).replace(/\s+/g, ' ').slice(0, 100)}`);
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('no unbounded spread into a call', () => {
  it.each([
    ['Math.min over a variable', 'const lo = Math.min(...values);'],
    ['Math.max over a map', 'const hi = Math.max(0, ...rows.map((r) => r.x));'],
    ['push of another array', 'out.push(...items);'],
    ['fromCharCode of a buffer', 'const s = String.fromCharCode(...bytes);'],
    ['a method result', 'list.push(...this.close(symbol));'],
    ['a constructor', 'const d = new Foo(...args);'],
  ])('catches %s', (_what, code) => {
    expect(unboundedSpreads('x.ts', code)).toHaveLength(1);
  });

  it.each([
    ['array literals', 'f(...[a, b]); g(...(x ? [1] : []));'],
    ['a rest parameter passed on', 'const wrap = (...args: number[]) => target(...args);'],
    ['spreads that are not call arguments', 'const all = [...a, ...b]; const o = { ...p }; const s = new Set([...xs]);'],
  ])('allows %s', (_what, code) => {
    expect(unboundedSpreads('x.ts', code)).toEqual([]);
  });

  it('finds none in the source tree', () => {
    const found = ROOTS.flatMap((dir) => [...sourceFiles(join(root, dir))].flatMap((file) => unboundedSpreads(relative(root, file), readFileSync(file, 'utf8'))));
    expect(found).toEqual([]);
  });
});
