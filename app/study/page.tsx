import type { Metadata } from 'next';
import { studyScreenTexts, texts } from '@/lib/i18n';
import { pageLang, requirePageUser } from '@/lib/session';
import { StudySession } from './study-session';

export const metadata: Metadata = { title: 'Study' };

type Props = { searchParams: Promise<{ article?: string | string[] }> };

export default async function StudyPage({ searchParams }: Props) {
  const user = await requirePageUser();
  const lang = await pageLang(user);
  const article = (await searchParams).article;
  return <StudySession text={texts(lang, studyScreenTexts)} article={typeof article === 'string' ? article : null} />;
}
