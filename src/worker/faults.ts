// Fault injection for the e2e tests (?testHooks&fault=...): the worker's real code paths meet a
// failing GPU or a failing run, without a real broken driver. Nothing here runs unless asked for.
import type { Fault } from './protocol';
import type { Runtime } from './runtime';

/** Replaces navigator.gpu in this worker, so both our probe and onnxruntime see the stub. */
export function installGpuFault(faults: ReadonlySet<Fault>): void {
  const adapter = (description: string, isFallbackAdapter: boolean) => ({
    info: { vendor: 'test', architecture: '', description, isFallbackAdapter },
    isFallbackAdapter,
    features: new Set<string>(),
    limits: {},
    requestDevice: () => Promise.reject(new Error('injected fault: the GPU device could not be created')),
    requestAdapterInfo: async () => ({ vendor: 'test', architecture: '', description }),
  });
  let answer: (() => Promise<unknown>) | undefined;
  if (faults.has('gpu-no-adapter')) answer = async () => null;
  else if (faults.has('gpu-software')) answer = async () => adapter('injected software adapter', true);
  else if (faults.has('gpu-hang')) answer = () => new Promise(() => {});
  else if (faults.has('gpu-session-fail')) answer = async () => adapter('injected adapter without a device', false);
  if (!answer) return;
  const gpu = { requestAdapter: answer, getPreferredCanvasFormat: () => 'rgba8unorm', wgslLanguageFeatures: new Set() };
  Object.defineProperty(navigator, 'gpu', { value: gpu, configurable: true });
}

/**
 * With throw-on-run, the first graph run of the runtime rejects as a broken kernel would; with
 * gpu-lost-on-run, the first run of a WebGPU session rejects as a lost device would.
 */
export function withRunFault(runtime: Runtime, faults: Set<Fault>): Runtime {
  if (!faults.has('throw-on-run') && !faults.has('gpu-lost-on-run')) return runtime;
  return {
    ...runtime,
    async createSession(model, options) {
      const session = await runtime.createSession(model, options);
      return {
        ...session,
        run(feeds) {
          if (faults.delete('throw-on-run')) return Promise.reject(new Error('injected fault: the graph run failed'));
          if (runtime.backend().ep === 'webgpu' && faults.delete('gpu-lost-on-run')) {
            return Promise.reject(new Error('injected fault: the GPU device was lost'));
          }
          return session.run(feeds);
        },
      };
    },
  };
}
