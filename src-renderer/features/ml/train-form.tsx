import { useState } from 'react';
import { ML_FEATURE_SETS, ML_LABEL_KINDS, ML_MODEL_KINDS, type MlProgressEvent, type MlTrainRequest } from '../../../src-shared/ipc/ml-schemas.js';

interface Props {
  defaultSymbols: string[];
  running: boolean;
  progress: MlProgressEvent | null;
  error: string | null;
  onTrain(r: MlTrainRequest): void;
  onCancel(): void;
}

const isNetwork = (m: string) => m === 'lstm' || m === 'transformer';

function progressText(p: MlProgressEvent | null, running: boolean): string {
  if (!running) return '';
  if (!p) return 'starting...';
  if (p.phase === 'data') return `loading bars ${p.fold}/${p.folds}`;
  const where = p.phase === 'fold' ? `fold ${p.fold}/${p.folds}` : 'final fit';
  return `${where}: ${p.round}/${p.rounds}`;
}

/** The training form: data (symbols and bars from the current mode), features, model kind, label and horizon. */
export function TrainForm({ defaultSymbols, running, progress, error, onTrain, onCancel }: Props) {
  const [name, setName] = useState('my-model');
  const [symbols, setSymbols] = useState('');
  const [bars, setBars] = useState(1500);
  const [features, setFeatures] = useState<(typeof ML_FEATURE_SETS)[number]>('basic');
  const [model, setModel] = useState<(typeof ML_MODEL_KINDS)[number]>('gbdt');
  const [label, setLabel] = useState<(typeof ML_LABEL_KINDS)[number]>('direction');
  const [horizon, setHorizon] = useState(5);
  const [folds, setFolds] = useState(4);
  const [trees, setTrees] = useState(100);
  const [epochs, setEpochs] = useState(3);
  const [formError, setFormError] = useState<string | null>(null);
  const list = (symbols.trim() === '' ? defaultSymbols.slice(0, 3) : symbols.split(/[\s,]+/)).map((s) => s.trim().toUpperCase()).filter(Boolean);

  const submit = () => {
    if (list.length === 0) return setFormError('give at least one symbol (or add some to a watchlist)');
    if (isNetwork(model) && label === 'return') return setFormError(`the ${model} predicts a probability: choose the direction or triple-barrier label`);
    setFormError(null);
    onTrain({ name, symbols: list, bars, featureSet: features, model, label, horizon, folds, ...(isNetwork(model) ? { epochs } : { trees }) });
  };
  const pct = progress && progress.rounds > 0 ? Math.round((100 * progress.round) / progress.rounds) : 0;

  return (
    <form className="ml-form" data-testid="ml-train-form" onSubmit={(e) => (e.preventDefault(), submit())}>
      <h3>Train a model</h3>
      <label>
        Name <input data-testid="ml-name" value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <label title="Symbols whose bars (from the current mode's market data) make the training set; empty: the first three watchlist symbols">
        Symbols <input data-testid="ml-symbols" value={symbols} placeholder={defaultSymbols.slice(0, 3).join(', ')} onChange={(e) => setSymbols(e.target.value)} />
      </label>
      <label>
        Bars per symbol <input type="number" data-testid="ml-bars" min={300} max={20000} value={bars} onChange={(e) => setBars(Number(e.target.value))} />
      </label>
      <label>
        Features
        <select data-testid="ml-features" value={features} onChange={(e) => setFeatures(e.target.value as typeof features)}>
          {ML_FEATURE_SETS.map((f) => <option key={f}>{f}</option>)}
        </select>
      </label>
      <label>
        Model
        <select data-testid="ml-model-kind" value={model} onChange={(e) => setModel(e.target.value as typeof model)}>
          {ML_MODEL_KINDS.map((m) => <option key={m}>{m}</option>)}
        </select>
      </label>
      <label>
        Label
        <select data-testid="ml-label" value={label} onChange={(e) => setLabel(e.target.value as typeof label)}>
          {ML_LABEL_KINDS.map((l) => <option key={l}>{l}</option>)}
        </select>
      </label>
      <label>
        Horizon (bars) <input type="number" data-testid="ml-horizon" min={1} max={60} value={horizon} onChange={(e) => setHorizon(Number(e.target.value))} />
      </label>
      <label title="Purged walk-forward folds (each tests on a later block than it trains on)">
        Folds <input type="number" data-testid="ml-fold-count" min={2} max={10} value={folds} onChange={(e) => setFolds(Number(e.target.value))} />
      </label>
      {isNetwork(model) ? (
        <label>
          Epochs <input type="number" data-testid="ml-epochs" min={1} max={200} value={epochs} onChange={(e) => setEpochs(Number(e.target.value))} />
        </label>
      ) : (
        <label>
          Trees <input type="number" data-testid="ml-trees" min={1} max={2000} value={trees} onChange={(e) => setTrees(Number(e.target.value))} />
        </label>
      )}
      <div className="ml-actions">
        <button type="submit" className="button" data-testid="ml-train" disabled={running}>Train</button>
        <button type="button" className="button" data-testid="ml-cancel" disabled={!running} onClick={onCancel}>Cancel</button>
      </div>
      {running ? (
        <div className="ml-progress" data-testid="ml-progress">
          <progress max={100} value={pct} /> {progressText(progress, running)}
        </div>
      ) : null}
      {formError ? <div className="inline-error" data-testid="ml-form-error">{formError}</div> : null}
      {error ? <div className="inline-error" role="alert" data-testid="ml-train-error">{error}</div> : null}
    </form>
  );
}
