import { describe, expect, it } from 'vitest';
import { botDetailRequest, MAX_BOT_SYMBOLS, STRATEGY_FAMILY_NAMES } from '../../../src-shared/ipc/bot-detail-schemas.js';
import { saveBotRequest } from '../../../src-shared/ipc/bots-schemas.js';
import { STRATEGY_FAMILIES } from '../../../src-main/kernel/strategy/types.js';
import { STRATEGIES } from '../../../src-main/strategies/index.js';

describe('bot detail schemas', () => {
  it('names the same strategy families as the kernel, and every registered strategy has one of them', () => {
    expect([...STRATEGY_FAMILY_NAMES]).toEqual([...STRATEGY_FAMILIES]);
    for (const d of STRATEGIES.values()) expect(STRATEGY_FAMILY_NAMES).toContain(d.family ?? 'stock');
  });

  it('a detail request takes a bot id and a bounded limit (200 by default)', () => {
    expect(botDetailRequest.parse({ id: 'bot-1a2b' })).toEqual({ id: 'bot-1a2b', limit: 200 });
    expect(botDetailRequest.safeParse({ id: 'bot 1' }).success).toBe(false);
    expect(botDetailRequest.safeParse({ id: 'bot-1', limit: 0 }).success).toBe(false);
    expect(botDetailRequest.safeParse({ id: 'bot-1', limit: 1001 }).success).toBe(false);
    expect(botDetailRequest.safeParse({ id: 'bot-1', extra: true }).success).toBe(false);
  });

  it('a bot may trade a universe of sixty and more symbols, up to the limit', () => {
    const symbols = (count: number) => Array.from({ length: count }, (_, i) => `S${i}`);
    const save = (count: number) => saveBotRequest.safeParse({ name: 'm', strategy: 'momentum', symbols: symbols(count) }).success;
    expect(save(67)).toBe(true);
    expect(save(MAX_BOT_SYMBOLS)).toBe(true);
    expect(save(MAX_BOT_SYMBOLS + 1)).toBe(false);
  });
});
