import { describe, expect, it } from 'vitest';
import { dockSideFor } from '../../../renderer/src/bed/dock-side';

describe('bed drawer side', () => {
  const wall = { left: 0, width: 1600 };

  it('opens away from the bed’s tile', () => {
    expect(dockSideFor({ left: 0, width: 400 }, wall)).toBe('right');
    expect(dockSideFor({ left: 1200, width: 400 }, wall)).toBe('left');
  });

  it('defaults to the right when the tile cannot be measured', () => {
    expect(dockSideFor(null, wall)).toBe('right');
    expect(dockSideFor({ left: 1200, width: 400 }, { left: 0, width: 0 })).toBe('right');
  });
});
