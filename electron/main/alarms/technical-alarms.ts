/**
 * The technical alarm vocabulary is closed and lives in shared/ (the views
 * and the back-end code name the same codes); see
 * shared/alarms/technical-alarm-codes.ts for the codes, their priorities and why.
 */
export { TECHNICAL_ALARM_CODES, TECHNICAL_ALARM_DEFAULTS, type TechnicalAlarmCode } from '../../../shared/alarms/technical-alarm-codes';
