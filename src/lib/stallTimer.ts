// A watchdog for work that reports no end but may report progress: it fires once `ms` pass with
// neither progress nor an end. Used for the engine's start, which can hang without an error (a
// worker whose runtime never answers): waiting forever would leave the page at "Starting engine…".

/** Rejected by `stalled` when the watchdog fires. */
export class StallError extends Error {
  constructor(readonly ms: number) {
    super(`no answer for ${Math.round(ms / 1000)} s`);
    this.name = 'StallError';
  }
}

export interface StallTimer {
  /** Rejects with a StallError when `ms` pass without `poke()`; never resolves. */
  readonly stalled: Promise<never>;
  /** Progress: the wait starts again. */
  poke(): void;
  /** The work ended (either way): the timer never fires. */
  stop(): void;
}

export function stallTimer(ms: number): StallTimer {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let fire!: (err: StallError) => void;
  let stopped = false;
  const stalled = new Promise<never>((_, reject) => (fire = reject));
  stalled.catch(() => {}); // nobody need be listening when it fires
  const arm = () => {
    clearTimeout(timer);
    if (!stopped) timer = setTimeout(() => fire(new StallError(ms)), ms);
  };
  arm();
  return {
    stalled,
    poke: arm,
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
