/** Base class of every error the emulator throws at its caller (never at an HTTP client). */
export class EmulatorError extends Error {
  readonly code: string
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.code = code
    this.name = new.target.name
  }
}

/** The configuration (options or JSON file) is not valid; the message names the field. */
export class EmulatorConfigError extends EmulatorError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('ERR_EMULATOR_CONFIG', message, options)
  }
}
