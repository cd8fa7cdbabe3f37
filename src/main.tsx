import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { preloadFaceConvention } from './engine/face';
import { startEngine } from './engine/instance';
import { startSessionKeeping } from './engine/session';
import { App } from './ui/App';
import './ui/app.css';

void startEngine(); // it opens the face detector first, then the model's sessions
preloadFaceConvention();
void startSessionKeeping();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
