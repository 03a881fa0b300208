import type { Lang } from './accounts';
import type { CardContent } from './content';
import { db } from './db';
import { cardContentSchema, readStored } from './stored-json';

export interface ArticleSummary {
  readonly slug: string;
  readonly position: number;
  readonly title: string;
  readonly titleZh: string;
  readonly titleEn: string;
  readonly category: string;
  readonly date: string | null;
  readonly cardCount: number;
  readonly families: readonly string[];
}

export interface ArticleCard {
  readonly id: string;
  readonly content: CardContent;
}

export interface ArticleDetail extends ArticleSummary {
  readonly summary: string;
  readonly excerpt: string;
  readonly sourceUrl: string | null;
  readonly cards: readonly ArticleCard[];
}

type ArticleRow = Awaited<ReturnType<typeof db.article.findMany>>[number];
type CardRow = { id: string; familyId: string | null };

function toSummary(article: ArticleRow, cards: readonly CardRow[], lang: Lang): ArticleSummary {
  return {
    slug: article.slug,
    position: article.position,
    title: lang === 'en' ? article.titleEn || article.titleZh : article.titleZh || article.titleEn,
    titleZh: article.titleZh,
    titleEn: article.titleEn,
    category: article.category,
    date: article.date,
    cardCount: cards.length,
    families: [...new Set(cards.flatMap((card) => (card.familyId ? [card.familyId] : [])))],
  };
}

const liveCards = { where: { retiredAt: null }, orderBy: { position: 'asc' }, select: { id: true, content: true, familyId: true } } as const;

/** Every article (bundled in seed order, then the group's own), with their live card counts and problem families. */
export async function listArticles(lang: Lang): Promise<ArticleSummary[]> {
  const articles = await db.article.findMany({ orderBy: { position: 'asc' }, include: { cards: liveCards } });
  return articles.map((article) => toSummary(article, article.cards, lang));
}

/** One article with its summary, source excerpt and live cards; null when the slug is unknown. */
export async function getArticle(slug: string, lang: Lang): Promise<ArticleDetail | null> {
  const article = await db.article.findUnique({ where: { slug }, include: { cards: liveCards } });
  if (!article) return null;
  return {
    ...toSummary(article, article.cards, lang),
    summary: lang === 'en' ? article.summaryEn || article.summaryZh : article.summaryZh || article.summaryEn,
    excerpt: article.excerpt,
    sourceUrl: article.sourceUrl,
    cards: article.cards.map((card) => ({ id: card.id, content: readStored(cardContentSchema, card.content, 'Card.content') })),
  };
}
