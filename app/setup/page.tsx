import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { hasUsers } from '@/lib/accounts';
import { t } from '@/lib/i18n';
import { pageLang } from '@/lib/session';
import { CredentialsForm } from '../_components/credentials-form';

export const metadata: Metadata = { title: 'Setup' };

export default async function SetupPage() {
  if (await hasUsers()) redirect('/login');
  const lang = await pageLang(null);
  return (
    <section className="narrow">
      <h1>{t(lang, 'setupTitle')}</h1>
      <p className="muted">{t(lang, 'setupIntro')}</p>
      <CredentialsForm
        endpoint="/api/v1/setup"
        lang={lang}
        newPassword
        labels={{ username: t(lang, 'username'), password: t(lang, 'password'), passwordHint: t(lang, 'passwordHint'), submit: t(lang, 'setupSubmit'), networkError: t(lang, 'networkError') }}
      />
    </section>
  );
}
