// The workers start first: their downloads (onnxruntime's .wasm, the graphs, the face detector's
// weights) are most of a first visit, and on a phone's link every moment they start later is a
// moment later to the first result. The interface's code (React DOM, Konva) loads meanwhile.
import { warmFaceDetector } from './engine/face';
import { startEngine } from './engine/instance';
import { startSessionKeeping } from './engine/session';
import './ui/app.css';

warmFaceDetector(); // first: the engine leaves it the CPU until it has answered
void startEngine();
void startSessionKeeping();
void import('./ui/mount').then(({ mount }) => mount(document.getElementById('root')!));
// Offline use: the Workbox service worker (vite.config.ts) precaches the app shell once the page has
// loaded, so its fetches do not compete with the first visit's own. Not in dev, where Vite serves
// the modules itself.
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  window.addEventListener('load', () => void navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => {}));
}
