/**
 * JSON shape comparison for conformance tests: two payloads have the same shape when they have the same keys
 * and the same JSON types, recursively; values are ignored. Used to check the local exchange's answers against
 * the recorded Alpaca payloads in ../shared/alpaca-contract/.
 */
export type Shape =
  | 'null'
  | 'boolean'
  | 'number'
  | 'string'
  | { array: Shape | 'empty' }
  | { object: Record<string, Shape> };

export interface ShapeOptions {
  /**
   * Keys whose values are maps keyed by data (symbols, ids): their entries are compared as one merged entry
   * shape, so `{AAPL: bar}` and `{MSFT: bar}` match.
   */
  mapKeys?: readonly string[];
  /** When set, the actual payload may carry keys the recorded one lacks (recordings of older API versions). */
  allowExtraKeys?: boolean;
  /** Treat the top-level object itself as a data-keyed map. */
  topLevelMap?: boolean;
}

/** The shape of a JSON value; an array's shape merges its elements' shapes. */
export function shapeOf(value: unknown, options: ShapeOptions = {}, key?: string, topLevel = true): Shape {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'string') return 'string';
  if (Array.isArray(value)) {
    if (value.length === 0) return { array: 'empty' };
    return { array: value.map((item): Shape => shapeOf(item, options, undefined, false)).reduce(mergeShapes) };
  }
  const entries = Object.entries(value as Record<string, unknown>);
  const isMap = (topLevel && options.topLevelMap === true) || (key !== undefined && (options.mapKeys ?? []).includes(key));
  if (isMap) {
    const merged: Shape[] = entries
      .map(([, item]) => shapeOf(item, options, undefined, false))
      .filter((s) => s !== 'null');
    if (merged.length === 0) return { object: {} };
    return { object: { '*': merged.reduce(mergeShapes) } };
  }
  const object: Record<string, Shape> = {};
  for (const [k, item] of entries) object[k] = shapeOf(item, options, k, false);
  return { object };
}

/** Merges two element shapes (keys of objects are united; a null merges into anything). */
function mergeShapes(a: Shape, b: Shape): Shape {
  if (a === 'null') return b;
  if (b === 'null') return a;
  if (typeof a === 'string' || typeof b === 'string') return a;
  if ('array' in a && 'array' in b) {
    if (a.array === 'empty') return b;
    if (b.array === 'empty') return a;
    return { array: mergeShapes(a.array, b.array) };
  }
  if ('object' in a && 'object' in b) {
    const object: Record<string, Shape> = { ...a.object };
    for (const [k, s] of Object.entries(b.object)) object[k] = k in object ? mergeShapes(object[k] as Shape, s) : s;
    return { object };
  }
  return a;
}

/** Lists the differences between an actual shape and a recorded one ('' when they agree). */
export function shapeDifferences(actual: Shape, recorded: Shape, options: ShapeOptions = {}, path = '$'): string[] {
  if (recorded === 'null' || actual === 'null') return [];
  if (typeof recorded === 'string' || typeof actual === 'string') {
    return recorded === actual ? [] : [`${path}: expected ${describe(recorded)}, got ${describe(actual)}`];
  }
  if ('array' in recorded) {
    if (!('array' in actual)) return [`${path}: expected array, got ${describe(actual)}`];
    if (recorded.array === 'empty' || actual.array === 'empty') return [];
    return shapeDifferences(actual.array, recorded.array, options, `${path}[]`);
  }
  if (!('object' in actual)) return [`${path}: expected object, got ${describe(actual)}`];
  const diffs: string[] = [];
  const recordedKeys = Object.keys(recorded.object);
  const actualKeys = Object.keys(actual.object);
  // An empty data-keyed map says nothing about its entries' shape.
  if (recordedKeys.length === 1 && recordedKeys[0] === '*' && actualKeys.length === 0) return [];
  if (actualKeys.length === 1 && actualKeys[0] === '*' && recordedKeys.length === 0) return [];
  for (const k of recordedKeys) {
    if (!(k in actual.object)) diffs.push(`${path}.${k}: missing`);
    else diffs.push(...shapeDifferences(actual.object[k] as Shape, recorded.object[k] as Shape, options, `${path}.${k}`));
  }
  if (!options.allowExtraKeys) for (const k of actualKeys) if (!(k in recorded.object)) diffs.push(`${path}.${k}: unexpected`);
  return diffs;
}

function describe(shape: Shape): string {
  if (typeof shape === 'string') return shape;
  return 'array' in shape ? 'array' : 'object';
}

/** Throws with every difference when `actual` does not have the recorded payload's shape. */
export function expectSameShape(actual: unknown, recorded: unknown, options: ShapeOptions = {}): void {
  const diffs = shapeDifferences(shapeOf(actual, options), shapeOf(recorded, options), options);
  if (diffs.length > 0) throw new Error(`JSON shape differs from the recording:\n  ${diffs.join('\n  ')}`);
}
