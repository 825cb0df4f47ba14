import type { MlModelSummary } from '../../../src-shared/ipc/ml-schemas.js';

/** Feature importance as horizontal bars (share of split gain, or of the permutation loss rise for networks). */
export function ImportanceBars({ model, top = 12 }: { model: MlModelSummary; top?: number }) {
  const rows = model.importance.slice(0, top);
  const max = rows.reduce((m, r) => Math.max(m, r.share), 0) || 1;
  return (
    <figure className="ml-figure" data-testid="ml-importance">
      <figcaption>Feature importance ({model.importanceMethod})</figcaption>
      <table className="ml-importance">
        <tbody>
          {rows.map((r) => (
            <tr key={r.feature}>
              <td>{r.feature}</td>
              <td className="ml-bar-cell">
                <span className="ml-bar" style={{ width: `${(100 * r.share) / max}%` }} />
              </td>
              <td>{(100 * r.share).toFixed(1)}%</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

const SIZE = 220;
const PAD = 28;
const scale = (v: number) => PAD + v * (SIZE - 2 * PAD);

/**
 * Calibration (reliability) of the out-of-sample predictions: each bin's mean predicted probability against the
 * observed share of up moves; on the diagonal is a model whose 0.6 means 60 %. Dot size grows with the bin's rows.
 */
export function CalibrationCurve({ model }: { model: MlModelSummary }) {
  const bins = model.calibration.filter((b) => b.rows > 0 && b.predicted !== null && b.observed !== null);
  if (bins.length === 0) return <div className="ml-hint" data-testid="ml-calibration-none">No calibration: the card has no out-of-sample probabilities (a regressor, or an older card).</div>;
  const most = bins.reduce((m, b) => Math.max(m, b.rows), 1);
  const y = (v: number) => SIZE - scale(v);
  const path = bins.map((b, i) => `${i === 0 ? 'M' : 'L'}${scale(b.predicted!).toFixed(1)},${y(b.observed!).toFixed(1)}`).join(' ');
  return (
    <figure className="ml-figure" data-testid="ml-calibration">
      <figcaption>Calibration, out of sample (predicted vs observed up share)</figcaption>
      <svg width={SIZE} height={SIZE} role="img" aria-label="calibration curve">
        <rect x={PAD} y={PAD} width={SIZE - 2 * PAD} height={SIZE - 2 * PAD} className="ml-plot-frame" />
        <line x1={scale(0)} y1={y(0)} x2={scale(1)} y2={y(1)} className="ml-diagonal" />
        <path d={path} className="ml-curve" />
        {bins.map((b) => (
          <circle key={b.from} cx={scale(b.predicted!)} cy={y(b.observed!)} r={2 + (4 * b.rows) / most} className="ml-point">
            <title>{`${b.from.toFixed(1)}-${b.to.toFixed(1)}: predicted ${b.predicted!.toFixed(3)}, observed ${b.observed!.toFixed(3)}, ${b.rows} rows`}</title>
          </circle>
        ))}
        <text x={PAD} y={SIZE - 6}>0</text>
        <text x={SIZE - PAD - 6} y={SIZE - 6}>1</text>
        <text x={4} y={PAD + 4}>1</text>
      </svg>
    </figure>
  );
}
