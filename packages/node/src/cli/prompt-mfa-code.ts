import { createInterface } from 'node:readline/promises'
import { CredkitError } from '@credkit/core'

/** An MFA code is needed and there is neither `--mfa-code` nor a terminal to ask on. */
export class MfaCodeUnavailableError extends CredkitError {
  static override code = 'ERR_CLI_MFA_CODE_UNAVAILABLE'
  override code = 'ERR_CLI_MFA_CODE_UNAVAILABLE'
}

export interface MfaPromptStreams {
  readonly input: NodeJS.ReadableStream & { readonly isTTY?: boolean }
  readonly output: NodeJS.WritableStream
}

/**
 * The code from `--mfa-code`, else asked for on the terminal (the question goes to stderr so stdout
 * stays clean for `eval`). The flag's code is handed out once: a code is good for one AssumeRole.
 */
export function mfaCodeProvider(flagCode: string | undefined, streams: MfaPromptStreams): (serial: string) => Promise<string> {
  let unused = flagCode
  return async (serial) => {
    if (unused !== undefined) {
      const code = unused
      unused = undefined
      return code
    }
    if (flagCode !== undefined || streams.input.isTTY !== true) {
      throw new MfaCodeUnavailableError(
        flagCode !== undefined
          ? `a second MFA code is needed for ${serial} and --mfa-code gave one only`
          : `an MFA code is needed for ${serial}: pass --mfa-code (there is no terminal to ask on)`,
      )
    }
    const prompt = createInterface({ input: streams.input, output: streams.output, terminal: true })
    try {
      return (await prompt.question(`MFA code for ${serial}: `)).trim()
    } finally {
      prompt.close()
    }
  }
}
