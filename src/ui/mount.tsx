// The interface: React DOM, Konva and the app's components, loaded after the workers have started
// (src/main.tsx), so parsing them does not delay the downloads a first visit waits for.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';

export function mount(root: HTMLElement): void {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
