import type { MlModelSummary } from '../../../src-shared/ipc/ml-schemas.js';
import { usePredictions } from './use-ml.js';

const when = (t: number) => new Date(t).toISOString().slice(0, 16).replace('T', ' ');

/**
 * Live predictions of the chosen model for the watchlist, re-read every 15 s from the latest bars: probability,
 * confidence, and the dissimilarity index with its flag (an input unlike the training data is shown, never traded).
 */
export function PredictionsTable({ model, symbols }: { model: MlModelSummary; symbols: string[] }) {
  const { result, error } = usePredictions(model.ref, symbols);
  if (symbols.length === 0) return <div className="ml-hint">Add symbols to a watchlist to see live predictions.</div>;
  return (
    <section className="ml-predictions" data-testid="ml-predictions">
      <h3>Live predictions ({model.ref}, {model.output === 'probability' ? `P(up over ${model.label.horizon} bars)` : 'predicted return'})</h3>
      {error ? <div className="inline-error" data-testid="ml-predict-error">{error}</div> : null}
      {!result && !error ? <div className="ml-hint">predicting...</div> : null}
      {result ? (
        <>
          <div className="ml-hint" data-testid="ml-provider">
            onnxruntime on {result.provider}{result.cudaUnavailable ? ` (${result.cudaUnavailable})` : ''}, {result.ms.toFixed(1)} ms for {result.predictions.length} symbols
          </div>
          <table className="ml-table">
            <thead>
              <tr>
                <th>symbol</th>
                <th>bar</th>
                <th>{model.output === 'probability' ? 'probability' : 'value'}</th>
                <th>confidence</th>
                <th>dissimilarity</th>
                <th>flag</th>
              </tr>
            </thead>
            <tbody>
              {result.predictions.map((p) => (
                <tr key={p.symbol} data-testid="ml-prediction-row" className={p.flagged ? 'ml-flagged' : undefined}>
                  <td>{p.symbol}</td>
                  <td>{when(p.t)}</td>
                  <td data-testid="ml-prediction-value">{p.value.toFixed(4)}</td>
                  <td>{p.confidence === null ? '-' : p.confidence.toFixed(3)}</td>
                  <td>{p.dissimilarity.toFixed(2)}</td>
                  <td>{p.flagged ? 'unlike training data: not acted on' : ''}</td>
                </tr>
              ))}
              {result.skipped.map((s) => (
                <tr key={s.symbol} className="ml-skipped">
                  <td>{s.symbol}</td>
                  <td colSpan={5}>{s.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </section>
  );
}
