/**
 * The words of the local exchange's synthetic headlines. Each template states the direction of the move that
 * produced it in plain market-wire wording, so a word-list scorer reads the sign the market moved in (a unit test
 * checks every template against src-main/news/sentiment.ts). `{name}`, `{symbol}` and `{pct}` are filled in.
 */
export type HeadlineKind = 'intraday' | 'close';

const UP_INTRADAY = [
  '{name} ({symbol}) shares jump {pct}% as buyers pile in',
  '{name} stock surges {pct}% in heavy trading',
  '{symbol} rallies {pct}% as traders point to strong demand',
  '{name} ({symbol}) climbs {pct}% in a sharp intraday advance',
] as const;
const DOWN_INTRADAY = [
  '{name} ({symbol}) shares tumble {pct}% as sellers take over',
  '{name} stock plunges {pct}% in heavy trading',
  '{symbol} slides {pct}% as traders point to weak demand',
  '{name} ({symbol}) falls {pct}% as concerns mount',
] as const;
const UP_CLOSE = [
  '{name} ({symbol}) shares close {pct}% higher in a strong session',
  '{name} soars {pct}% on the day, gains outpace the market',
] as const;
const DOWN_CLOSE = [
  '{name} ({symbol}) shares close {pct}% lower after steep losses',
  '{name} sinks {pct}% on the day, losses outpace the market',
] as const;

export function templatesFor(kind: HeadlineKind, up: boolean): readonly string[] {
  if (kind === 'intraday') return up ? UP_INTRADAY : DOWN_INTRADAY;
  return up ? UP_CLOSE : DOWN_CLOSE;
}

export function fillTemplate(template: string, values: { name: string; symbol: string; pct: string }): string {
  return template.replaceAll('{name}', values.name).replaceAll('{symbol}', values.symbol).replaceAll('{pct}', values.pct);
}
