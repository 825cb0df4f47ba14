import { describe, expect, it } from 'vitest';
import { APP_INDEX_URL, isAppUrl, isCallId, isTrustedSender } from '../../../src-main/electron/sender-check.js';

describe('isTrustedSender', () => {
  it('trusts the main frame on the app origin', () => {
    expect(isTrustedSender(APP_INDEX_URL, true)).toBe(true);
    expect(isTrustedSender('app://workstation/', true)).toBe(true);
    expect(isTrustedSender('app://workstation/some/route?x=1#frag', true)).toBe(true);
    expect(isTrustedSender('app://WORKSTATION/index.html', true)).toBe(true);
  });

  it('refuses sub-frames even on the app origin', () => {
    expect(isTrustedSender(APP_INDEX_URL, false)).toBe(false);
  });

  it.each([
    'https://workstation/index.html',
    'http://localhost:5173/',
    'file:///index.html',
    'app://evil/index.html',
    'app://workstation.evil.com/',
    'app://workstation:8080/',
    'app://user:pass@workstation/',
    'app://user@workstation/',
    'devtools://devtools/bundled/index.html',
    'about:blank',
    'data:text/html,hi',
    'javascript:alert(1)',
    '',
    'not a url',
  ])('refuses %s', (url) => {
    expect(isTrustedSender(url, true)).toBe(false);
  });

  it('refuses values that are not strings', () => {
    expect(isAppUrl(undefined)).toBe(false);
    expect(isAppUrl(null)).toBe(false);
    expect(isAppUrl({ toString: () => APP_INDEX_URL })).toBe(false);
    expect(isTrustedSender(`${APP_INDEX_URL}?${'x'.repeat(10_000)}`, true)).toBe(false);
  });
});

describe('isCallId', () => {
  it('accepts non-negative safe integers only', () => {
    expect(isCallId(0)).toBe(true);
    expect(isCallId(42)).toBe(true);
    expect(isCallId(Number.MAX_SAFE_INTEGER)).toBe(true);
    for (const bad of [-1, 1.5, Number.NaN, Infinity, Number.MAX_SAFE_INTEGER + 1, '1', null, undefined]) {
      expect(isCallId(bad)).toBe(false);
    }
  });
});
