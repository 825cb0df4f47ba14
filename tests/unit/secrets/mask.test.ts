import { describe, expect, it } from 'vitest';
import { maskSecret } from '../../../src-main/secrets/mask.js';

describe('maskSecret', () => {
  it('shows only whether a value is set and its last four characters', () => {
    expect(maskSecret('PKABCDEFGHIJKLMN7Q2Z')).toEqual({ set: true, last4: '7Q2Z' });
    expect(maskSecret(null)).toEqual({ set: false, last4: null });
    expect(maskSecret('')).toEqual({ set: false, last4: null });
  });

  it('shows nothing of a value too short for four characters to be safe', () => {
    expect(maskSecret('abcdefgh')).toEqual({ set: true, last4: null });
  });
});
