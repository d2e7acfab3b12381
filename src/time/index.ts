/**
 * Local time, in one place: the shape (`LocalDate`, `LocalTime` …) and zone arithmetic (zone.ts),
 * calendar arithmetic (calendar.ts), every parser of a written date, month, time of day, date-time
 * or duration (parse.ts) and every formatter (format.ts). Pure: the zone and the instant are always
 * arguments, nothing reads the clock. Schedules are local time; the stores keep UTC instants.
 */
export * from './calendar.js';
export * from './format.js';
export * from './parse.js';
export * from './zone.js';
