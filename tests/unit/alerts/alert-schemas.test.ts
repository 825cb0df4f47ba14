import { describe, expect, it } from 'vitest';
import { saveAlertRuleRequest, webhookUrl } from '../../../src-shared/ipc/alerts-schemas.js';

describe('alert schemas', () => {
  it.each(['https://hooks.example.com/alerts?x=1', 'https://example.com', 'http://127.0.0.1:8080/hook', 'http://localhost/hook'])('accepts the webhook %s', (url) => {
    expect(webhookUrl.safeParse(url).success).toBe(true);
  });

  it.each(['http://example.com/hook', 'https://user:pw@example.com/', 'https://a.com@evil.example/', 'ftp://example.com/', 'javascript:alert(1)', 'https://exa mple.com/'])(
    'refuses the webhook %s',
    (url) => {
      expect(webhookUrl.safeParse(url).success).toBe(false);
    },
  );

  it('upper-cases and checks symbols, and fills defaults', () => {
    const parsed = saveAlertRuleRequest.parse({ name: ' AAPL up ', condition: { kind: 'price-above', symbol: 'aapl', level: 190 } });
    expect(parsed).toEqual({ name: 'AAPL up', condition: { kind: 'price-above', symbol: 'AAPL', level: 190 }, enabled: true, webhookUrl: null, repeat: 'cooldown' });
    expect(saveAlertRuleRequest.safeParse({ name: 'x', condition: { kind: 'price-above', symbol: 'AAPL', level: -1 } }).success).toBe(false);
    expect(saveAlertRuleRequest.safeParse({ name: 'x', condition: { kind: 'percent-move', symbol: 'AAPL', percent: 1, windowMinutes: 0 } }).success).toBe(false);
  });
});
