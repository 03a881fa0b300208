import type { Metadata } from 'next';
import { dictionary } from '@/lib/i18n';
import { pageLang, requirePageUser } from '@/lib/session';
import { StudySession } from './study-session';

export const metadata: Metadata = { title: 'Study' };

type Props = { searchParams: Promise<{ article?: string | string[] }> };

export default async function StudyPage({ searchParams }: Props) {
  const user = await requirePageUser();
  const lang = await pageLang(user);
  const article = (await searchParams).article;
  return <StudySession text={dictionary(lang)} article={typeof article === 'string' ? article : null} />;
}
