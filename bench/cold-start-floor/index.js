export const floor = true
