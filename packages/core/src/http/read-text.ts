/**
 * A body as text, or undefined as soon as it is longer than `limit` characters: the stream is then
 * cancelled, so an endless answer is cut off there instead of read into memory until a timeout.
 */
export async function readTextUpTo(response: Response, limit: number): Promise<string | undefined> {
  const reader = response.body?.getReader()
  const decoder = new TextDecoder()
  let text = ''
  for (let chunk; reader && !(chunk = await reader.read()).done; ) {
    text += decoder.decode(chunk.value, { stream: true })
    if (text.length > limit) return void reader.cancel().catch(() => {})
  }
  return text + decoder.decode()
}
