import { describe, expect, it } from 'vitest';
import { screenPoint, imagePoint } from './geometry';
import { fitViewport, toImage, toScreen, viewportFor, zoomAround, zoomToRegion } from './viewport';

describe('viewport', () => {
  it('fits the photo centred, and zoom 1 without pan is the fit', () => {
    const fit = fitViewport(1000, 600, 2000, 1000);
    expect(fit.scale).toBeCloseTo(0.476, 3);
    expect(viewportFor(1000, 600, 2000, 1000, { zoom: 1, panX: 0, panY: 0 })).toEqual(fit);
  });

  it('zooms around the cursor: the photo point under it stays put', () => {
    const zp = { zoom: 1.5, panX: 30, panY: -10 };
    const at = screenPoint(640, 210);
    const before = toImage(viewportFor(1000, 600, 2000, 1000, zp), at);
    const next = zoomAround(1000, 600, 2000, 1000, zp, at, 2.2);
    const after = toImage(viewportFor(1000, 600, 2000, 1000, next), at);
    expect(next.zoom).toBeCloseTo(3.3);
    expect(after.x).toBeCloseTo(before.x, 6);
    expect(after.y).toBeCloseTo(before.y, 6);
  });

  it('zooms to a region so that its centre is the stage centre', () => {
    const zp = zoomToRegion(1000, 600, 2000, 1000, { x: 800, y: 300, size: 200 });
    const v = viewportFor(1000, 600, 2000, 1000, zp);
    const c = toScreen(v, imagePoint(900, 400));
    expect(c.x).toBeCloseTo(500, 6);
    expect(c.y).toBeCloseTo(300, 6);
    expect(200 * v.scale).toBeCloseTo(552, 6);
  });
});
