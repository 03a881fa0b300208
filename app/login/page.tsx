import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { hasUsers } from '@/lib/accounts';
import { t } from '@/lib/i18n';
import { currentUser, pageLang } from '@/lib/session';
import { CredentialsForm } from '../_components/credentials-form';

export const metadata: Metadata = { title: 'Login' };

export default async function LoginPage() {
  if (!(await hasUsers())) redirect('/setup');
  if (await currentUser()) redirect('/');
  const lang = await pageLang(null);
  return (
    <section className="narrow">
      <h1>{t(lang, 'loginTitle')}</h1>
      <CredentialsForm
        endpoint="/api/v1/session"
        lang={lang}
        newPassword={false}
        labels={{ username: t(lang, 'username'), password: t(lang, 'password'), submit: t(lang, 'login'), networkError: t(lang, 'networkError') }}
      />
    </section>
  );
}
