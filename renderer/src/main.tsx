import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { WaveformBuffers, SweepRenderer } from './waveform';
import { connectStation } from './station/station-client';
import { getVigilApi } from './station/vigil-api';
import { WaveformContext } from './wall/waveform-context';
import { ApiContext } from './station/api-context';
import { startAnnunciator } from './alarms/annunciator';
import './styles.css';

const api = getVigilApi();
const buffers = new WaveformBuffers();
const sweep = new SweepRenderer(buffers);

if (api) {
  connectStation(api, buffers);
  sweep.start();
  const { sounder } = startAnnunciator(api);
  // Read-only diagnostics for tests and service staff: what is sounding and
  // whether the audio output is producing signal. No patient data.
  Object.defineProperty(window, '__vigilDiagnostics', {
    value: Object.freeze({
      audio: () => sounder.diagnostics(),
      toneStartsSince: (sinceEpochMs: number) => sounder.toneStartsSince(sinceEpochMs),
      rejectedWaveformFrames: () => buffers.rejectedFrames,
    }),
  });
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ApiContext.Provider value={api}>
      <WaveformContext.Provider value={sweep}>
        <App apiAvailable={api !== null} />
      </WaveformContext.Provider>
    </ApiContext.Provider>
  </StrictMode>,
);
