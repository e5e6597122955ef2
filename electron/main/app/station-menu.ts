import { Menu, type MenuItemConstructorOptions } from 'electron';
import { SCENARIO_KINDS, type ScenarioKind } from '../../../shared/domain/scenario';
import type { Logger } from '../logging/logger';
import type { Station } from '../station/station';
import { stationMenuTemplate } from './menu-template';

const LABEL: Record<ScenarioKind, string> = {
  desaturation: 'Desaturation',
  tachycardia: 'Tachycardia',
  bradycardia: 'Bradycardia',
  tachypnoea: 'Tachypnoea',
  fever: 'Fever (slow temperature rise)',
  'ecg-lead-off': 'ECG lead off',
  'bed-silent': 'Bed goes silent',
  'feed-drop': 'Whole feed drops',
  recover: 'Recover',
};

/**
 * Application menu for a workstation (menu-template.ts says what is in it and
 * why). When the simulated unit runs with scenario controls on, a Scenarios
 * menu lets a developer or trainer script events on any bed. A wall gets no
 * menu at all (set by the caller).
 */
export function buildStationMenu(station: Station, options: { appName: string; developerTools: boolean; requestQuit: () => void }, log: Logger): Menu {
  return Menu.buildFromTemplate(
    stationMenuTemplate({
      platform: process.platform,
      appName: options.appName,
      developerTools: options.developerTools,
      requestQuit: options.requestQuit,
      scenarios: station.scenariosEnabled() ? scenariosMenu(station, log) : null,
    }),
  );
}

function scenariosMenu(station: Station, log: Logger): MenuItemConstructorOptions {
  return {
    label: 'Scenarios',
    submenu: SCENARIO_KINDS.map((scenario) =>
      scenario === 'feed-drop'
        ? { label: LABEL[scenario], click: () => run(station, log, scenario) }
        : {
            label: LABEL[scenario],
            submenu: station.beds.map((bed) => ({ label: bed.label, click: () => run(station, log, scenario, bed.bedId) })),
          },
    ),
  };
}

function run(station: Station, log: Logger, scenario: ScenarioKind, bedId?: string): void {
  try {
    station.triggerScenario({ scenario, ...(bedId ? { bedId } : {}) });
  } catch (error) {
    log.warn('scenario.menu-failed', { scenario, reason: (error as Error).message });
  }
}
