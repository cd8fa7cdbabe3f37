export const SAMPLE_CREDIT = 'NASA, public domain (via scikit-image)';
export const STAGE_LABELS = {
  masked: 'Masked input',
  prior: 'Stage 1 · Prior',
  structure: 'Stage 2 · Structure',
  refine: 'Stage 3 · Refine',
} as const;
