import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { warmFaceDetector } from './engine/face';
import { startEngine } from './engine/instance';
import { startSessionKeeping } from './engine/session';
import { App } from './ui/App';
import './ui/app.css';

warmFaceDetector(); // first: the engine leaves it the CPU until it has answered
void startEngine();
void startSessionKeeping();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
