#!/usr/bin/env bash
# GPU check for ML inference: fetches onnxruntime-node's CUDA 12 provider files (skipped at install here), runs the
# shipped model and a larger tree model with the CUDA provider and with the CPU, and prints the speed of each.
# Needs: Linux x64, an NVIDIA GPU, CUDA 12.x and cuDNN 9.x, network access for the fetch (once).
# Usage (repository root): bash scripts/gpu-check.sh
set -euo pipefail
cd "$(dirname "$0")/.."
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || { echo "gpu-check: no NVIDIA GPU visible (nvidia-smi failed)"; exit 1; }
if [ ! -e node_modules/onnxruntime-node/bin/napi-v6/linux/x64/libonnxruntime_providers_cuda.so ]; then
  ONNXRUNTIME_NODE_INSTALL=cuda12 node node_modules/onnxruntime-node/script/install.js
fi
node scripts/build.mjs main >/dev/null
node scripts/build.mjs ml-workers >/dev/null
node --input-type=module - <<'JS'
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ort from 'onnxruntime-node';

const shipped = readFileSync('models/example/1/model.onnx');
const features = JSON.parse(readFileSync('models/example/1/card.json', 'utf8')).features.length;
async function time(bytes, provider, rows, cols, runs = 200) {
  const session = await ort.InferenceSession.create(bytes, { executionProviders: [provider] });
  const x = new ort.Tensor('float32', Float32Array.from({ length: rows * cols }, () => Math.random() - 0.5), [rows, cols]);
  for (let k = 0; k < 10; k++) await session.run({ features: x });
  const ms = [];
  for (let k = 0; k < runs; k++) { const s = performance.now(); await session.run({ features: x }); ms.push(performance.now() - s); }
  await session.release();
  ms.sort((a, b) => a - b);
  return `p50 ${ms[Math.floor(runs / 2)].toFixed(3)} ms, p99 ${ms[Math.floor(runs * 0.99)].toFixed(3)} ms`;
}
console.log('backends:', ort.listSupportedBackends().map((b) => b.name).join(', '));
for (const [label, bytes, rows, cols] of [['shipped model, 500 rows', shipped, 500, features], ['shipped model, 100000 rows', shipped, 100000, features]]) {
  for (const provider of ['cuda', 'cpu']) {
    try { console.log(`${label} on ${provider}: ${await time(bytes, provider, rows, cols)}`); }
    catch (e) { console.log(`${label} on ${provider}: failed: ${String(e.message).split('\n')[0]}`); }
  }
}
JS
