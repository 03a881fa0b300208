import Link from 'next/link';
import { t } from '@/lib/i18n';
import { currentUser, pageLang } from '@/lib/session';

export default async function NotFound() {
  const lang = await pageLang(await currentUser());
  return (
    <section className="narrow">
      <h1>404</h1>
      <p>{t(lang, 'notFound')}</p>
      <Link href="/">{t(lang, 'backHome')}</Link>
    </section>
  );
}
