import type { StrategyFamilyName } from '../../../src-shared/ipc/bot-detail-schemas.js';

/** The founding design's bot families, in its order, as the Bots tab names and groups them. */
export const FAMILY_GROUPS: ReadonlyArray<{ family: StrategyFamilyName; label: string; always: boolean }> = [
  { family: 'stock', label: 'StockBot', always: true },
  { family: 'arbitrage', label: 'ArbitrageBot', always: true },
  { family: 'options', label: 'OptionsBot', always: true },
  { family: 'microstructure', label: 'Microstructure', always: true },
  { family: 'ml', label: 'ML', always: false },
  { family: 'ensemble', label: 'Ensemble', always: false },
];

export function familyLabel(family: StrategyFamilyName | undefined): string {
  return FAMILY_GROUPS.find((g) => g.family === (family ?? 'stock'))?.label ?? String(family);
}
