import { defineConfig } from '@playwright/test';

// Debian's Chromium: Playwright cannot download its own browser here.
const chromiumArgs = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
const PORT = 4173;

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results/playwright',
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 180_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: {
    baseURL: `http://localhost:${PORT}`,
    viewport: { width: 1360, height: 860 },
    acceptDownloads: true,
    // The app's own model cache (Cache Storage) is what most tests exercise: the service worker's
    // precache would answer first, so it is blocked except in e2e/offline.spec.ts (test.use).
    serviceWorkers: 'block',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'wasm',
      testIgnore: /(webgpu|soak)\.spec\.ts/,
      use: { browserName: 'chromium', launchOptions: { executablePath: '/usr/bin/chromium', args: chromiumArgs } },
    },
    {
      // SwiftShader's software WebGPU adapter: correct but 100-300x slower than WASM, so this
      // project runs one small graph only.
      name: 'webgpu',
      testMatch: /webgpu\.spec\.ts/,
      use: {
        browserName: 'chromium',
        launchOptions: { executablePath: '/usr/bin/chromium', args: [...chromiumArgs, '--enable-unsafe-webgpu'] },
      },
    },
    // The soak (50 restores, minutes on 2 cores): only with `npm run soak`, which sets SOAK=1.
    // measureUserAgentSpecificMemory answers at once with ForceEagerMeasureMemory.
    ...(process.env.SOAK
      ? [
          {
            name: 'soak',
            testMatch: /soak\.spec\.ts/,
            use: {
              browserName: 'chromium' as const,
              launchOptions: { executablePath: '/usr/bin/chromium', args: [...chromiumArgs, '--enable-blink-features=ForceEagerMeasureMemory'] },
            },
          },
        ]
      : []),
  ],
  webServer: {
    // The production build, served with the same COOP/COEP headers as in development.
    command: `npm run build && npx vite preview --port ${PORT} --strictPort`,
    url: `http://localhost:${PORT}`,
    reuseExistingServer: !process.env.CI,
    timeout: 240_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
