/** Schedule stage: files → validated rules → the pure planner. Other stages import from here. */
export type {
  Conflict, ConflictKind, Plan, PlannedBlock, PlannedItem, Priority, Schedule, ScheduleItem, ScheduleProblem, SkippedOccurrence, SkipRange, Slot,
} from './types.js';
export { estimateBulletinSeconds, formatProblem, loadSchedules, parseScheduleText, type ParseOptions } from './parse.js';
export { atInstant, DEFAULT_ITEM_SECONDS, planAirings, type PlanOptions } from './planner.js';
export { formatLocal, instantOf, localTimeOf, parseDate } from './tz.js';
