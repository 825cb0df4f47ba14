import { z } from 'zod';
import type { Bar } from '../../../src-shared/domain/bar.js';
import { DissimilarityCheck } from '../../ml/dissimilarity.js';
import { FeaturePipeline, featureSet, setLookback, usesNews } from '../../ml/features/feature-sets.js';
import { SymbolNews } from './symbol-news.js';
import { compilePredictor, predictorSteps } from '../../ml/predictor.js';
import { defineStrategy, type StrategyContext, type StrategyDefinition, type StrategyHeadline } from '../../kernel/strategy/types.js';
import { PositionKeeper } from '../stock/position-keeper.js';
import { EXAMPLE_MODEL } from './example-model.js';
import { predictorOf, type SignalModel } from './signal-model.js';

const params = z.object({
  buyAbove: z.number().min(0.5).max(0.95).default(0.55).describe('buy when the model gives the up move at least this probability'),
  sellBelow: z.number().min(0.05).max(0.6).default(0.5).describe('sell the position when the probability falls below this'),
  fullAt: z.number().min(0.51).max(1).default(0.65).describe('probability at which the whole allocation is used (size grows linearly from 0.5)'),
  allocation: z.number().min(0.05).max(1).default(0.95).describe('largest fraction of equity put in one position'),
});
type Params = z.output<typeof params>;

/**
 * The founding design's "MachineLearningPredictor": trades a classifier's probability that the close rises over
 * the model's horizon. Each symbol's bars stream through the model's own feature set (the code that built its
 * training rows); long-only: buy above `buyAbove`, sized by confidence, sell below `sellBelow`. An input whose
 * dissimilarity index is above the model's threshold (unlike anything it was trained on) is logged and never
 * acted on: no entry and no exit is decided from it. Orders are market orders at the bar's close (they fill at
 * the next bar in a backtest). A network reads the last `steps` feature rows of its symbol (the current one last).
 * A model whose feature set reads news declares the 'news' need and feeds each symbol's headlines (onNews) to its
 * news features as they arrive, so a backtest or a bot sees the sentiment its training rows saw.
 */
export function createMlSignal(model: SignalModel, name = 'ml-signal'): StrategyDefinition<typeof params> {
  const defs = featureSet(model.featureSet);
  const names = defs.map((d) => d.name);
  if (names.join(',') !== model.features.join(',')) {
    throw new Error(`model ${model.name}@${model.version} lists features ${model.features.join(',')} but set "${model.featureSet}" now gives ${names.join(',')}; retrain it`);
  }
  const predictor = predictorOf(model);
  // Compiled once: flattened trees and a dissimilarity test that allocates nothing (ml-signal predicts every bar).
  const predict = compilePredictor(predictor);
  const unlike = new DissimilarityCheck(model.dissimilarity);
  const steps = predictorSteps(predictor);
  const f = names.length;
  const algorithm = predictor.kind === 'trees' ? predictor.trees.algorithm : predictor.kind === 'average' ? 'ensemble' : predictor.network.kind;
  const lookback = setLookback(defs) + steps - 1;
  // Only a model trained with news asks for it: the others get no onNews handler and pay nothing.
  const withNews = usesNews(defs);
  return defineStrategy({
    name,
    description: `Long-only on an ML model's up-probability (${model.name}@${model.version}: ${algorithm}, ${model.horizon}-bar horizon), sized by confidence; inputs unlike the training data are skipped`,
    family: 'ml',
    needs: withNews ? ['bars', 'news'] : ['bars'],
    minSymbols: 1,
    params,
    timeframe: '1Day',
    universe: [],
    warmup: () => lookback + 1,
    create(p: Params, ctx: StrategyContext) {
      const keeper = new PositionKeeper(ctx);
      // Per symbol: its feature pipeline and the last `steps` complete feature rows, oldest first (a network's window).
      const states = new Map<string, { pipe: FeaturePipeline; rows: Float64Array; filled: number }>();
      // The last symbol's state, so a single-symbol run skips the map lookup every bar.
      let lastSymbol = '';
      let last: { pipe: FeaturePipeline; rows: Float64Array; filled: number } | undefined;
      let flagged = 0;
      // Per symbol, the headlines received so far, which its news features read as they grow.
      const news = withNews ? new SymbolNews(ctx.universe) : undefined;
      return {
        ...(news ? { onNews: (h: Readonly<StrategyHeadline>) => news.onNews(h) } : {}),
        onBar(symbol: string, bar: Readonly<Bar>) {
          let state = symbol === lastSymbol ? last : states.get(symbol);
          if (!state) {
            state = { pipe: new FeaturePipeline(defs, news ? { liveNews: news.of(symbol) } : {}), rows: new Float64Array(steps * f), filled: 0 };
            states.set(symbol, state);
          }
          lastSymbol = symbol;
          last = state;
          news?.onBar(symbol, bar.t);
          const row = state.pipe.update(bar);
          for (let j = 0; j < f; j++) if (!Number.isFinite(row[j]!)) return;
          // A one-row window is the row itself (predicted in place); a longer one shifts and takes the row last.
          if (steps > 1) {
            state.rows.copyWithin(0, f);
            state.rows.set(row, (steps - 1) * f);
          }
          state.filled = Math.min(steps, state.filled + 1);
          if (state.filled < steps) return;
          if (unlike.exceeds(row)) {
            if (flagged++ % 50 === 0) ctx.log.warn('input unlike the training data: prediction not acted on', { symbol, flagged });
            return;
          }
          const prob = predict(steps > 1 ? state.rows : row, 0);
          const held = ctx.portfolio.position(symbol);
          if (held === 0 && prob >= p.buyAbove) {
            const size = p.allocation * Math.min(1, (prob - 0.5) / (p.fullAt - 0.5));
            keeper.buy(symbol, keeper.sharesFor(size, bar.c));
          } else if (held > 0 && prob < p.sellBelow) {
            keeper.sell(symbol);
          }
        },
        onFill: (fill) => keeper.onFill(fill),
        onOrderUpdate: (u) => keeper.onOrderUpdate(u),
      };
    },
  });
}

/** ml-signal with the model shipped with the app (models/example/1), so demo and backtests run it out of the box. */
export const mlSignal = createMlSignal(EXAMPLE_MODEL);
