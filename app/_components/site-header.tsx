import Link from 'next/link';
import type { Lang } from '@/lib/accounts';
import { t } from '@/lib/i18n';
import { LanguageSwitch } from './language-switch';
import { LogoutButton } from './logout-button';

export function SiteHeader({ user, lang }: { user: { username: string; role: string } | null; lang: Lang }) {
  return (
    <header className="site-header">
      <Link href="/" className="brand">
        {t(lang, 'appName')}
      </Link>
      <nav aria-label="main">
        {user && <Link href="/study">{t(lang, 'study')}</Link>}
        {user && <Link href="/">{t(lang, 'home')}</Link>}
        {user && <Link href="/practice">{t(lang, 'practice')}</Link>}
        {user && <Link href="/browse">{t(lang, 'browse')}</Link>}
        {(user?.role === 'admin' || user?.role === 'editor') && <Link href="/articles/new">{t(lang, 'write')}</Link>}
        {user && <Link href="/progress">{t(lang, 'progress')}</Link>}
        {user && <Link href="/group">{t(lang, 'group')}</Link>}
        {(user?.role === 'admin' || user?.role === 'editor') && <Link href="/families">{t(lang, 'families')}</Link>}
        {user?.role === 'admin' && <Link href="/admin">{t(lang, 'admin')}</Link>}
        {user && <Link href="/account">{t(lang, 'account')}</Link>}
        <LanguageSwitch lang={lang} signedIn={user !== null} />
        {user && <LogoutButton label={t(lang, 'logout')} />}
      </nav>
    </header>
  );
}
