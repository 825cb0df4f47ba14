import type { ResponseOf } from '../../../src-shared/ipc/contract.js';

export type OrderPreview = ResponseOf<'orders.preview'>;

const money = (value: string | null): string => (value === null ? '—' : `$${Number(value).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`);

/** The preview before sending: estimated cost, buying power after, and the risk engine's verdict with its code. */
export function PreviewPanel({ preview }: { preview: OrderPreview }) {
  const { verdict } = preview;
  return (
    <div className={`ticket-preview ${verdict.ok ? 'verdict-ok' : 'verdict-denied'}`} data-testid="ticket-preview" role="status">
      <dl>
        <dt>Reference price</dt>
        <dd data-testid="preview-reference">{preview.referencePrice ?? '—'}</dd>
        <dt>Estimated cost</dt>
        <dd data-testid="preview-cost">{money(preview.estimatedCost)}</dd>
        <dt>Buying power</dt>
        <dd>{money(preview.buyingPower)}</dd>
        <dt>Buying power after</dt>
        <dd data-testid="preview-bp-after">{money(preview.buyingPowerAfter)}</dd>
        <dt>Risk verdict</dt>
        <dd data-testid="preview-verdict">
          <strong>{verdict.ok ? 'PASS' : 'DENIED'}</strong> <code data-testid="preview-code">{verdict.code}</code> {verdict.message}
        </dd>
      </dl>
    </div>
  );
}
