/**
 * Time convention for the whole workstation: every timestamp that crosses a module boundary is a UTC epoch in
 * integer milliseconds. Sub-millisecond precision is only used for measurements (latency, loop delay), which
 * are durations and carry their unit in their name.
 */
export type EpochMs = number;

export const MS_PER_SECOND = 1000;
