import { epFromUrl } from '../engine/instance';
import { useAppStore } from '../store';

/** Which backend runs the model: WebGPU or WASM (with its thread count), and why. */
export function BackendBadge() {
  const backend = useAppStore((s) => s.backend);
  const engineState = useAppStore((s) => s.engineState);
  if (engineState === 'starting') return <span className="badge badge-muted" data-testid="backend">Starting engine…</span>;
  if (!backend) return <span className="badge badge-error" data-testid="backend">Engine unavailable</span>;
  // Asked for WebGPU with ?ep=webgpu but did not get it: say so on the badge, not only in a tooltip.
  // Or a GPU answered but could not be used (software adapter, timeout, session failure).
  const missedGpu = backend.ep === 'wasm' && (epFromUrl(location.search) === 'webgpu' || !!backend.gpuFallback);
  const label =
    backend.ep === 'webgpu'
      ? 'WebGPU'
      : `WASM · ${backend.threads} ${backend.threads === 1 ? 'thread' : 'threads'}${missedGpu ? ' · WebGPU unavailable' : ''}`;
  const title = [backend.reason, backend.adapter && `Adapter: ${backend.adapter}`, !backend.crossOriginIsolated && 'Page is not cross-origin isolated: WASM runs on one thread']
    .filter(Boolean)
    .join('\n');
  return (
    <div className="backend">
      {missedGpu && (
        <span className="backend-reason" data-testid="backend-reason">
          WebGPU not used: {backend.reason}
        </span>
      )}
      <span className={`badge ${backend.ep === 'webgpu' ? 'badge-gpu' : 'badge-cpu'}`} data-testid="backend" data-ep={backend.ep} title={title}>
        <span className="badge-dot" aria-hidden />
        {label}
      </span>
    </div>
  );
}
