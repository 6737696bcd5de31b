import { useCallback, useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { clearCapturedFragment, peekCapturedFragment, watchShareFragment } from '../../share/fragment';
import type { ParsedShareFragment } from '../../share/link';
import { keepForMember } from '../../share/member-link';
import type { OpenLinkOutcome } from '../../share/open-link';
import { openLinkOnce } from '../../share/open-link-once';
import { describeOpenFailure } from '../../share/redeem';
import type { OpenFailure } from '../../share/redeem';
import { listRedeemedLinks } from '../../share/recipient-store';
import { TYPE_LABEL } from '../shared/format';
import { useDocumentTitle } from '../shared/hooks/use-document-title';
import { useLiveQuery } from '../shared/hooks/use-live-query';
import { useSession } from '../shared/hooks/use-session';
import { useServices } from '../services';
import { useRecipient } from './recipient-context';
import { SignInToOpen } from './SignInToOpen';

type View = { kind: 'working' } | { kind: 'sign_in' } | { kind: 'failed'; failure: OpenFailure };

const RETRYABLE: ReadonlySet<OpenFailure['reason']> = new Set(['never_opened', 'offline', 'unavailable', 'rate_limited']);

/**
 * `/s`: the recipient's way in. The router has already read the token from `/s#<token>` and put
 * `/s` in the address bar (share/fragment.ts); here it is redeemed, then the document opens
 * (`/s/<linkId>` for anyone, the member app for an internal link). Without a token it lists
 * the links opened on this device.
 */
export function RecipientEntryScreen() {
  // `opened` counts the links opened in this tab: each new one (a fragment change while on /s)
  // remounts the screen's state, so nothing of the previous link's redemption is shown.
  const [entry, setEntry] = useState<{ fragment: ParsedShareFragment | null; opened: number }>(() => ({ fragment: peekCapturedFragment(), opened: 0 }));
  useEffect(() => watchShareFragment((fragment) => setEntry((e) => ({ fragment, opened: e.opened + 1 }))), []);
  const { fragment, opened } = entry;
  // A malformed fragment has nothing to redeem: forget it, so a later visit to /s lists the links.
  useEffect(() => {
    if (fragment !== null && !fragment.ok) clearCapturedFragment();
  }, [fragment]);
  if (fragment === null) return <OpenedLinks />;
  if (!fragment.ok) return <CannotOpen key={opened} failure={{ reason: fragment.reason }} />;
  return <Redeem key={opened} token={fragment.token} />;
}

function Redeem({ token }: { token: string }) {
  const recipient = useRecipient();
  const services = useServices();
  const { session, expired } = useSession();
  const navigate = useNavigate();
  const [view, setView] = useState<View>({ kind: 'working' });
  const [round, setRound] = useState(0);
  const [memberToken, setMemberToken] = useState<string | undefined>(undefined);
  useDocumentTitle(view.kind === 'sign_in' ? 'Sign in to open this link' : view.kind === 'failed' ? 'Link cannot be opened' : 'Opening link');

  const signedInToken = session !== null && !expired ? session.token : undefined;
  const asMember = memberToken ?? signedInToken;

  useEffect(() => {
    let cancelled = false;
    const handle = async (outcome: OpenLinkOutcome, triedAsMember: boolean): Promise<void> => {
      if (cancelled) return;
      switch (outcome.kind) {
        case 'opened':
          clearCapturedFragment();
          await navigate(`/s/${outcome.link.linkId}`, { replace: true });
          return;
        case 'sign_in':
          if (!triedAsMember && asMember !== undefined) return handle(await openLinkOnce(recipient, token, asMember), true);
          setView({ kind: 'sign_in' });
          return;
        case 'member': {
          const user = services.session.getState().session?.user;
          if (user === undefined) return setView({ kind: 'sign_in' });
          await keepForMember(user.id, outcome.redemption);
          clearCapturedFragment();
          await navigate(`/library/${outcome.redemption.document.id}`, { replace: true });
          return;
        }
        case 'failed':
          setView({ kind: 'failed', failure: outcome.failure });
      }
    };
    openLinkOnce(recipient, token, memberToken)
      .then((outcome) => handle(outcome, memberToken !== undefined))
      .catch(() => {
        if (!cancelled) setView({ kind: 'failed', failure: { reason: 'unavailable' } });
      });
    return () => {
      cancelled = true;
    };
    // `asMember` is read only when the relay asks for a sign-in; a new sign-in sets memberToken.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [recipient, token, memberToken, round, navigate, services]);

  const retry = useCallback(() => {
    setView({ kind: 'working' });
    setRound((n) => n + 1);
  }, []);
  // The network came back after "open this link once while online": try again by itself, once
  // per 'online' event (an unreachable relay while the browser says online must not loop).
  const failedOffline = view.kind === 'failed' && (view.failure.reason === 'never_opened' || view.failure.reason === 'offline');
  useEffect(() => {
    if (!failedOffline) return;
    window.addEventListener('online', retry);
    return () => window.removeEventListener('online', retry);
  }, [failedOffline, retry]);

  if (view.kind === 'working') {
    return (
      <p role="status" className="muted">
        Opening the link…
      </p>
    );
  }
  if (view.kind === 'sign_in') return <SignInToOpen expired={expired} onSignedIn={(t) => {
        setView({ kind: 'working' });
        setMemberToken(t);
      }} />;
  return <CannotOpen failure={view.failure} onRetry={RETRYABLE.has(view.failure.reason) ? retry : undefined} />;
}

function CannotOpen({ failure, onRetry }: { failure: OpenFailure; onRetry?: (() => void) | undefined }) {
  useDocumentTitle('Link cannot be opened');
  return (
    <section className="panel narrow recipient-problem" aria-labelledby="cannot-open-title">
      <h1 id="cannot-open-title" tabIndex={-1}>
        {failure.reason === 'never_opened' || failure.reason === 'offline' ? 'You are offline' : 'This link cannot be opened'}
      </h1>
      <p className="recipient-reason">{describeOpenFailure(failure)}</p>
      {onRetry !== undefined && (
        <div className="button-row">
          <button type="button" className="button primary large" onClick={onRetry}>
            Try again
          </button>
        </div>
      )}
      <p>
        <Link to="/s">Documents shared with you</Link>
      </p>
    </section>
  );
}

/** `/s` without a token: every link opened on this device, each openable offline. */
function OpenedLinks() {
  const { registry } = useRecipient();
  const query = useCallback(() => listRedeemedLinks(registry), [registry]);
  const { value, loading } = useLiveQuery(query);
  useDocumentTitle('Shared with you');
  if (loading) {
    return (
      <p role="status" className="muted">
        Loading…
      </p>
    );
  }
  if (value === undefined || value.length === 0) return <CannotOpen failure={{ reason: 'missing' }} />;
  return (
    <section aria-labelledby="shared-title" className="recipient-links">
      <h1 id="shared-title" tabIndex={-1}>
        Shared with you
      </h1>
      <p className="muted">Links opened on this device. They work offline too.</p>
      <ul className="work-list">
        {value.map((link) => (
          <li key={link.linkId} className="work-card">
            <h2 className="card-title">
              <Link to={`/s/${link.linkId}`}>{link.title}</Link>
            </h2>
            <p className="card-meta">
              <span className="badge">{TYPE_LABEL[link.contentType]}</span>
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}
