import * as tf from '@tensorflow/tfjs';

/**
 * The tfjs backend for training: tfjs-node (native TensorFlow) when it is installed and registers itself with this
 * copy of tfjs, else the pure JavaScript CPU backend. Neither tfjs-node nor tfjs-node-gpu is a dependency; the
 * import is by a computed name so bundlers leave it alone and a missing package is simply skipped.
 */
let chosen: Promise<string> | undefined;

export function useTfBackend(): Promise<string> {
  chosen ??= (async () => {
    for (const pkg of ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']) {
      try {
        await import(/* @vite-ignore */ pkg);
        break;
      } catch {
        // not installed: the next one, or the CPU backend
      }
    }
    if (tf.findBackend('tensorflow') && (await tf.setBackend('tensorflow'))) return 'tensorflow';
    await tf.setBackend('cpu');
    return 'cpu';
  })();
  return chosen;
}
