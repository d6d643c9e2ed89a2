/**
 * What fetch's `Headers` refuses in a value: a NUL, CR or LF, or anything that is not a byte
 * (beyond U+00FF). It refuses with a TypeError that quotes the value, which may be a token, so
 * callers check first and say what is wrong without the value. CR and LF would also inject headers.
 */
const unsendable = /[\0\r\n]|[^\0-\xff]/

export const isSendableHeaderValue = (value: string): boolean => !unsendable.test(value)
