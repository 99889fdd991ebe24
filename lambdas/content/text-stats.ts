/**
 * word_count and reading_time_min from a body written in Markdown or HTML.
 * Markup is dropped before counting (tags, <script>/<style> contents, link and
 * image targets, entities); what is left is counted as runs of letters and
 * digits, so punctuation-only tokens (`#`, `---`, `|`, `*`) never count, a
 * contraction or hyphenated word counts once, and 3.5 is one number.
 */
export const WORDS_PER_MINUTE = 200;

const WORD = /[\p{L}\p{N}]+(?:['’\-.,][\p{L}\p{N}]+)*/gu;

export function plainText(body: string): string {
  return (
    body
      // HTML: comments, script/style contents, then tags (a tag breaks words: <br>).
      .replace(/<!--[\s\S]*?-->/g, ' ')
      .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, ' ')
      .replace(/<\/?[a-z][^>]*>/gi, ' ')
      .replace(/&(?:[a-z]+|#\d+|#x[0-9a-f]+);/gi, ' ')
      // Markdown: images and links keep their text, not their targets; reference definitions go.
      .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/\[([^\]]*)\]\[[^\]]*\]/g, '$1')
      .replace(/^\s{0,3}\[[^\]]+\]:\s*\S+.*$/gm, ' ')
      // Code fence markers (with their language tag); the code itself is text a reader reads.
      .replace(/^\s*(```|~~~)[^\n]*$/gm, ' ')
      // Emphasis and inline code markers glued to words: _word_ and `code`.
      .replace(/[_*`~]+/g, ' ')
  );
}

export function wordCount(body: string): number {
  return plainText(body).match(WORD)?.length ?? 0;
}

/** Whole minutes at WORDS_PER_MINUTE, at least 1 for any text with words; 0 for none. */
export function readingMinutes(words: number): number {
  return words <= 0 ? 0 : Math.max(1, Math.ceil(words / WORDS_PER_MINUTE));
}

/**
 * The derived fields a write should carry: when the body is written and the
 * caller did not give word_count, it is counted; reading_time_min follows the
 * (given or counted) word_count unless given. A null body clears both.
 */
export function derivedTextStats(values: Record<string, unknown>): Record<string, number | null> {
  if (!('content_body' in values)) {
    if ('word_count' in values && !('reading_time_min' in values)) {
      const words = values.word_count;
      return { reading_time_min: typeof words === 'number' ? readingMinutes(words) : null };
    }
    return {};
  }
  const body = values.content_body;
  const words = 'word_count' in values ? (values.word_count as number | null) : typeof body === 'string' ? wordCount(body) : null;
  const derived: Record<string, number | null> = {};
  if (!('word_count' in values)) derived.word_count = words;
  if (!('reading_time_min' in values)) derived.reading_time_min = words === null ? null : readingMinutes(words);
  return derived;
}
