import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { startEngine } from './engine/instance';
import { App } from './ui/App';
import './ui/app.css';

void startEngine();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
