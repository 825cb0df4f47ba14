import './ml.css';
import { useCallback, useState } from 'react';
import type { MlModelSummary } from '../../../src-shared/ipc/ml-schemas.js';
import { ModelCard } from './model-card.js';
import { PredictionsTable } from './predictions-table.js';
import { TrainForm } from './train-form.js';
import { useModels, useTraining, useWatchlistSymbols } from './use-ml.js';

const auc = (m: MlModelSummary) => (typeof m.oos?.auc === 'number' ? m.oos.auc.toFixed(3) : typeof m.oos?.ic === 'number' ? `IC ${m.oos.ic.toFixed(3)}` : '-');

/**
 * The ML tab: the model registry (shipped and the trader's), a model's card with its purged walk-forward folds,
 * feature importance and calibration curve; a training form (trained in main's ML worker, progress and cancel);
 * live predictions of the chosen model for the watchlist.
 */
export function MlTab() {
  const { models, error, refresh } = useModels();
  const [picked, setPicked] = useState<string | null>(null);
  const symbols = useWatchlistSymbols();
  const onTrained = useCallback(
    (m: MlModelSummary) => {
      refresh();
      setPicked(m.ref);
    },
    [refresh],
  );
  const training = useTraining(onTrained);
  const chosen = models.find((m) => m.ref === picked) ?? models[0] ?? null;

  return (
    <div className="tab-body ml-tab" data-testid="ml-tab">
      <aside className="ml-side">
        <h3>Models</h3>
        {error ? <div className="inline-error">{error}</div> : null}
        <table className="ml-table" data-testid="ml-models">
          <thead>
            <tr>
              <th>model</th>
              <th>kind</th>
              <th>OOS AUC</th>
            </tr>
          </thead>
          <tbody>
            {models.map((m) => (
              <tr key={m.ref} data-testid="ml-model-row" aria-selected={m.ref === chosen?.ref} className={m.ref === chosen?.ref ? 'ml-selected' : undefined} onClick={() => setPicked(m.ref)}>
                <td>{m.ref}</td>
                <td>{m.algorithm}</td>
                <td>{auc(m)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <TrainForm defaultSymbols={symbols} running={training.running} progress={training.progress} error={training.error} onTrain={training.start} onCancel={training.cancel} />
      </aside>
      <main className="ml-main">
        {chosen ? (
          <>
            <ModelCard model={chosen} />
            <PredictionsTable model={chosen} symbols={symbols} />
          </>
        ) : (
          <div className="ml-hint">No model yet: train one with the form.</div>
        )}
      </main>
    </div>
  );
}
