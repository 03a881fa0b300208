import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import type { Level } from '@/engine';
import { dictionary, t } from '@/lib/i18n';
import { pageLang, requirePageUser } from '@/lib/session';
import { freshSeed, practiceInstance, seedFromQuery } from '@/lib/tensor-runs';
import { TensorPractice } from './tensor-practice';

export const metadata: Metadata = { title: 'Practice' };

type Query = Record<string, string | string[] | undefined>;
type Props = { params: Promise<{ family: string }>; searchParams: Promise<Query> };

const levels: readonly Level[] = ['easy', 'medium', 'hard'];

/** One tensor exercise: the prompt, rendered here, and the run + answer panel in the browser. */
export default async function PracticeFamilyPage({ params, searchParams }: Props) {
  const user = await requirePageUser();
  const lang = await pageLang(user);
  const { family } = await params;
  const query = await searchParams;
  const level = levels.find((l) => l === query.level) ?? 'medium';
  // NOTE: a fresh instance per visit unless ?seed= pins one (links, tests and the benchmark use it).
  const seed = seedFromQuery(query.seed) ?? freshSeed();
  const instance = practiceInstance(family, seed, level, lang);
  if (!instance) notFound();
  return (
    <article className="practice" data-testid="practice" data-family={instance.family} data-seed={instance.seed} data-level={instance.level}>
      <p>
        <Link href="/practice">← {t(lang, 'practice')}</Link>
      </p>
      <h1>{instance.title}</h1>
      <p className="meta">
        <Link href={`/articles/${instance.article}`} className="tag">
          {instance.article}
        </Link>
        <span>
          {t(lang, 'level')}:{' '}
          {instance.levels.map((l, i) => (
            <span key={l}>
              {i > 0 && ' · '}
              {l === instance.level ? <strong>{l}</strong> : <Link href={`/practice/${instance.family}?level=${l}`}>{l}</Link>}
            </span>
          ))}
        </span>
        <span>
          {t(lang, 'practiceSeed')}: <Link href={`/practice/${instance.family}?level=${instance.level}&seed=${instance.seed}`}>{instance.seed}</Link>
        </span>
        <Link href={`/practice/${instance.family}?level=${instance.level}`} data-testid="new-instance">
          {t(lang, 'practiceNewInstance')}
        </Link>
      </p>
      <div className="rich practice-prompt" data-testid="prompt" dangerouslySetInnerHTML={{ __html: instance.promptHtml }} />
      <TensorPractice key={`${instance.family}/${instance.level}/${instance.seed}`} instance={instance} text={dictionary(lang)} initialBackend={query.backend === 'cpu' ? 'cpu' : 'wasm'} />
    </article>
  );
}
