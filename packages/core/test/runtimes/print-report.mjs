// The one output format every runner shares, so run-all.mjs can add the runtimes up from their
// summary lines. Plain ESM with no imports: Bun and Deno load it as it is.

/** Prints a line per failure and the summary line; returns the exit code the runner should use. */
export function printReport(runtime, report) {
  for (const failure of report.failures) {
    // One line per failure, whatever the message holds (assertion messages span several lines).
    console.log(`${runtime}: FAIL ${failure.name}: ${failure.message.replace(/\s*\n\s*/g, ' | ')}`)
  }
  console.log(`${runtime}: default crypto ${report.defaultCrypto}; backends: ${report.backends.join(', ')}`)
  console.log(`${runtime}: ${report.passed} passed, ${report.failed} failed`)
  // Zero tests is a broken harness, not a pass.
  return report.failed === 0 && report.passed > 0 ? 0 : 1
}

/** For a runner that could not get a report at all: still one summary line, and a failure. */
export function printCrash(runtime, error) {
  console.log(`${runtime}: FAIL could not run the suite: ${String(error?.message ?? error).replace(/\s*\n\s*/g, ' | ')}`)
  // The stack helps whoever debugs the harness; it goes to stderr so stdout stays one line per failure.
  if (error?.stack) console.error(error.stack)
  console.log(`${runtime}: 0 passed, 1 failed`)
  return 1
}
