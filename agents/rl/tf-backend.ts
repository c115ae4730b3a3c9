/**
 * Loading TensorFlow.js and choosing its backend, once per process (tfjs keeps one global engine).
 *
 * - "tensorflow": @tensorflow/tfjs-node, native libtensorflow; an optional dependency, used
 *   automatically where it installed (its install script downloads libtensorflow, which fails
 *   without internet access; npm then skips it).
 * - "wasm": @tensorflow/tfjs-backend-wasm (XNNPACK, SIMD); the default where tfjs-node is absent.
 *   On the small networks of the RL agents it runs forward and backward passes 2-4 times faster
 *   than the pure-JS backend (bench/results/agents.md).
 * - "cpu": tfjs's pure-JavaScript backend, always available.
 * "auto" takes the first that loads, in that order. A forced backend that cannot load is an error
 * naming the backend and why, never a silent fallback.
 */
import type * as TfModule from '@tensorflow/tfjs';
import type { Tensor } from '@tensorflow/tfjs';

export type Tf = typeof TfModule;

export const TF_BACKENDS = ['auto', 'tensorflow', 'wasm', 'cpu'] as const;
export type TfBackendChoice = (typeof TF_BACKENDS)[number];

export interface LoadedTf {
  tf: Tf;
  /** The backend in use: tensorflow, wasm or cpu. */
  backend: string;
}

let tfModule: Tf | null = null;
const failures = new Map<string, string>();

async function loadCore(): Promise<Tf> {
  if (!tfModule) tfModule = await import('@tensorflow/tfjs');
  return tfModule;
}

/** Registers the backend's package; returns why it cannot be used, or null. */
async function register(tf: Tf, backend: Exclude<TfBackendChoice, 'auto'>): Promise<string | null> {
  if (failures.has(backend)) return failures.get(backend)!;
  const before = processListeners();
  try {
    if (backend === 'tensorflow') {
      // The package name is a variable so TypeScript does not require the optional dependency's types.
      const nodeBinding = '@tensorflow/tfjs-node';
      await import(nodeBinding);
    } else if (backend === 'wasm') {
      await import('@tensorflow/tfjs-backend-wasm');
    }
    if (!(await tf.setBackend(backend))) throw new Error('tf.setBackend returned false');
    await tf.ready();
    // The cpu backend prints an advert for tfjs-node on its first write; the run summary names the backend instead.
    if (backend === 'cpu') (tf.backend() as { firstUse?: boolean }).firstUse = false;
    return null;
  } catch (error) {
    const reason = (error as Error).message.split('\n')[0];
    failures.set(backend, reason);
    return reason;
  } finally {
    removeListenersAddedSince(before);
  }
}

type ProcessEvent = 'uncaughtException' | 'unhandledRejection';
const PROCESS_EVENTS: ProcessEvent[] = ['uncaughtException', 'unhandledRejection'];

function processListeners(): Map<ProcessEvent, Function[]> {
  return new Map(PROCESS_EVENTS.map((event) => [event, process.listeners(event as 'uncaughtException')]));
}

/**
 * The wasm backend's Emscripten glue installs process handlers that rethrow any uncaught error
 * from inside its one-line minified source, so Node prints that whole line (hundreds of
 * kilobytes) instead of the error. They do nothing else; removing them restores Node's own report.
 */
function removeListenersAddedSince(before: Map<ProcessEvent, Function[]>): void {
  for (const event of PROCESS_EVENTS) {
    for (const listener of process.listeners(event as 'uncaughtException')) {
      if (!before.get(event)!.includes(listener)) process.removeListener(event as 'uncaughtException', listener);
    }
  }
}

const HOW_TO: Record<string, string> = {
  tensorflow: 'install @tensorflow/tfjs-node (it downloads libtensorflow at install time, so it needs internet access)',
  wasm: 'reinstall @tensorflow/tfjs-backend-wasm',
  cpu: 'reinstall @tensorflow/tfjs',
};

/** Loads tfjs with the requested backend (switching the process-wide backend if another is active). */
export async function loadTf(choice: TfBackendChoice): Promise<LoadedTf> {
  const tf = await loadCore();
  if (choice !== 'auto') {
    if (tf.getBackend() !== choice) {
      const reason = await register(tf, choice);
      if (reason !== null) throw new Error(`TensorFlow.js backend "${choice}" is not available (${reason}); ${HOW_TO[choice]}, or use backend "auto"`);
    }
    return { tf, backend: choice };
  }
  const active = tf.getBackend();
  if (active === 'tensorflow' || active === 'wasm') return { tf, backend: active };
  for (const candidate of ['tensorflow', 'wasm', 'cpu'] as const) {
    if ((await register(tf, candidate)) === null) return { tf, backend: candidate };
  }
  throw new Error(`no TensorFlow.js backend could be loaded: ${[...failures].map(([name, why]) => `${name}: ${why}`).join('; ')}`);
}

/**
 * Computes tensors in a tf.tidy scope and downloads them. The typed arrays are read outside the
 * scope on purpose: tf.tidy walks whatever its function returns, element by element, looking for
 * tensors to keep, and walking a downloaded array cost more than the networks themselves.
 */
export function download(tf: Tf, compute: () => Tensor[]): Float32Array[] {
  const tensors = tf.tidy(compute);
  try {
    return tensors.map((t) => t.dataSync() as Float32Array);
  } finally {
    for (const t of tensors) t.dispose();
  }
}
