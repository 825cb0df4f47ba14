import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { modelVersion, shippedModels, WORKER_BUNDLE_FILES } from '../../../src-main/cli/app-files.js';

describe('the files the app needs', () => {
  it('lists the same worker bundles as the build (plus nothing else)', async () => {
    // The build's list is plain JavaScript (scripts/ has no types): read as such.
    const { WORKER_BUNDLES } = (await import(join(__dirname, '../../../scripts/worker-bundles.mjs'))) as { WORKER_BUNDLES: Array<{ name: string }> };
    expect([...WORKER_BUNDLE_FILES].sort()).toEqual(WORKER_BUNDLES.map((b) => `${b.name}.mjs`).sort());
  });

  it('finds shipped models and what each lacks; the card names the version', () => {
    const dir = mkdtempSync(join(tmpdir(), 'models-'));
    try {
      expect(shippedModels(join(dir, 'none'))).toEqual([]);
      mkdirSync(join(dir, 'ranker', '1.2.0'), { recursive: true });
      writeFileSync(join(dir, 'ranker', '1.2.0', 'model.onnx'), '');
      writeFileSync(join(dir, 'ranker', '1.2.0', 'card.json'), JSON.stringify({ version: '1.2.0-rc1' }));
      mkdirSync(join(dir, 'vol', '3'), { recursive: true });
      writeFileSync(join(dir, 'vol', '3', 'card.json'), '{}');
      const models = shippedModels(dir);
      expect(models.map((m) => [m.name, m.version, m.missing])).toEqual([
        ['ranker', '1.2.0', []],
        ['vol', '3', ['model.onnx']],
      ]);
      expect(models.map(modelVersion)).toEqual(['1.2.0-rc1', '3']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
