import { useMemo } from 'react';
import type { Bed } from '../../../shared/domain/bed';
import { shownBeds } from '../../../shared/domain/care-group';
import { useUnitStore } from '../store/unit-store';

/** A bed this wall shows, with its index in the unit (which is its index in the waveform frames). */
export interface ShownBed {
  bed: Bed;
  unitIndex: number;
}

/**
 * The beds of the care group this station shows (all of the unit's when it
 * shows the whole unit), in unit order. The wall fits itself to these; the
 * other groups' beds reach this station only through the "other beds" strip.
 */
export function useShownBeds(): ShownBed[] {
  const beds = useUnitStore((s) => s.unit?.beds);
  const careGroups = useUnitStore((s) => s.unit?.careGroups);
  return useMemo(() => {
    const all = beds ?? [];
    const shown = careGroups ? shownBeds(careGroups) : null;
    return all.map((bed, unitIndex) => ({ bed, unitIndex })).filter(({ bed }) => shown === null || shown.has(bed.bedId));
  }, [beds, careGroups]);
}
