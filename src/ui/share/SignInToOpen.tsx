import { SignInForm } from '../account/SignInForm';
import { useServices } from '../services';

/**
 * An internal link: sign in right here, so the link (held in memory only) is not lost on the way
 * through the sign-in screen; then the caller redeems it as the member.
 */
export function SignInToOpen({ onSignedIn, expired }: { onSignedIn: (token: string) => void; expired: boolean }) {
  const { session } = useServices();
  return (
    <section className="panel narrow" aria-labelledby="link-sign-in-title">
      <h1 id="link-sign-in-title" tabIndex={-1}>
        Sign in to open this link
      </h1>
      <p>{expired ? 'Your sign-in has expired. ' : ''}This link is for members of the workspace. Sign in with your workspace account and the document opens.</p>
      <SignInForm
        initialEmail={session.getState().session?.user.email ?? ''}
        submitLabel="Sign in and open"
        onSignedIn={(signedIn) => onSignedIn(signedIn.token)}
      />
    </section>
  );
}
