'use client';

import { useRouter } from 'next/navigation';

export function LogoutButton({ label }: { label: string }) {
  const router = useRouter();
  async function logout() {
    await fetch('/api/v1/session', { method: 'DELETE' });
    router.push('/login');
    router.refresh();
  }
  return (
    <button type="button" className="link-button" onClick={logout}>
      {label}
    </button>
  );
}
