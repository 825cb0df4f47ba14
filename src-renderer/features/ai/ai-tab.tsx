import './ai.css';
import { useState } from 'react';
import type { LlmProposal } from '../../../src-shared/ipc/llm-schemas.js';
import { useOpenTab } from '../../app/dock/tab-opener.js';
import { useLink } from '../../app/linking/link-context.js';
import { LinkPicker } from '../../app/linking/link-picker.js';
import { useOfferTicketDraft } from '../../app/ticket-draft/ticket-draft-context.js';
import { prefillOf } from './proposal-prefill.js';
import { ProposalsTable } from './proposals-table.js';
import { useAnalysis } from './use-analysis.js';

/**
 * The AI tab: a language model's analysis of one symbol from the numbers main holds (daily bars, indicators,
 * position, risk figures), its outlook and confidence, and its order proposals. Act opens the ticket filled in
 * with a proposal; the trader previews it and sends it through the risk checks. The tab itself never sends an order.
 */
export function AiTab() {
  const [symbol, setSymbol] = useState('');
  const [model, setModel] = useState('');
  const link = useLink((s) => setSymbol(s));
  const open = useOpenTab();
  const analysis = useAnalysis();
  const result = analysis.result;
  const offerDraft = useOfferTicketDraft();

  const act = (p: LlmProposal): void => {
    offerDraft(prefillOf(p));
    open('ticket');
  };
  const submit = (): void => {
    const s = symbol.trim().toUpperCase();
    if (!s || analysis.running) return;
    link.publish(s);
    analysis.start(s, model);
  };

  return (
    <div className="tab-body ai-tab" data-testid="ai-tab">
      <form
        className="ai-form"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <LinkPicker group={link.group} onChange={link.setGroup} testId="ai-link" />
        <label>
          Symbol
          <input data-testid="ai-symbol" value={symbol} onChange={(e) => setSymbol(e.target.value.toUpperCase())} placeholder="SPY" />
        </label>
        <label>
          Model (optional)
          <input data-testid="ai-model" value={model} onChange={(e) => setModel(e.target.value)} placeholder="the workstation's default" />
        </label>
        <button type="submit" data-testid="ai-analyze" disabled={analysis.running || symbol.trim() === ''}>
          {analysis.running ? 'Asking the model…' : 'Analyse'}
        </button>
        {analysis.running ? (
          <button type="button" data-testid="ai-cancel" onClick={analysis.cancel}>
            Cancel
          </button>
        ) : null}
      </form>
      <div className="ai-note">
        The model sees the daily bars, indicators, position and risk figures of the symbol. Its proposals are never sent:
        Act opens a filled-in ticket that you preview and send through the risk checks. Every request is logged, without
        the key, with daily request and cost limits.
      </div>
      {analysis.error ? (
        <div className="inline-error" data-testid="ai-error" role="alert">
          {analysis.error}
        </div>
      ) : null}
      {result ? (
        <section data-testid="ai-result">
          <div className="ai-head">
            <h3 data-testid="ai-result-symbol">{result.symbol}</h3>
            <span className={`ai-outlook ai-outlook-${result.answer.outlook}`} data-testid="ai-outlook">
              {result.answer.outlook}
            </span>
            <span data-testid="ai-confidence">confidence {result.answer.confidence.toFixed(2)}</span>
            <span className="ai-meta" data-testid="ai-meta">
              {result.model} · {new Date(result.at).toLocaleString()} · ${result.usage.costUsd.toFixed(4)}
              {result.usage.costSource === 'none' ? ' (cost not reported)' : ''}
            </span>
          </div>
          <p className="ai-analysis" data-testid="ai-analysis">
            {result.answer.analysis}
          </p>
          <ProposalsTable proposals={result.answer.proposals} onAct={act} />
        </section>
      ) : null}
    </div>
  );
}
