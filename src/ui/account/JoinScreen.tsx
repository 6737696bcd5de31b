import { Link } from 'react-router';
import { capturedInvite, clearCapturedInvite } from '../../share/invite-fragment';
import { useDocumentTitle } from '../shared/hooks/use-document-title';
import { SignUpScreen } from './SignUpScreen';
import './account.css';

/** `/join#<code>`: sign up with an admin's invite. The code was read (and stripped from the address) by the router. */
export function JoinScreen() {
  const invite = capturedInvite();
  if (!invite.ok) return <BrokenInvite reason={invite.reason} />;
  return <SignUpScreen invite={invite.code} onJoined={clearCapturedInvite} />;
}

function BrokenInvite({ reason }: { reason: 'missing' | 'malformed' }) {
  useDocumentTitle('Invite link not complete');
  return (
    <section className="panel" aria-labelledby="join-title">
      <h1 id="join-title" tabIndex={-1}>
        Invite link not complete
      </h1>
      <p>
        {reason === 'missing'
          ? 'This address has no invite in it. Open the whole link your admin sent you, or scan its QR code.'
          : 'This invite link looks damaged. Copy the whole link again, or ask your admin for a new one.'}
      </p>
      <p className="switch-auth">
        Already have an account? <Link to="/sign-in">Sign in</Link>
      </p>
    </section>
  );
}
