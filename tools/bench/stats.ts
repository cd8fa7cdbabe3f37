// Small statistics for benchmark samples.

/** Nearest-rank percentile (p in [0, 100]) of a sample. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export const median = (values: number[]) => percentile(values, 50);

export interface Summary {
  median: number;
  p90: number;
  min: number;
  n: number;
}

export function summarize(values: number[]): Summary {
  return { median: median(values), p90: percentile(values, 90), min: Math.min(...values), n: values.length };
}
