/** Schedule stage: files → validated rules → the pure planner. Other stages import from here. */
export type {
  Conflict, ConflictKind, FileItem, Plan, PlannedBlock, PlannedFileItem, PlannedItem, PlannedRelayItem, Priority, RelayItem, Schedule, ScheduleItem,
  ScheduleProblem, SkippedOccurrence, SkipRange, Slot,
} from './types.js';
export { estimateBulletinSeconds, formatProblem, loadSchedules, MAX_TEXT_BYTES, parseScheduleText, relayHostAllowed, type ParseOptions } from './parse.js';
export { DEFAULT_ITEM_SECONDS, planAirings, type PlanOptions } from './planner.js';
export {
  checkAirtime, describeAirtimeRules, hasAirtimeRules, type AirtimeCheck, type AirtimeRule, type AirtimeRules, type AirtimeSession, type AirtimeViolation,
} from './airtime.js';
