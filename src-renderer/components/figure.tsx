export interface FigureProps {
  label: string;
  value: string;
  unit?: string;
  testId: string;
}

/** One labelled number; the value carries the test id so tests read exactly what the user reads. */
export function Figure({ label, value, unit, testId }: FigureProps) {
  return (
    <div className="figure">
      <div className="figure-label">{label}</div>
      <div className="figure-value num">
        <span data-testid={testId}>{value}</span>
        {unit ? <span className="figure-unit">{unit}</span> : null}
      </div>
    </div>
  );
}
