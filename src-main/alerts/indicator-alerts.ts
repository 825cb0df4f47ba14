import type { Timeframe } from '../../src-shared/domain/bar.js';
import { MAX_BAR_SPAN_MS } from '../history/timeframes.js';
import type { AlertRule } from '../../src-shared/ipc/alerts-schemas.js';
import { CodedError } from '../../src-shared/ipc/errors.js';
import { IndicatorParamError } from '../kernel/indicators/validate.js';
import type { Logger } from '../logging/logger.js';
import type { LiveBar, MarketDataApi } from '../market-data/types.js';
import { IndicatorCrossing, resolveIndicatorCondition, type IndicatorCondition } from './indicator-crossing.js';
import type { AlertCandidate } from './rule-engine.js';

export interface IndicatorAlertsOptions {
  marketData: () => MarketDataApi;
  /** Where crossings go: the alert service stores each once and delivers it. */
  onCandidates: (candidates: AlertCandidate[]) => void;
  log: Logger;
}

interface Watch {
  rule: AlertRule;
  condition: IndicatorCondition;
  /** The condition as text: a saved rule with the same condition keeps its warm state. */
  shape: string;
  crossing: IndicatorCrossing;
  label: string;
  /** Live bars that arrived before the warm-up history did, applied after it; undefined once warm. */
  early: LiveBar[] | undefined;
  warmupBars: number;
  /** Start of the newest live bar applied: a later bar more than one period on means bars were missed. */
  lastLiveT: number;
  /** Warm-ups after a gap in the live bars (diagnostics, tests). */
  rewarms: number;
  /** The symbol's stale flag from main, and whether it went stale since the last warm-up (bars may be missing). */
  stale: boolean;
  missed: boolean;
  release: () => void;
}

/** Checks an indicator condition against the registry; a mistake is a BAD_REQUEST in words. */
export function checkIndicatorCondition(condition: IndicatorCondition): void {
  try {
    resolveIndicatorCondition(condition);
  } catch (error) {
    if (error instanceof IndicatorParamError) throw new CodedError('BAD_REQUEST', error.message);
    throw error;
  }
}


const formatValue = (x: number): string => (Math.abs(x) >= 1000 ? x.toFixed(0) : Math.abs(x) >= 1 ? x.toFixed(2) : x.toPrecision(3));

/**
 * Indicator-condition alert rules: per rule, live interest in its symbol and timeframe through the market data
 * service (bots and alerts hear only the live market, and a reconnect's gap arrives as backfilled bars, in order),
 * the indicator warmed up from the service's history, and each crossing handed to the alert service once.
 */
export class IndicatorAlerts {
  private readonly watches = new Map<string, Watch>();

  constructor(private readonly options: IndicatorAlertsOptions) {}

  /** Follows the enabled indicator rules: starts new ones, restarts changed ones, drops the rest. */
  setRules(rules: readonly AlertRule[]): void {
    const wanted = new Map<string, { rule: AlertRule; condition: IndicatorCondition }>();
    for (const rule of rules) if (rule.enabled && rule.condition.kind === 'indicator') wanted.set(rule.id, { rule, condition: rule.condition });
    for (const [id, watch] of this.watches) {
      const next = wanted.get(id);
      if (next && JSON.stringify(next.condition) === watch.shape) {
        watch.rule = next.rule;
        continue;
      }
      watch.release();
      this.watches.delete(id);
    }
    for (const [id, { rule, condition }] of wanted) if (!this.watches.has(id)) this.start(rule, condition);
  }

  /** Rules being followed, with the indicator's latest value (health and tests). */
  state(): Array<{ ruleId: string; label: string; value: number; warm: boolean; rewarms: number }> {
    return [...this.watches.values()].map((w) => ({ ruleId: w.rule.id, label: w.label, value: w.crossing.value, warm: w.early === undefined, rewarms: w.rewarms }));
  }

  stop(): void {
    for (const watch of this.watches.values()) watch.release();
    this.watches.clear();
  }

  private start(rule: AlertRule, condition: IndicatorCondition): void {
    let resolved: ReturnType<typeof resolveIndicatorCondition>;
    try {
      resolved = resolveIndicatorCondition(condition);
    } catch (error) {
      // Saved before the registry changed, say: the rule stays stored but cannot run.
      this.options.log.warn('alerts', `indicator rule "${rule.name}" cannot run: ${error instanceof Error ? error.message : String(error)}`, { ruleId: rule.id });
      return;
    }
    const { symbol, timeframe } = condition;
    // Minute bars come complete from the stream; longer ones are followed as they form and complete when the next begins.
    const forming: Timeframe[] = timeframe === '1Min' ? [] : [timeframe];
    const watch: Watch = {
      rule,
      condition,
      shape: JSON.stringify(condition),
      crossing: new IndicatorCrossing(condition),
      label: resolved.label,
      early: [],
      warmupBars: resolved.warmupBars,
      lastLiveT: -Infinity,
      rewarms: 0,
      stale: false,
      missed: false,
      release: () => undefined,
    };
    this.watches.set(rule.id, watch);
    watch.release = this.options.marketData().subscribe(
      [symbol],
      {
        onStatus: (status) => {
          const mine = status.symbols.find((s) => s.symbol === symbol);
          if (!mine) return;
          watch.stale = mine.stale;
          if (mine.stale && watch.early === undefined) watch.missed = true;
        },
        onBar: (live) => {
          if (live.symbol !== symbol || live.timeframe !== timeframe) return;
          if (timeframe === '1Min' && live.forming) return;
          if (!watch.early) {
            this.apply(watch, live);
            return;
          }
          watch.early.push(live);
          if (watch.early.length === 1) this.warmUp(watch, live.bar.t);
        },
      },
      forming,
    );
  }

  /**
   * The history up to the first live bar, so the two meet without a gap whatever the local clock thinks the
   * market's time is (a simulated exchange runs ahead of it); then the live bars that came meanwhile.
   */
  private warmUp(watch: Watch, until: number): void {
    const { symbol, timeframe } = watch.condition;
    void this.options
      .marketData()
      .bars({ symbol, timeframe, limit: watch.warmupBars, end: until })
      .then(
        (history) => watch.crossing.warmUp(history.bars),
        (error: unknown) => this.options.log.warn('alerts', `no history to warm up "${watch.rule.name}"; it warms up on live bars`, { error: String(error) }),
      )
      .finally(() => {
        const early = watch.early ?? [];
        watch.early = undefined;
        if (this.watches.get(watch.rule.id) !== watch) return;
        for (const live of early) this.apply(watch, live);
      });
  }

  private apply(watch: Watch, live: LiveBar): void {
    // While the symbol is stale after going stale (stream down, a gap being filled) nothing is judged: the bars
    // that formed meanwhile come from history once it is fresh again.
    if (watch.missed && watch.stale) return;
    const skipped = watch.lastLiveT > -Infinity && live.bar.t > watch.lastLiveT + MAX_BAR_SPAN_MS[watch.condition.timeframe];
    if (watch.missed || skipped) {
      // Bars were missed or seen in part (the stream was down, a quiet symbol, a night): the indicator starts again
      // from history up to this bar rather than from bars that never completed here.
      watch.rewarms++;
      watch.missed = false;
      watch.crossing = new IndicatorCrossing(watch.condition);
      watch.lastLiveT = -Infinity;
      watch.early = [live];
      this.warmUp(watch, live.bar.t);
      return;
    }
    watch.lastLiveT = Math.max(watch.lastLiveT, live.bar.t);
    const event = watch.crossing.bar(live.bar, !live.forming);
    if (!event) return;
    const c = watch.condition;
    const verb = c.direction === 'crosses-above' ? 'crossed above' : 'crossed below';
    this.options.onCandidates([
      {
        rule: watch.rule,
        kind: 'indicator',
        eventKey: `indicator-${c.direction}@${event.barT}`,
        message: `${watch.label} of ${c.symbol} on ${c.timeframe} ${verb} ${formatValue(c.level)}: ${formatValue(event.previous)} → ${formatValue(event.value)} (bar of ${new Date(event.barT).toISOString().slice(0, 16)}Z)`,
        value: event.value,
        at: event.barT,
      },
    ]);
  }
}
