// The editor's viewport math, re-exported for the specs (the same code the app runs).
export { fitViewport, viewportFor, zoomAround, type Viewport } from '../src/lib/viewport';
export { screenPoint } from '../src/lib/geometry';
