import type { AlertRule } from '../../src-shared/ipc/alerts-schemas.js';

/**
 * How often each rule may fire, applied after the rule engine matched: a 'once' rule fires one time (the service
 * then turns it off), a 'cooldown' rule stays quiet for its cooldown after each firing. Times are the events' own
 * (a trade's time, the exchange's clock), so a simulated clock and the firings' stored times agree. Pure: no clock.
 */
export class AlertThrottle {
  private readonly lastFired = new Map<string, number>();

  /** Whether the rule may fire for an event at `at`. */
  admits(rule: Pick<AlertRule, 'id' | 'repeat' | 'cooldownSeconds'>, at: number): boolean {
    const last = this.lastFired.get(rule.id);
    if (last === undefined) return true;
    if (rule.repeat === 'once') return false;
    return at - last >= rule.cooldownSeconds * 1000 || at < last;
  }

  fired(ruleId: string, at: number): void {
    this.lastFired.set(ruleId, at);
  }

  /** A saved (changed) rule starts afresh; a deleted one is forgotten. */
  reset(ruleId: string): void {
    this.lastFired.delete(ruleId);
  }
}
