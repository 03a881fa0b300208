import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import 'katex/dist/katex.min.css';
import './globals.css';
import { currentUser, pageLang } from '@/lib/session';
import { SiteHeader } from './_components/site-header';

export const metadata: Metadata = {
  title: { default: 'ML Study · 机器学习研读', template: '%s · ML Study' },
  description: 'Spaced-repetition cards and computed exercises for articles on machine learning, written by the group.',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  const lang = await pageLang(user);
  return (
    <html lang={lang === 'zh' ? 'zh-CN' : 'en'}>
      <body>
        <SiteHeader user={user ? { username: user.username, role: user.role } : null} lang={lang} />
        <main className="page">{children}</main>
      </body>
    </html>
  );
}
