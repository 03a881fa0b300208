import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { listInvites, listMembers } from '@/lib/group';
import { dictionary } from '@/lib/i18n';
import { pageLang, requirePageUser } from '@/lib/session';
import { AdminPanel } from './admin-panel';

export const metadata: Metadata = { title: 'Admin' };

export default async function AdminPage() {
  const user = await requirePageUser();
  if (user.role !== 'admin') notFound();
  const lang = await pageLang(user);
  const [invites, members] = await Promise.all([listInvites(new Date()), listMembers()]);
  return <AdminPanel selfId={user.id} invites={invites} members={members} text={dictionary(lang)} />;
}
