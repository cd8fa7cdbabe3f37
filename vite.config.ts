import { defaultClientConditions, defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Cross-origin isolation: without these two headers SharedArrayBuffer is unavailable and
// onnxruntime-web silently runs WASM on a single thread.
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  plugins: [react()],
  // onnxruntime-web's default exports embed its WASM glue and make Vite emit a second copy of the
  // 14-27 MB .wasm files. This condition picks the builds that load both from env.wasm.wasmPaths,
  // i.e. the copies scripts/copy-ort.mjs puts in public/ort/.
  resolve: { conditions: ['onnxruntime-web-use-extern-wasm', ...defaultClientConditions] },
  server: { headers: isolationHeaders },
  preview: { headers: isolationHeaders },
  // Pre-bundling onnxruntime-web makes the dev server reload the page mid-session.
  // Listing the rest up front stops a first dev visit from re-optimising and reloading mid-use.
  optimizeDeps: {
    exclude: ['onnxruntime-web'],
    include: ['react', 'react-dom/client', 'react/jsx-runtime', 'react/jsx-dev-runtime', 'react-konva', 'konva', 'zustand'],
  },
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 1500 },
});
