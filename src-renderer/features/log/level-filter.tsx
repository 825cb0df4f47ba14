import type { LogLevel } from '../../../src-shared/ipc/schemas.js';

const LEVELS: LogLevel[] = ['debug', 'info', 'warn', 'error'];

export function LevelFilter({ value, onChange }: { value: LogLevel; onChange: (level: LogLevel) => void }) {
  return (
    <div className="segmented" role="radiogroup" aria-label="Minimum level">
      {LEVELS.map((level) => (
        <button
          key={level}
          type="button"
          role="radio"
          aria-checked={value === level}
          className={value === level ? 'segment active' : 'segment'}
          data-testid={`log-level-${level}`}
          onClick={() => onChange(level)}
        >
          {level}
        </button>
      ))}
    </div>
  );
}
