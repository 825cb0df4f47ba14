import type { MlModelSummary } from '../../../src-shared/ipc/ml-schemas.js';
import { CalibrationCurve, ImportanceBars } from './ml-charts.js';

const fmt = (v: number | null | undefined, d = 3) => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(d) : '-');
const KEYS = ['auc', 'accuracy', 'logLoss', 'baseRate', 'ic', 'rmse'];

/** A model's card: what it reads and predicts, what it was trained on, its purged walk-forward folds and more. */
export function ModelCard({ model }: { model: MlModelSummary }) {
  const keys = KEYS.filter((k) => model.oos && k in model.oos);
  return (
    <section className="ml-card" data-testid="ml-card">
      <h3 data-testid="ml-card-title">
        {model.ref} <span className="ml-hint">[{model.source}]</span>
      </h3>
      <div className="ml-card-facts">
        <span data-testid="ml-card-algorithm">{model.algorithm}{model.members ? ` (average of ${model.members.join(' + ')})` : ''}</span>
        <span>label {model.label.kind}, {model.label.horizon} bars ahead</span>
        <span>features {model.featureSet} ({model.features.length}){model.steps > 1 ? `, windows of ${model.steps} bars` : ''}</span>
        <span>trained on {model.symbols.join(', ')} {model.from}..{model.to}, {model.rows} rows</span>
        {model.permutedLabels ? <span className="ml-warn">PERMUTED labels (a control: must show no edge)</span> : null}
      </div>
      {model.oos ? (
        <table className="ml-folds" data-testid="ml-folds">
          <caption>{model.method}</caption>
          <thead>
            <tr>
              <th>fold</th>
              <th>test window</th>
              <th>train rows</th>
              <th>purged</th>
              {keys.map((k) => <th key={k}>{k}</th>)}
            </tr>
          </thead>
          <tbody>
            {model.folds.map((f) => (
              <tr key={f.fold} data-testid="ml-fold-row">
                <td>{f.fold}</td>
                <td>{f.from}..{f.to}</td>
                <td>{f.trainRows}</td>
                <td>{f.purged + f.embargoed}</td>
                {keys.map((k) => <td key={k}>{fmt(f.metrics[k])}</td>)}
              </tr>
            ))}
            <tr className="ml-oos" data-testid="ml-oos-row">
              <td colSpan={4}>out of sample (all folds pooled)</td>
              {keys.map((k) => <td key={k}>{fmt(model.oos![k])}</td>)}
            </tr>
          </tbody>
        </table>
      ) : (
        <div className="ml-hint">No evaluation recorded on this card.</div>
      )}
      <div className="ml-figures">
        <ImportanceBars model={model} />
        <CalibrationCurve model={model} />
      </div>
    </section>
  );
}
