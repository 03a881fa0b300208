import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { t } from '@/lib/i18n';
import { currentUser, pageLang } from '@/lib/session';
import { JoinForm } from './join-form';

export const metadata: Metadata = { title: 'Join' };

type Props = { searchParams: Promise<{ code?: string | string[] }> };

export default async function JoinPage({ searchParams }: Props) {
  if (await currentUser()) redirect('/');
  const lang = await pageLang(null);
  const code = (await searchParams).code;
  return (
    <section className="narrow">
      <h1>{t(lang, 'joinTitle')}</h1>
      <p className="muted">{t(lang, 'joinIntro')}</p>
      <JoinForm
        lang={lang}
        code={typeof code === 'string' ? code : ''}
        labels={{
          code: t(lang, 'inviteCode'),
          username: t(lang, 'username'),
          password: t(lang, 'password'),
          hint: t(lang, 'passwordHint'),
          submit: t(lang, 'joinSubmit'),
          networkError: t(lang, 'networkError'),
        }}
      />
    </section>
  );
}
