import type { AlertCondition, AlertRule } from '../../../src-shared/ipc/alerts-schemas.js';

/** A rule's condition in words, for the rules list. */
export function describeCondition(c: AlertCondition): string {
  switch (c.kind) {
    case 'price-above':
      return `${c.symbol} crosses above ${c.level}`;
    case 'price-below':
      return `${c.symbol} crosses below ${c.level}`;
    case 'percent-move':
      return `${c.symbol} moves ${c.percent}% within ${c.windowMinutes} min`;
    case 'order-filled':
      return 'an order is filled';
    case 'order-rejected':
      return 'an order is rejected';
    case 'risk-state':
      return 'the risk state changes';
    case 'data-stale':
      return `${c.symbol} data goes stale`;
    case 'disconnect':
      return 'market data disconnects';
    case 'bot-error':
      return 'a bot stops on an error or is paused';
    case 'indicator': {
      const params = Object.values(c.params).join(',');
      return `${c.indicator.toUpperCase()}${params ? `(${params})` : ''}${c.output ? `.${c.output}` : ''} of ${c.symbol} on ${c.timeframe} ${c.direction === 'crosses-above' ? 'crosses above' : 'crosses below'} ${c.level}`;
    }
  }
}

/** How often a rule may fire, in words. */
export function describeRepeat(rule: Pick<AlertRule, 'repeat' | 'cooldownSeconds'>): string {
  if (rule.repeat === 'once') return 'once, then off';
  if (rule.cooldownSeconds === 0) return 'every time';
  const s = rule.cooldownSeconds;
  return `at most every ${s % 60 === 0 ? `${s / 60} min` : `${s} s`}`;
}
