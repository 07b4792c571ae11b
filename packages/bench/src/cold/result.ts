/**
 * What a cold-start script prints: when its imports were done and how long its first call
 * took, both from `performance.now()` (milliseconds since the process started), and its CPU.
 */
export const report = (ready: number, done: number, items: number): void => {
  const cpu = process.cpuUsage()
  const result = { readyMs: ready, callMs: done - ready, items, cpuMs: (cpu.user + cpu.system) / 1000 }
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`)
}
