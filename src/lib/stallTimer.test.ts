import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { StallError, stallTimer } from './stallTimer';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

/** Whether `p` has settled, and how, after the microtasks so far. */
async function state(p: Promise<unknown>): Promise<'pending' | 'rejected' | 'resolved'> {
  let s: 'pending' | 'rejected' | 'resolved' = 'pending';
  p.then(() => (s = 'resolved'), () => (s = 'rejected'));
  await vi.advanceTimersByTimeAsync(0);
  return s;
}

describe('stallTimer', () => {
  it('fires with a StallError once the time passes without progress', async () => {
    const t = stallTimer(1000);
    await vi.advanceTimersByTimeAsync(999);
    expect(await state(t.stalled)).toBe('pending');
    await vi.advanceTimersByTimeAsync(1);
    await expect(t.stalled).rejects.toBeInstanceOf(StallError);
    await expect(t.stalled).rejects.toThrow('no answer for 1 s');
  });

  it('starts the wait again at each poke', async () => {
    const t = stallTimer(1000);
    for (let i = 0; i < 5; i++) {
      await vi.advanceTimersByTimeAsync(800);
      t.poke();
    }
    expect(await state(t.stalled)).toBe('pending');
    await vi.advanceTimersByTimeAsync(1000);
    expect(await state(t.stalled)).toBe('rejected');
  });

  it('never fires once stopped, pokes included', async () => {
    const t = stallTimer(1000);
    t.stop();
    t.poke();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(await state(t.stalled)).toBe('pending');
  });
});
