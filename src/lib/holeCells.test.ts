import { describe, expect, it } from 'vitest';
import { holeCells } from './holeCells';

describe('holeCells', () => {
  it('marks every cell a hole pixel touches, grown by one pixel, and nothing farther', () => {
    const size = 64, R = 8; // cells of 8 px
    const hole = new Uint8Array(size * size);
    hole[20 * size + 20] = 1; // inside cell (2, 2), 4 px from every edge
    let m = holeCells(hole, size, R);
    expect(Array.from(m).reduce((a, b) => a + b, 0)).toBe(1);
    expect(m[2 * R + 2]).toBe(1);
    hole.fill(0);
    hole[16 * size + 23] = 1; // on the top edge of cell (2, 2), right edge too: the grown pixel reaches three neighbours
    m = holeCells(hole, size, R);
    expect([m[1 * R + 2], m[1 * R + 3], m[2 * R + 2], m[2 * R + 3]]).toEqual([1, 1, 1, 1]);
    expect(Array.from(m).reduce((a, b) => a + b, 0)).toBe(4);
    expect(Array.from(holeCells(hole, size, R, 0)).reduce((a, b) => a + b, 0)).toBe(1);
  });

  it('at the same size, a cell is a pixel: the hole grown by one pixel', () => {
    const hole = new Uint8Array(16 * 16);
    hole[5 * 16 + 5] = 1;
    expect(Array.from(holeCells(hole, 16, 16)).reduce((a, b) => a + b, 0)).toBe(9);
  });
});
