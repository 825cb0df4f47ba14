import { describe, expect, it } from 'vitest';
import { defaultBounds, isVisibleOnSomeDisplay } from '../../../src-main/electron/window-bounds.js';

const primary = { x: 0, y: 0, width: 1920, height: 1040 };
const right = { x: 1920, y: 0, width: 2560, height: 1400 };

describe('window bounds', () => {
  it('restores bounds whose title strip lies on a display', () => {
    expect(isVisibleOnSomeDisplay({ x: 100, y: 100, width: 1200, height: 800 }, [primary])).toBe(true);
    expect(isVisibleOnSomeDisplay({ x: 2000, y: 50, width: 1200, height: 800 }, [primary, right])).toBe(true);
  });

  it('refuses bounds on an unplugged display or off screen', () => {
    expect(isVisibleOnSomeDisplay({ x: 2000, y: 50, width: 1200, height: 800 }, [primary])).toBe(false);
    expect(isVisibleOnSomeDisplay({ x: 100, y: -500, width: 1200, height: 400 }, [primary])).toBe(false);
    expect(isVisibleOnSomeDisplay({ x: 1900, y: 100, width: 1200, height: 800 }, [primary])).toBe(false);
    expect(isVisibleOnSomeDisplay({ x: 0, y: 0, width: 1200, height: 800 }, [])).toBe(false);
    expect(isVisibleOnSomeDisplay({ x: Number.NaN, y: 0, width: 1200, height: 800 }, [primary])).toBe(false);
  });

  it('defaults to 1440x900 centred, shrunk to small screens', () => {
    expect(defaultBounds(primary)).toEqual({ x: 240, y: 70, width: 1440, height: 900 });
    expect(defaultBounds({ x: 0, y: 0, width: 1280, height: 720 })).toEqual({ x: 0, y: 0, width: 1280, height: 720 });
  });
});
