import { useAppStore } from '../store';

/**
 * Press and hold to see the original photo (no mask, no result), like holding Tab. Keyboard: hold
 * Space or Enter on it. A button, so touch screens get it too.
 */
export function HoldOriginal() {
  const on = useAppStore((s) => s.showOriginal);
  const set = useAppStore((s) => s.setShowOriginal);
  const isHoldKey = (k: string) => k === ' ' || k === 'Enter';
  return (
    <button
      className={`btn btn-small hold-original ${on ? 'on' : ''}`}
      aria-pressed={on}
      title="Hold to see the original (or hold Tab)"
      onPointerDown={(e) => {
        e.currentTarget.setPointerCapture?.(e.pointerId);
        set(true);
      }}
      onPointerUp={() => set(false)}
      onPointerCancel={() => set(false)}
      onKeyDown={(e) => {
        if (!isHoldKey(e.key)) return;
        e.preventDefault();
        set(true);
      }}
      onKeyUp={(e) => isHoldKey(e.key) && set(false)}
      onBlur={() => set(false)}
      onContextMenu={(e) => e.preventDefault()}
      data-testid="hold-original"
    >
      Original
    </button>
  );
}
