import type { SignatureClaim } from './signature-claim.js'
import { StsFault } from './sts-fault.js'

function amz(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '')
}

/** AWS's own words for a signature outside the allowed window (15 minutes by default). */
export function checkSignatureTime(claim: SignatureClaim, now: Date, maxSkewSeconds: number): void {
  const skewMs = maxSkewSeconds * 1000
  const minutes = maxSkewSeconds % 60 === 0 ? `${maxSkewSeconds / 60} min.` : `${maxSkewSeconds} sec.`
  if (claim.location === 'query') {
    const expiresAt = claim.date.getTime() + (claim.expiresIn ?? 0) * 1000
    if (now.getTime() > expiresAt) {
      // A presigned URL past X-Amz-Expires is worded like a stale header signature.
      throw new StsFault('SignatureDoesNotMatch', `Signature expired: ${amz(new Date(expiresAt))} is now earlier than ${amz(now)} (${claim.amzDate} + ${claim.expiresIn ?? 0} sec.)`, 403)
    }
    if (claim.date.getTime() - now.getTime() > skewMs) {
      throw new StsFault('SignatureDoesNotMatch', `Signature not yet current: ${claim.amzDate} is still later than ${amz(new Date(now.getTime() + skewMs))} (${amz(now)} + ${minutes})`, 403)
    }
    return
  }
  if (now.getTime() - claim.date.getTime() > skewMs) {
    throw new StsFault('SignatureDoesNotMatch', `Signature expired: ${claim.amzDate} is now earlier than ${amz(new Date(now.getTime() - skewMs))} (${amz(now)} - ${minutes})`, 403)
  }
  if (claim.date.getTime() - now.getTime() > skewMs) {
    throw new StsFault('SignatureDoesNotMatch', `Signature not yet current: ${claim.amzDate} is still later than ${amz(new Date(now.getTime() + skewMs))} (${amz(now)} + ${minutes})`, 403)
  }
}
