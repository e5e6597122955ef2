import { createContext } from 'react';
import type { SweepRenderer } from '../waveform';

/** The one sweep renderer drawing every tile's canvas outside React. */
export const WaveformContext = createContext<SweepRenderer | null>(null);
