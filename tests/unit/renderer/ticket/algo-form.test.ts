import { describe, expect, it } from 'vitest';
import { algoStartRequest } from '../../../../src-shared/ipc/order-schemas.js';
import { EMPTY_ALGO, algoFieldsOf, describeAlgo, validateAlgo, type AlgoForm } from '../../../../src-renderer/features/ticket/algo-form.js';

const form = (over: Partial<AlgoForm>): AlgoForm => ({ ...EMPTY_ALGO, symbol: 'AAPL', qty: '100', ...over });

describe('the ticket algo section (form model)', () => {
  it('a TWAP: minutes become milliseconds, the request passes the contract schema main applies', () => {
    const { request, valid, errors } = validateAlgo(form({ kind: 'twap', durationMin: '30', slices: '6', limitPrice: '187.50' }));
    expect(errors).toEqual({});
    expect(valid).toBe(true);
    expect(request).toEqual({ kind: 'twap', symbol: 'AAPL', side: 'buy', qty: 100, limitPrice: '187.50', durationMs: 1_800_000, slices: 6 });
    expect(algoStartRequest.safeParse(request).success).toBe(true);
    expect(describeAlgo(request!)).toBe('TWAP buy 100 AAPL limit 187.50 over 30 min in 6 slices');
  });

  it('only the chosen kind’s inputs are sent', () => {
    expect(algoFieldsOf('pov')).toEqual(['participationPct']);
    const pov = validateAlgo(form({ kind: 'pov', participationPct: '12.5', side: 'sell' }));
    expect(pov.request).toEqual({ kind: 'pov', symbol: 'AAPL', side: 'sell', qty: 100, participation: 0.125 });
    const iceberg = validateAlgo(form({ kind: 'iceberg', limitPrice: '10', displayQty: '25' }));
    expect(iceberg.request).toEqual({ kind: 'iceberg', symbol: 'AAPL', side: 'buy', qty: 100, limitPrice: '10', displayQty: 25 });
  });

  it('a VWAP takes one weight per slice, or an even profile when blank', () => {
    expect(validateAlgo(form({ kind: 'vwap', durationMin: '10', slices: '3', profile: '3, 1,2' })).request).toMatchObject({ kind: 'vwap', slices: 3, profile: [3, 1, 2] });
    expect(validateAlgo(form({ kind: 'vwap', durationMin: '10', slices: '3' })).request).not.toHaveProperty('profile');
    expect(validateAlgo(form({ kind: 'vwap', durationMin: '10', slices: '3', profile: '1, 2' })).errors.profile).toBe('one weight per slice: 2 weights for 3 slices');
    expect(validateAlgo(form({ kind: 'vwap', durationMin: '10', slices: '2', profile: '1, x' })).errors.profile).toMatch(/^weights are non-negative numbers/);
    expect(validateAlgo(form({ kind: 'vwap', durationMin: '10', slices: '2', profile: '0, 0' })).errors.profile).toBe('at least one weight above 0');
  });

  it('says what is wrong beside each input, in words', () => {
    const empty = validateAlgo({ ...EMPTY_ALGO });
    expect(empty.valid).toBe(false);
    expect(empty.request).toBeUndefined();
    expect(empty.errors).toMatchObject({ symbol: 'symbol is required', qty: 'quantity is required' });
    expect(validateAlgo(form({ qty: '2.5' })).errors.qty).toBe('a whole number of shares, at least 1');
    expect(validateAlgo(form({ qty: '4', slices: '10' })).errors.slices).toBe('10 slices for 4 shares: at most one slice per share');
    expect(validateAlgo(form({ durationMin: '0' })).errors.durationMin).toBe('a duration in minutes, like 30');
    expect(validateAlgo(form({ limitPrice: '-1' })).errors.limitPrice).toBe('a positive price like 187.50');
    expect(validateAlgo(form({ kind: 'iceberg', displayQty: '10' })).errors.limitPrice).toBe('an iceberg needs a limit price');
    expect(validateAlgo(form({ kind: 'iceberg', limitPrice: '5', displayQty: '500' })).errors.displayQty).toBe('no more than the whole quantity');
    expect(validateAlgo(form({ kind: 'pov', participationPct: '60' })).errors.participationPct).toBe('a share of traded volume above 0 and at most 50 %');
    expect(validateAlgo(form({ symbol: 'aa pl' })).errors.symbol).toMatch(/^a symbol is letters/);
  });
});
