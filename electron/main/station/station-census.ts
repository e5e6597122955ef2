import type { StationConfig } from '../../../shared/config/station-config';
import type { Bed } from '../../../shared/domain/bed';
import { WHOLE_UNIT, type CareGroupView } from '../../../shared/domain/care-group';
import { PATIENT_CATEGORIES, type PatientCategory } from '../../../shared/domain/patient';
import type { AlarmEngine } from '../alarms/alarm-engine';
import { Census } from '../census/census';
import type { CensusPersistence } from '../census/census-store';
import { simulatedPatients } from '../census/simulated-patients';
import type { Logger } from '../logging/logger';
import type { Clock } from '../time/clock';
import type { StationAuditTrail } from './station-audit';

/**
 * The census, wired to the station's alarm engine and audit trail: a bed's
 * limits follow its patient (the category's profile on admission, the
 * patient's own on transfer), and the census's technical alarms are the
 * engine's. The limit profiles are named after the categories (adult,
 * paediatric, neonatal: shared/alarms/limit-profiles.ts).
 */
export function createStationCensus(deps: {
  config: StationConfig;
  beds: readonly Bed[];
  audit: StationAuditTrail;
  alarms: AlarmEngine;
  clock: Clock;
  logger: Logger;
  store?: CensusPersistence | undefined;
}): Census {
  const { config, alarms } = deps;
  const feed = config.feed;
  return new Census({
    stationId: config.stationId,
    beds: deps.beds,
    audit: deps.audit,
    clock: deps.clock,
    logger: deps.logger,
    ...(deps.store ? { store: deps.store } : {}),
    defaultCategory: categoryOf(config.alarms.defaultProfile),
    ...(feed.kind === 'simulator' ? { seed: (at: number) => simulatedPatients(deps.beds, feed.seed, at) } : {}),
    limits: {
      resetToCategory: async (bedId, category, actor, context) => {
        await alarms.resetLimits(bedId, category, actor, context);
      },
      copyLimits: async (fromBedId, toBedId, actor, context) => {
        await alarms.copyLimits(fromBedId, toBedId, actor, context);
      },
    },
    alarms: (code, bedId, present) => {
      if (present) alarms.raiseTechnical(code, { bedId });
      else alarms.clearTechnical(code, bedId);
    },
  });
}

function categoryOf(profile: string): PatientCategory {
  return (PATIENT_CATEGORIES as readonly string[]).includes(profile) ? (profile as PatientCategory) : 'adult';
}

/** The config's care groups as views and rules see them; no groups is the whole unit. */
export function careGroupViewOf(config: StationConfig): CareGroupView {
  const cg = config.careGroups;
  if (!cg) return WHOLE_UNIT;
  return {
    groups: cg.groups.map((g) => ({ id: g.id, name: g.name, bedIds: [...g.beds] })),
    shown: cg.show ?? null,
    nursesAcknowledgeAnyGroup: cg.nursesAcknowledgeAnyGroup,
  };
}
