import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { warmFaceDetector } from './engine/face';
import { startEngine } from './engine/instance';
import { startSessionKeeping } from './engine/session';
import { App } from './ui/App';
import './ui/app.css';

void startEngine();
void startSessionKeeping();
warmFaceDetector();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
