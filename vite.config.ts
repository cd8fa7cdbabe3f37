import { readFileSync, statSync } from 'node:fs';
import { defaultClientConditions, defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import { compression, IMMUTABLE_PATH } from './scripts/compression';

// Cross-origin isolation: without these two headers SharedArrayBuffer is unavailable and
// onnxruntime-web silently runs WASM on a single thread.
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

// Content-Security-Policy: the app's own origin only. 'wasm-unsafe-eval' lets onnxruntime compile
// its WebAssembly; blob: workers are for onnxruntime's thread pool should it build one from a blob.
// No 'unsafe-inline' scripts, no other host: a photo has nowhere to go.
const csp = (dev: boolean) =>
  [
    "default-src 'self'",
    // Dev only: Vite's React refresh preamble is an inline script, and HMR talks over a websocket.
    `script-src 'self' 'wasm-unsafe-eval'${dev ? " 'unsafe-inline'" : ''}`,
    "worker-src 'self' blob:",
    `connect-src 'self'${dev ? ' ws:' : ''}`,
    "img-src 'self' blob: data:",
    "style-src 'self' 'unsafe-inline'",
    "font-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'none'",
  ].join('; ');

/** The production CSP as a meta tag too, so a static host without our headers still enforces it. */
const cspMeta = (): Plugin => ({
  name: 'csp-meta',
  apply: 'build',
  transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: csp(false) }, injectTo: 'head-prepend' }],
});

const devHeaders = { ...isolationHeaders, 'Content-Security-Policy': csp(true) };
const previewHeaders = { ...isolationHeaders, 'Content-Security-Policy': `${csp(false)}; frame-ancestors 'none'` };

// onnxruntime-web's version: the cache key of the .wasm the worker keeps (src/worker/ortRuntime.ts).
const ortVersion: string = JSON.parse(readFileSync(new URL('./node_modules/onnxruntime-web/package.json', import.meta.url), 'utf8')).version;
// the .wasm sizes, so the worker knows a download's last byte when it passes (src/worker/assetCache.ts)
const ortWasmBytes = Object.fromEntries(
  Object.entries({ wasm: 'ort-wasm-simd-threaded.wasm', webgpu: 'ort-wasm-simd-threaded.asyncify.wasm' }).map(([build, file]) => [
    build,
    statSync(new URL(`./node_modules/onnxruntime-web/dist/${file}`, import.meta.url)).size,
  ]),
);

export default defineConfig({
  define: { __ORT_VERSION__: JSON.stringify(ortVersion), __ORT_WASM_BYTES__: JSON.stringify(ortWasmBytes) },
  plugins: [
    react(),
    cspMeta(),
    // Offline: a Workbox service worker precaches the app shell and onnxruntime's small .mjs glue.
    // The big files have one owner each, never both (a first visit would fetch them twice): the
    // workers keep onnxruntime's .wasm (only the build in use) and the face detector's weights in
    // their own cache (src/worker/assetCache.ts), and the graphs in the model cache, checked
    // against the manifest's sha256 (src/worker/modelStore.ts).
    // Registered from the app's own bundle (src/main.tsx): a registerSW.js beside it was one more
    // request, and the precache fetched it a second time.
    VitePWA({
      registerType: 'autoUpdate',
      injectRegister: false,
      manifest: {
        name: 'Mend: on-device face restoration',
        short_name: 'Mend',
        start_url: '/',
        display: 'standalone',
        background_color: '#0e1014',
        theme_color: '#0e1014',
        // The icon travels inside the manifest, the page's <link> and the logo (Vite inlines the
        // 0.3 kB file): no request for it at all, where the page and the precache each fetched it.
        icons: [{ src: `data:image/svg+xml,${encodeURIComponent(readFileSync(new URL('./src/assets/favicon.svg', import.meta.url), 'utf8'))}`, sizes: 'any', type: 'image/svg+xml' }],
      },
      workbox: {
        globPatterns: ['**/*.{html,js,css,svg,webmanifest}', 'ort/*/*.mjs'],
        // Files whose URL changes with their content: the precache takes them through the HTTP
        // cache, where the worker's import of the glue has just put them, instead of fetching
        // them again with a cache-busting revision. onnxruntime's files live under its version.
        dontCacheBustURLsMatching: IMMUTABLE_PATH,
        // The sample photo only once someone asks for it.
        runtimeCaching: [{ urlPattern: ({ url }) => url.pathname.startsWith('/sample/'), handler: 'CacheFirst', options: { cacheName: 'mend-sample' } }],
        navigateFallback: '/index.html',
        cleanupOutdatedCaches: true,
        // Take over the open page at once, so going offline right after the first visit works.
        clientsClaim: true,
        skipWaiting: true,
      },
    }),
    compression({ dev: devHeaders, preview: previewHeaders }),
  ],
  // onnxruntime-web's default exports embed its WASM glue and make Vite emit a second copy of the
  // 14-27 MB .wasm files. This condition picks the builds that load both from env.wasm.wasmPaths,
  // i.e. the copies scripts/copy-ort.mjs puts in public/ort/<version>/.
  resolve: { conditions: ['onnxruntime-web-use-extern-wasm', ...defaultClientConditions] },
  server: { headers: devHeaders },
  preview: { headers: previewHeaders },
  // Pre-bundling onnxruntime-web makes the dev server reload the page mid-session.
  // Listing the rest up front stops a first dev visit from re-optimising and reloading mid-use:
  // Vite's first scan starts from index.html and does not follow `new Worker(new URL(...))`, so
  // the workers are entries too.
  optimizeDeps: {
    entries: ['index.html', 'src/worker/*.worker.ts'],
    exclude: ['onnxruntime-web'],
    include: ['react', 'react-dom/client', 'react/jsx-runtime', 'react/jsx-dev-runtime', 'react-konva', 'konva', 'zustand'],
  },
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 1500 },
});
