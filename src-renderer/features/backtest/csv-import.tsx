import { useEffect, useState } from 'react';
import { TIMEFRAMES, type Timeframe } from '../../../src-shared/domain/bar.js';
import { UPLOAD_PART_CHARS, type ImportCsvResultDto } from '../../../src-shared/ipc/backtest-schemas.js';
import { useClient } from '../../app/client-context.js';
import { day } from './format.js';
import { ProgressLine } from './progress-line.js';
import { useJob } from './use-job.js';

let nextUpload = 1;

/** nvda-2014.csv -> NVDA: the file name's first word, as the command line names a --data file's symbol. */
export function symbolOfFileName(name: string): string {
  const stem = name.replace(/\.[^.]+$/, '');
  return (stem.split(/[-_ ]/)[0] ?? stem).toUpperCase().replace(/[^A-Z0-9.]/g, '');
}

/**
 * A CSV file from the trader's computer into the host's history store: the file's text goes to main in parts (one
 * WebSocket frame is limited), main checks it whole in a worker (a bad row: the file, line and reason, nothing
 * written) and stores it; the form then backtests that symbol and timeframe.
 */
export function CsvImport({ onImported }: { onImported: (symbol: string, timeframe: Timeframe) => void }) {
  const client = useClient();
  const job = useJob<ImportCsvResultDto>();
  const [file, setFile] = useState<File | null>(null);
  const [symbol, setSymbol] = useState('');
  const [timeframe, setTimeframe] = useState<Timeframe | ''>('');
  const [zone, setZone] = useState('UTC');
  const [formError, setFormError] = useState<string | null>(null);

  useEffect(() => {
    if (job.result) onImported(job.result.symbol, job.result.timeframe);
    // Only when a new result arrives; the form's callback changes with every edit.
  }, [job.result]);

  const start = () => {
    if (!file) return setFormError('choose a CSV file first');
    if (symbol.trim() === '') return setFormError('give the symbol the bars belong to');
    setFormError(null);
    const uploadId = `up-${Date.now().toString(36)}-${nextUpload++}`;
    job.start(async (jobId, signal) => {
      const text = await file.text();
      for (let part = 0, at = 0; at < text.length || part === 0; part++, at += UPLOAD_PART_CHARS) {
        await client.invoke('backtest.uploadCsvPart', { uploadId, part, text: text.slice(at, at + UPLOAD_PART_CHARS) }, { signal });
      }
      return client.invoke(
        'backtest.importCsv',
        { jobId, uploadId, fileName: file.name, symbol: symbol.trim().toUpperCase(), ...(timeframe ? { timeframe } : {}), ...(zone.trim() && zone.trim() !== 'UTC' ? { zone: zone.trim() } : {}) },
        { signal },
      );
    });
  };

  const r = job.result;
  return (
    <fieldset className="backtest-import" data-testid="backtest-import">
      <legend>Import a CSV file</legend>
      <label className="file-pick">
        <input
          type="file"
          accept=".csv,.txt,text/csv"
          data-testid="backtest-import-file"
          onChange={(e) => {
            const chosen = e.target.files?.[0] ?? null;
            setFile(chosen);
            if (chosen) setSymbol(symbolOfFileName(chosen.name));
          }}
        />
        <span className="button">Choose file…</span>
        <span className="file-name" data-testid="backtest-import-file-name">{file ? file.name : 'no file chosen'}</span>
      </label>
      <div className="backtest-hint">Any OHLCV header (date or time, open, high, low, close, volume), Yahoo's included.</div>
      <label>
        Symbol <input data-testid="backtest-import-symbol" value={symbol} onChange={(e) => setSymbol(e.target.value)} />
      </label>
      <label>
        Timeframe
        <select data-testid="backtest-import-timeframe" value={timeframe} onChange={(e) => setTimeframe(e.target.value as Timeframe | '')}>
          <option value="">from the spacing</option>
          {TIMEFRAMES.map((tf) => (
            <option key={tf}>{tf}</option>
          ))}
        </select>
      </label>
      <label title="The zone of times written without one, e.g. America/New_York">
        Zone of plain times <input data-testid="backtest-import-zone" value={zone} onChange={(e) => setZone(e.target.value)} />
      </label>
      <button type="button" className="button" data-testid="backtest-import-run" disabled={job.running} onClick={start}>
        Import into history
      </button>
      <ProgressLine progress={job.progress} running={job.running} testId="backtest-import-progress" />
      {formError ? <div className="inline-error">{formError}</div> : null}
      {job.error ? (
        <div className="inline-error" role="alert" data-testid="backtest-import-error">
          {job.error}
        </div>
      ) : null}
      {r && !job.running && !job.error ? (
        <div className="backtest-import-result" data-testid="backtest-import-result">
          {r.fileName}: {r.bars.toLocaleString('en-US')} bars of {r.symbol} {r.timeframe}
          {r.timeframeInferred ? ' (timeframe from the spacing)' : ''}
          {r.assumedZone ? `, plain times read in ${r.assumedZone}` : ''}; {r.inserted.toLocaleString('en-US')} new, {r.updated.toLocaleString('en-US')} corrected, {r.unchanged.toLocaleString('en-US')} unchanged.
          {r.from !== null && r.to !== null ? ` Stored ${r.storedBars.toLocaleString('en-US')} bars, ${day(r.from)} to ${day(r.to)}.` : ''} The run below uses them.
        </div>
      ) : null}
    </fieldset>
  );
}
