/** One article of the seed file: its excerpt and, when the seed gives them, category and date. */
export interface SeedArticle {
  readonly position: number;
  readonly excerpt: string;
  readonly category: string | null;
  readonly date: string | null;
}

const datePattern = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Parses the seed: one excerpt per line; a category line followed by a date line gives the
 * category and date of the excerpt that comes next.
 */
export function parseSeed(text: string): SeedArticle[] {
  const lines = text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line.length > 0);
  const articles: SeedArticle[] = [];
  let category: string | null = null;
  let date: string | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const next = lines[i + 1];
    if (next !== undefined && datePattern.test(next) && line.length <= 40) {
      category = line;
      date = next;
      i++;
      continue;
    }
    articles.push({ position: articles.length + 1, excerpt: line, category, date });
    category = null;
    date = null;
  }
  return articles;
}
