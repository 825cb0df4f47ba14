import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ModelCard } from '../../../src-main/ml/registry/model-card.js';
import { CARD_FILE, ModelStore, readTrees, writeBundle } from '../../../src-main/ml/registry/model-store.js';
import type { TreeEnsembleJson } from '../../../src-main/ml/trees/tree-model.js';

const trees: TreeEnsembleJson = { algorithm: 'gbdt', output: 'logit', aggregate: 'sum', base: 0.5, nFeatures: 1, trees: [{ feature: [-1], threshold: [0], left: [-1], right: [-1], value: [0.25] }] };
const card = (name: string): ModelCard => ({
  name, version: 1, created: '2026-12-02T00:00:00.000Z', algorithm: 'gbdt', objective: 'logloss', output: 'probability', timeframe: '1Day', featureSet: 'basic',
  features: [{ name: 'ret_1', lookback: 1 }], label: { kind: 'direction', horizon: 5 },
  training: { symbols: ['ORCL'], from: '2000-01-01', to: '2001-01-01', rows: 250, dataHash: 'sha256:x', permutedLabels: false, params: {} },
  evaluation: null, importance: [{ feature: 'ret_1', share: 1 }], libraries: {}, dissimilarity: { mean: [0], std: [1], reference: [0], rows: 1, meanDistance: 1, threshold: 1 },
});

describe('model registry', () => {
  it('saves new versions under the user root, lists newest first, hides nothing shipped under another name', () => {
    const root = mkdtempSync(join(tmpdir(), 'models-'));
    const shipped = join(root, 'shipped');
    writeBundle(join(shipped, 'example', '1'), { card: card('example'), onnx: Uint8Array.of(1, 2, 3), trees });
    const store = new ModelStore({ user: join(root, 'user'), shipped });
    const a = store.save({ card: card('mine'), onnx: Uint8Array.of(1), trees });
    const b = store.save({ card: card('mine'), onnx: Uint8Array.of(2), trees });
    expect([a.card.version, b.card.version]).toEqual([1, 2]);
    expect(store.list().map((m) => `${m.source}:${m.card.name}@${m.card.version}`)).toEqual(['shipped:example@1', 'user:mine@2', 'user:mine@1']);
    expect(store.get('mine').card.version).toBe(2);
    expect(store.get('mine@1').dir).toBe(a.dir);
    expect(readTrees(b.dir)).toEqual(trees);
    expect(() => store.get('nope')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('a broken card is refused with the file and the field named', () => {
    const root = mkdtempSync(join(tmpdir(), 'models-'));
    const store = new ModelStore({ user: root });
    const saved = store.save({ card: card('m'), onnx: Uint8Array.of(1), trees });
    writeFileSync(join(saved.dir, CARD_FILE), JSON.stringify({ ...card('m'), label: { kind: 'direction', horizon: -1 } }));
    expect(store.list()).toEqual([]);
    expect(() => store.get('m@1')).toThrow(/card\.json: label\.horizon/);
  });
});
