import type { Database } from 'better-sqlite3';
import type { ScoredOutcome, SignalSource, VolatilityRegime } from './signal.js';

interface Row {
  strategy: string;
  symbol: string;
  generated_at: number;
  direction: 'up' | 'down';
  source: SignalSource;
  raw_confidence: number;
  magnitude: number | null;
  regime: VolatilityRegime;
  ended_at: number;
  horizon_bars: number;
  realized_return: number;
  hit: number;
  magnitude_error: number | null;
}

/** The scanner's record of scored signals in workstation.sqlite (migration 0009). */
export class OutcomeStore {
  private readonly upsert;
  private readonly byStrategy;
  private readonly all;

  constructor(private readonly db: Database) {
    this.upsert = db.prepare(
      `INSERT OR REPLACE INTO insight_outcomes (strategy, symbol, generated_at, direction, source, raw_confidence, magnitude, regime, ended_at,
        horizon_bars, realized_return, hit, magnitude_error) VALUES (@strategy, @symbol, @generated_at, @direction, @source, @raw_confidence,
        @magnitude, @regime, @ended_at, @horizon_bars, @realized_return, @hit, @magnitude_error)`,
    );
    this.byStrategy = db.prepare('SELECT * FROM insight_outcomes WHERE strategy = ? AND ended_at <= ? ORDER BY ended_at');
    this.all = db.prepare('SELECT * FROM insight_outcomes WHERE ended_at <= ? ORDER BY ended_at');
  }

  /** Stores outcomes (a signal scored again replaces its row); one transaction. */
  save(outcomes: readonly ScoredOutcome[]): void {
    this.db.transaction(() => {
      for (const o of outcomes) {
        this.upsert.run({
          strategy: o.strategy,
          symbol: o.symbol,
          generated_at: o.generatedAt,
          direction: o.direction,
          source: o.source,
          raw_confidence: o.rawConfidence,
          magnitude: o.magnitude,
          regime: o.regime,
          ended_at: o.endedAt,
          horizon_bars: o.horizonBars,
          realized_return: o.realizedReturn,
          hit: o.hit ? 1 : 0,
          magnitude_error: o.magnitudeError,
        });
      }
    })();
  }

  /** Outcomes ended by `until` (default: all), oldest end first; of one strategy when named. */
  list(options: { strategy?: string; until?: number } = {}): ScoredOutcome[] {
    const until = options.until ?? Number.MAX_SAFE_INTEGER;
    const rows = (options.strategy === undefined ? this.all.all(until) : this.byStrategy.all(options.strategy, until)) as Row[];
    return rows.map((r) => ({
      strategy: r.strategy,
      symbol: r.symbol,
      direction: r.direction,
      source: r.source,
      rawConfidence: r.raw_confidence,
      magnitude: r.magnitude,
      regime: r.regime,
      generatedAt: r.generated_at,
      endedAt: r.ended_at,
      horizonBars: r.horizon_bars,
      realizedReturn: r.realized_return,
      hit: r.hit === 1,
      magnitudeError: r.magnitude_error,
    }));
  }
}
