/**
 * Wraps a user- or main-provided string in Unicode isolates (FSI…PDI) before it is
 * interpolated into a translated sentence, so an English title inside a Hebrew sentence
 * (or the reverse) keeps its own order and its punctuation stays put.
 */
export function isolate(text: string): string {
  return `\u2068${text}\u2069`;
}
