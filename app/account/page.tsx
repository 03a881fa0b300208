import type { Metadata } from 'next';
import { dictionary, t } from '@/lib/i18n';
import { getSettings } from '@/lib/settings';
import { pageLang, requirePageUser } from '@/lib/session';
import { PasswordForm } from './password-form';
import { SchedulerPanel } from './scheduler-panel';
import { SettingsForm } from './settings-form';

export const metadata: Metadata = { title: 'Account' };

export default async function AccountPage() {
  const user = await requirePageUser();
  const lang = await pageLang(user);
  return (
    <section className="narrow">
      <h1>{t(lang, 'account')}</h1>
      <dl className="facts">
        <dt>{t(lang, 'signedInAs')}</dt>
        <dd data-testid="username">{user.username}</dd>
        <dt>{t(lang, 'role')}</dt>
        <dd>{user.role}</dd>
      </dl>
      <h2>{t(lang, 'studySettings')}</h2>
      <SettingsForm settings={await getSettings(user.id)} text={dictionary(lang)} />
      <h2>{t(lang, 'scheduler')}</h2>
      <SchedulerPanel text={dictionary(lang)} />
      <p>
        <a href="/api/v1/reviews?format=csv" download>
          {t(lang, 'downloadLog')}
        </a>
      </p>
      <h2>{t(lang, 'changePassword')}</h2>
      <PasswordForm
        labels={{
          current: t(lang, 'currentPassword'),
          next: t(lang, 'newPassword'),
          hint: t(lang, 'passwordHint'),
          submit: t(lang, 'save'),
          done: t(lang, 'passwordChanged'),
          networkError: t(lang, 'networkError'),
        }}
      />
    </section>
  );
}
