/** The demo's printed report: one line per step with its timing, and a count of failures. */
export interface DemoReport {
  section(title: string): void
  /** Runs a step, prints ✔/✘ with the time it took and what it returned; never throws. */
  step<T>(label: string, run: () => Promise<T>, describe?: (value: T) => string): Promise<T | undefined>
  note(text: string): void
  readonly failures: number
}

export function createDemoReport(write: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): DemoReport {
  let failures = 0
  return {
    section(title) {
      write(`\n${title}`)
    },
    async step(label, run, describe) {
      const started = performance.now()
      try {
        const value = await run()
        const milliseconds = (performance.now() - started).toFixed(0).padStart(5)
        const detail = describe === undefined ? '' : ` → ${describe(value)}`
        write(`  ✔ ${milliseconds} ms  ${label}${detail}`)
        return value
      } catch (error) {
        failures += 1
        const milliseconds = (performance.now() - started).toFixed(0).padStart(5)
        write(`  ✘ ${milliseconds} ms  ${label}: ${(error as Error)?.message ?? String(error)}`)
        return undefined
      }
    },
    note(text) {
      write(`    ${text}`)
    },
    get failures() {
      return failures
    },
  }
}
