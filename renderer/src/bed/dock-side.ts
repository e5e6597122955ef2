/**
 * Which side the bed drawer opens on: away from the bed's own tile, so the
 * nurse keeps that bed's live waveforms and numbers in view while reading
 * its limits and history.
 */
export type DockSide = 'left' | 'right';

export interface Box {
  left: number;
  width: number;
}

export function dockSideFor(tile: Box | null, area: Box | null): DockSide {
  if (!tile || !area || area.width <= 0) return 'right';
  return tile.left + tile.width / 2 > area.left + area.width / 2 ? 'left' : 'right';
}

/** Measured once, when the drawer opens: the wall does not move under it. */
export function dockSideForBed(bedId: string): DockSide {
  const tile = document.querySelector(`[data-testid="bed-tile"][data-bed-id="${CSS.escape(bedId)}"]`);
  const area = tile?.closest('.wall-area') ?? null;
  return dockSideFor(tile?.getBoundingClientRect() ?? null, area?.getBoundingClientRect() ?? null);
}
