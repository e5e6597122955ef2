import { describe, expect, it } from 'vitest';
import type { AlarmCondition } from '../../../shared/domain/alarm-condition';
import { isAudibleHere, isOtherBedsAlarm, isShownHere, mayAcknowledgeHere, WHOLE_UNIT, type CareGroupView } from '../../../shared/domain/care-group';
import { StationConfigSchema } from '../../../shared/config/station-config';
import { describeIssues } from '../../../shared/validation';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const view = (overrides: Partial<CareGroupView> = {}): CareGroupView => ({
  groups: [
    { id: 'north', name: 'North', bedIds: ['bed-01', 'bed-02'] },
    { id: 'south', name: 'South', bedIds: ['bed-03', 'bed-04'] },
  ],
  shown: 'north',
  nursesAcknowledgeAnyGroup: false,
  ...overrides,
});

const alarm = (bedId: string | null, priority: AlarmCondition['priority'], extra: Partial<AlarmCondition> = {}): AlarmCondition => ({
  alarmId: `a-${bedId}-${priority}`,
  bedId,
  code: 'X',
  message: 'x',
  source: 'device',
  priority,
  latching: false,
  state: 'active',
  acknowledged: false,
  onsetAt: 0,
  triggerValue: null,
  limit: null,
  escalationLevel: 1,
  ...extra,
});

/** Care groups: what a station shows, what reaches its "other beds" strip, what it sounds, who may acknowledge. */
describe('care groups', () => {
  it('a group station shows its beds and unit-wide alarms; the whole unit shows everything', () => {
    expect(isShownHere(view(), 'bed-01')).toBe(true);
    expect(isShownHere(view(), 'bed-03')).toBe(false);
    expect(isShownHere(view(), null)).toBe(true);
    expect(isShownHere(WHOLE_UNIT, 'bed-03')).toBe(true);
  });

  it('another group\'s HIGH alarms reach the other-beds strip until acknowledged; its MEDIUM and LOW stay with its own station', () => {
    expect(isOtherBedsAlarm(view(), alarm('bed-03', 'HIGH'))).toBe(true);
    expect(isOtherBedsAlarm(view(), alarm('bed-03', 'HIGH', { acknowledged: true, state: 'acknowledged' }))).toBe(false);
    expect(isOtherBedsAlarm(view(), alarm('bed-03', 'MEDIUM'))).toBe(false);
    expect(isOtherBedsAlarm(view(), alarm('bed-01', 'HIGH'))).toBe(false);
    expect(isOtherBedsAlarm(view(), alarm(null, 'HIGH'))).toBe(false);
    expect(isOtherBedsAlarm(WHOLE_UNIT, alarm('bed-03', 'HIGH'))).toBe(false);
  });

  it('sounds its own group and unit-wide alarms; another group\'s only once a HIGH has escalated unanswered', () => {
    expect(isAudibleHere(view(), { bedId: 'bed-02', priority: 'LOW', escalationLevel: 1 })).toBe(true);
    expect(isAudibleHere(view(), { bedId: null, priority: 'MEDIUM', escalationLevel: 1 })).toBe(true);
    expect(isAudibleHere(view(), { bedId: 'bed-04', priority: 'HIGH', escalationLevel: 1 })).toBe(false);
    expect(isAudibleHere(view(), { bedId: 'bed-04', priority: 'HIGH', escalationLevel: 2 })).toBe(true);
    expect(isAudibleHere(view(), { bedId: 'bed-04', priority: 'MEDIUM', escalationLevel: 3 })).toBe(false);
  });

  it('a charge nurse may acknowledge in any group; a nurse in her own only, unless the config allows any', () => {
    expect(mayAcknowledgeHere(view(), 'charge-nurse', 'bed-03')).toBe(true);
    expect(mayAcknowledgeHere(view(), 'nurse', 'bed-03')).toBe(false);
    expect(mayAcknowledgeHere(view(), 'nurse', 'bed-02')).toBe(true);
    expect(mayAcknowledgeHere(view(), 'nurse', null)).toBe(true);
    expect(mayAcknowledgeHere(view({ nursesAcknowledgeAnyGroup: true }), 'nurse', 'bed-03')).toBe(true);
    expect(mayAcknowledgeHere(WHOLE_UNIT, 'nurse', 'bed-03')).toBe(true);
  });

  it('the config puts every bed in exactly one named group and shows one that exists', () => {
    const config = (careGroups: unknown) => StationConfigSchema.safeParse({ feed: { kind: 'simulator', beds: 4 }, careGroups });
    const groups = [
      { id: 'north', name: 'North', beds: ['bed-01', 'bed-02'] },
      { id: 'south', name: 'South', beds: ['bed-03', 'bed-04'] },
    ];
    expect(config({ groups, show: 'south' }).success).toBe(true);
    const problems = (c: unknown) => {
      const r = config(c);
      return r.success ? '' : describeIssues(r.error);
    };
    expect(problems({ groups: [groups[0]] })).toMatch(/careGroups\.groups: every bed must be in a care group; not in any: bed-03, bed-04/);
    expect(problems({ groups: [...groups, { id: 'east', name: 'East', beds: ['bed-02'] }] })).toMatch(/careGroups\.groups\.2\.beds\.0: bed bed-02 is already in care group north/);
    expect(problems({ groups, show: 'west' })).toMatch(/careGroups\.show: there is no care group west/);
    expect(problems({ groups: [{ id: 'north', name: 'North', beds: ['bed-01', 'bed-02', 'bed-09'] }, groups[1]] })).toMatch(/bed bed-09 is not one of this station's beds/);
  });

  it('the 64-bed example (docs/examples/care-groups-64-beds.json) is a valid config: four groups of 16, this desk shows North', () => {
    const parsed = StationConfigSchema.safeParse(JSON.parse(readFileSync(join(__dirname, '../../../docs/examples/care-groups-64-beds.json'), 'utf8')));
    expect(parsed.success ? 'valid' : describeIssues(parsed.error)).toBe('valid');
    const groups = parsed.data!.careGroups!;
    expect(groups.groups.map((g) => g.beds.length)).toEqual([16, 16, 16, 16]);
    expect(groups.show).toBe('north');
    expect(parsed.data!.adt).toBeDefined();
  });
});
