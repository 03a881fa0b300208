import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { AnkiImport } from '@/app/_components/anki-import';
import { canEdit } from '@/lib/authoring';
import { dictionary, t } from '@/lib/i18n';
import { pageLang, requirePageUser } from '@/lib/session';

export const metadata: Metadata = { title: 'Import Anki decks' };

export default async function ImportPage() {
  const user = await requirePageUser();
  if (!canEdit(user)) notFound();
  const lang = await pageLang(user);
  return (
    <section className="narrow-wide">
      <h1>{t(lang, 'ankiImport')}</h1>
      <p className="muted">{t(lang, 'ankiImportIntro')}</p>
      <AnkiImport text={dictionary(lang)} lang={lang} />
    </section>
  );
}
