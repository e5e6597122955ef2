import { createContext } from 'react';
import type { SweepRenderer, WallSurface } from '../waveform';

/** The one sweep renderer drawing every tile's traces outside React. */
export const WaveformContext = createContext<SweepRenderer | null>(null);

/** The wall's shared waveform canvas, in which each tile gets a region (see wall-surface.ts). */
export const WallSurfaceContext = createContext<WallSurface | null>(null);
