import { describe, expect, it } from 'vitest';
import { expectSameShape, shapeOf } from '../../support/json-shape.js';

describe('json shape', () => {
  it('ignores values and compares keys and types recursively', () => {
    expect(() => expectSameShape({ a: 1, b: ['x'], c: { d: true } }, { a: 2, b: ['y', 'z'], c: { d: false } })).not.toThrow();
    expect(() => expectSameShape({ a: '1' }, { a: 1 })).toThrow(/expected number, got string/);
    expect(() => expectSameShape({ a: 1, extra: 1 }, { a: 1 })).toThrow(/unexpected/);
    expect(() => expectSameShape({ a: 1, extra: 1 }, { a: 1 }, { allowExtraKeys: true })).not.toThrow();
    expect(() => expectSameShape({}, { a: 1 })).toThrow(/missing/);
  });

  it('merges data-keyed maps so different symbols compare', () => {
    const options = { mapKeys: ['bars'] };
    expect(() => expectSameShape({ bars: { MSFT: [{ t: 'x' }] } }, { bars: { AAPL: [{ t: 'y' }] } }, options)).not.toThrow();
    expect(() => expectSameShape({ bars: {} }, { bars: { AAPL: [{ t: 'y' }] } }, options)).not.toThrow();
    expect(shapeOf([1, null, 2])).toEqual({ array: 'number' });
  });
});
