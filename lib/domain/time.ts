/** Time constants shared by Convex functions, the Next app and tests, so a day is written once. */

/** One day in milliseconds (a UTC day: no daylight-saving shifts in stored timestamps). */
export const DAY_MS = 86_400_000;
