/** Median and spread of repeated runs, and the formatting the report uses. */

export const median = (values: ReadonlyArray<number>): number => {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

export const min = (values: ReadonlyArray<number>) => Math.min(...values)
export const max = (values: ReadonlyArray<number>) => Math.max(...values)

const digits = (value: number) => Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2

export const num = (value: number, fixed?: number): string =>
  Number.isFinite(value) ? value.toFixed(fixed ?? digits(value)) : "–"

/** `median (min–max)` of a metric over runs. */
export const spread = (values: ReadonlyArray<number>, fixed?: number): string =>
  values.length === 1
    ? num(values[0]!, fixed)
    : `${num(median(values), fixed)} (${num(min(values), fixed)}–${num(max(values), fixed)})`

export const mb = (bytes: number) => bytes / (1024 * 1024)
export const kb = (bytes: number) => bytes / 1024
