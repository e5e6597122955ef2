import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { WaveformBuffers, SweepRenderer } from './waveform';
import { connectStation } from './station/station-client';
import { getVigilApi } from './station/vigil-api';
import { WaveformContext } from './wall/waveform-context';
import './styles.css';

const api = getVigilApi();
const buffers = new WaveformBuffers();
const sweep = new SweepRenderer(buffers);

if (api) {
  connectStation(api, buffers);
  sweep.start();
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <WaveformContext.Provider value={sweep}>
      <App apiAvailable={api !== null} />
    </WaveformContext.Provider>
  </StrictMode>,
);
