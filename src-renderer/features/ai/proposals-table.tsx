import type { LlmProposal } from '../../../src-shared/ipc/llm-schemas.js';

const size = (p: LlmProposal) => (p.qty !== null ? `${p.qty} sh` : `$${p.notional?.toFixed(2)}`);
const price = (p: LlmProposal) => (p.type === 'limit' ? `limit ${p.limitPrice}` : 'market');

/** The model's proposals; Act opens a prefilled ticket (never an order). */
export function ProposalsTable({ proposals, onAct }: { proposals: readonly LlmProposal[]; onAct: (p: LlmProposal) => void }) {
  if (proposals.length === 0) return <div className="ai-hint">No proposals: the model saw no trade worth making.</div>;
  return (
    <table className="ai-proposals" data-testid="ai-proposals">
      <thead>
        <tr>
          <th>symbol</th>
          <th>side</th>
          <th>size</th>
          <th>order</th>
          <th>reason</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {proposals.map((p, i) => (
          <tr key={i} data-testid="ai-proposal-row">
            <td>{p.symbol}</td>
            <td className={`ai-side-${p.side}`}>{p.side.toUpperCase()}</td>
            <td>{size(p)}</td>
            <td>{price(p)}</td>
            <td className="ai-reason">{p.reason}</td>
            <td>
              <button type="button" data-testid="ai-act" title="Open a ticket filled in with this proposal; you preview and send it" onClick={() => onAct(p)}>
                Act…
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
