'use client';

import { useRouter } from 'next/navigation';
import type { Lang } from '@/lib/accounts';

/** Toggles zh/en: saved in the account when signed in, in a cookie otherwise. */
export function LanguageSwitch({ lang, signedIn }: { lang: Lang; signedIn: boolean }) {
  const router = useRouter();
  const next: Lang = lang === 'zh' ? 'en' : 'zh';
  async function switchLanguage() {
    document.cookie = `study_lang=${next}; path=/; max-age=31536000; samesite=lax`;
    if (signedIn) {
      await fetch('/api/v1/me', { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ lang: next }) });
    }
    router.refresh();
  }
  return (
    <button type="button" className="link-button" onClick={switchLanguage} lang={next === 'zh' ? 'zh-CN' : 'en'} data-testid="language-switch">
      {next === 'zh' ? '中文' : 'English'}
    </button>
  );
}
