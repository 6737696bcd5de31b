import { useCallback, useEffect, useRef, useState } from 'react';
import { Navigate } from 'react-router';
import { inviteState } from '../../domain';
import type { Invite, User } from '../../domain';
import { ConfirmDialog } from '../shared/ConfirmDialog';
import { useDocumentTitle } from '../shared/hooks/use-document-title';
import { InviteForm } from './InviteForm';
import type { CreatedInvite } from './InviteForm';
import { describeAdminError } from './invite-errors';
import { useServices } from '../services';
import { LinkPanel } from '../shared/LinkPanel';
import { useNow } from '../shared/hooks/use-now';
import { formatWhen } from '../shared/time';
import { useSignedIn } from '../user-data';

const ROLE = { admin: 'Admin', member: 'Member' } as const;

type Loaded = { readonly invites: readonly Invite[]; readonly users: readonly User[] } | { readonly error: string } | null;

/**
 * `/invites` (admins): make an invite link (with a QR code) for a new person, withdraw open
 * invites, and sign a person out on every device (a lost tablet). Needs the relay: invites and
 * accounts live there, not on the device.
 */
export function InvitesScreen() {
  useDocumentTitle('Invites and people');
  const { user } = useSignedIn();
  const { api } = useServices();
  const now = useNow(60_000);
  const [loaded, setLoaded] = useState<Loaded>(null);
  const [created, setCreated] = useState<CreatedInvite | null>(null);
  const [notice, setNotice] = useState('');
  const [signingOut, setSigningOut] = useState<User | null>(null);
  const readyRef = useRef<HTMLHeadingElement>(null);

  // Bumped to load the lists again (after a change, or "Try again").
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  useEffect(() => {
    if (user.role !== 'admin') return;
    let live = true;
    Promise.all([api.listInvites(), api.listUsers()]).then(
      ([invites, users]) => live && setLoaded({ invites, users }),
      (error: unknown) => live && setLoaded({ error: describeAdminError(error) }),
    );
    return () => {
      live = false;
    };
  }, [api, user.role, generation]);
  useEffect(() => {
    if (created !== null) readyRef.current?.focus();
  }, [created]);

  if (user.role !== 'admin') return <Navigate to="/settings" replace />;

  const act = async (work: () => Promise<unknown>, done: string): Promise<void> => {
    try {
      await work();
      setNotice(done);
      reload();
    } catch (error) {
      setNotice(describeAdminError(error));
    }
  };

  const signOut = (person: User): void => {
    setSigningOut(null);
    void act(() => api.signOutUser(person.id), `${person.name} is signed out on every device.`);
  };

  return (
    <>
      <h1 tabIndex={-1}>Invites and people</h1>
      <p>People join this workspace with an invite link from an admin. Each link works once and stops working after the time you choose.</p>
      <InviteForm
        onCreated={(invite) => {
          setCreated(invite);
          reload();
        }}
      />
      {created !== null && (
        <section className="panel" aria-labelledby="invite-ready-title">
          <h2 id="invite-ready-title" ref={readyRef} tabIndex={-1}>
            Invite ready
          </h2>
          <p>Send this link or show the QR code. It is shown only now: the relay keeps no copy of it.</p>
          <LinkPanel url={created.url} name={`the invite for ${created.email ?? 'anyone with the link'}`} />
        </section>
      )}
      <p role="status" className="copy-state">
        {notice}
      </p>
      {loaded === null ? (
        <p role="status">Loading invites…</p>
      ) : 'error' in loaded ? (
        <div className="panel">
          <p role="alert">{loaded.error}</p>
          <button type="button" className="button" onClick={reload}>
            Try again
          </button>
        </div>
      ) : (
        <>
          <InviteList invites={loaded.invites} users={loaded.users} now={now} onRevoke={(invite) => void act(() => api.revokeInvite(invite.id), 'The invite is withdrawn.')} />
          <section className="panel" aria-labelledby="people-title">
            <h2 id="people-title">People</h2>
            <p>Lost a tablet? Sign its person out everywhere: every device of theirs has to sign in again with the password.</p>
            <ul className="share-list">
              {loaded.users.map((person) => (
                <li key={person.id}>
                  <h3>{person.name}</h3>
                  <p className="muted">
                    {person.email} · {ROLE[person.role]}
                  </p>
                  {person.id !== user.id && (
                    <button type="button" className="button" onClick={() => setSigningOut(person)} aria-label={`Sign ${person.name} out everywhere`}>
                      Sign out everywhere
                    </button>
                  )}
                </li>
              ))}
            </ul>
          </section>
        </>
      )}
      <ConfirmDialog
        open={signingOut !== null}
        title={`Sign ${signingOut?.name ?? ''} out everywhere?`}
        confirmLabel="Sign out everywhere"
        cancelLabel="Cancel"
        onConfirm={() => signingOut !== null && signOut(signingOut)}
        onCancel={() => setSigningOut(null)}
      >
        <p>Their open devices stop syncing at once. Work they have not synced stays on their device and syncs after they sign in again.</p>
      </ConfirmDialog>
    </>
  );
}

const STATE_LABEL = { open: 'Open', used: 'Used', revoked: 'Withdrawn', expired: 'Expired' } as const;

function InviteList({ invites, users, now, onRevoke }: { invites: readonly Invite[]; users: readonly User[]; now: number; onRevoke: (invite: Invite) => void }) {
  const nameOf = (id: string | undefined): string => users.find((u) => u.id === id)?.name ?? 'someone';
  return (
    <section className="panel" aria-labelledby="invites-title">
      <h2 id="invites-title">Invites</h2>
      {invites.length === 0 ? (
        <p>No invites yet.</p>
      ) : (
        <ul className="share-list">
          {invites.map((invite) => {
            const state = inviteState(invite, now);
            const who = invite.email ?? 'Anyone with the link';
            return (
              <li key={invite.id}>
                <h3>{who}</h3>
                <p className="muted">
                  {ROLE[invite.role]} · <span>{STATE_LABEL[state]}</span>
                  {state === 'open' && ` until ${formatWhen(invite.expiresAt, now)}`}
                  {state === 'used' && ` by ${nameOf(invite.usedBy)}`}
                </p>
                {state === 'open' && (
                  <button type="button" className="button" onClick={() => onRevoke(invite)} aria-label={`Withdraw invite for ${who}`}>
                    Withdraw
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
