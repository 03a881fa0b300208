'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import type { InviteView, MemberView } from '@/lib/group';
import type { MessageKey } from '@/lib/i18n';

interface Props {
  readonly selfId: string;
  readonly invites: readonly InviteView[];
  readonly members: readonly MemberView[];
  readonly text: Record<MessageKey, string>;
}

async function send(method: string, url: string, body?: unknown): Promise<string | null> {
  try {
    const response = await fetch(url, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (response.ok) return null;
    const payload = (await response.json().catch(() => ({}))) as { error?: string };
    return payload.error ?? `HTTP ${response.status}`;
  } catch {
    return 'network error';
  }
}

export function AdminPanel({ selfId, invites, members, text }: Props) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [origin] = useState(() => (typeof window === 'undefined' ? '' : window.location.origin));

  async function act(method: string, url: string, body?: unknown) {
    const failure = await send(method, url, body);
    setError(failure);
    router.refresh();
  }

  async function createInvite(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const days = Number(form.get('expiresInDays'));
    await act('POST', '/api/v1/invites', { maxUses: Number(form.get('maxUses')), expiresInDays: days > 0 ? days : null });
  }

  async function resetPassword(member: MemberView) {
    const password = window.prompt(`${text.resetPassword}: ${member.username}`);
    if (password) await act('POST', `/api/v1/users/${member.id}/password`, { password });
  }

  return (
    <>
      <h1>{text.admin}</h1>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <h2>{text.invites}</h2>
      <form className="inline-form" onSubmit={createInvite}>
        <label>
          {text.maxUses} <input name="maxUses" type="number" min={1} max={1000} defaultValue={1} />
        </label>
        <label>
          {text.expiresInDays} <input name="expiresInDays" type="number" min={0} max={365} defaultValue={7} />
        </label>
        <button type="submit" className="primary">
          {text.newInvite}
        </button>
      </form>
      <div className="table-wrap">
        <table data-testid="invites">
          <thead>
            <tr>
              <th>{text.inviteCode}</th>
              <th>{text.maxUses}</th>
              <th>{text.expires}</th>
              <th>{text.status}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {invites.map((invite) => (
              <tr key={invite.id}>
                <td>
                  <input readOnly className="invite-link" value={`${origin}/join?code=${invite.code}`} aria-label={text.inviteCode} onFocus={(e) => e.currentTarget.select()} />
                </td>
                <td>
                  {invite.uses}/{invite.maxUses}
                </td>
                <td>{invite.expiresAt ? invite.expiresAt.slice(0, 10) : text.never}</td>
                <td>{invite.usable ? text.active : text.inactive}</td>
                <td>
                  {invite.usable && (
                    <button type="button" className="link-button" onClick={() => act('DELETE', `/api/v1/invites/${invite.id}`)}>
                      {text.revoke}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{text.members}</h2>
      <div className="table-wrap">
        <table data-testid="members">
          <thead>
            <tr>
              <th>{text.username}</th>
              <th>{text.role}</th>
              <th>{text.status}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {members.map((member) => (
              <tr key={member.id}>
                <td>{member.username}</td>
                <td>
                  {member.role === 'admin' || member.id === selfId ? (
                    text.roleAdmin
                  ) : (
                    <select
                      value={member.role === 'editor' ? 'editor' : 'member'}
                      aria-label={`${text.role}: ${member.username}`}
                      data-testid={`role-${member.username}`}
                      onChange={(e) => act('PATCH', `/api/v1/users/${member.id}`, { role: e.target.value })}
                    >
                      <option value="member">{text.roleMember}</option>
                      <option value="editor">{text.roleEditor}</option>
                    </select>
                  )}
                </td>
                <td>{member.disabled ? text.disabled : text.active}</td>
                <td className="actions">
                  {member.id !== selfId && (
                    <>
                      <button type="button" className="link-button" onClick={() => act('PATCH', `/api/v1/users/${member.id}`, { disabled: !member.disabled })}>
                        {member.disabled ? text.enable : text.disable}
                      </button>
                      <button type="button" className="link-button" onClick={() => resetPassword(member)}>
                        {text.resetPassword}
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{text.backup}</h2>
      <p className="muted">{text.backupHint}</p>
      <a href="/api/v1/admin/backup" download>
        {text.downloadBackup}
      </a>
    </>
  );
}
