import { Link } from 'react-router';

/** A library document screen before its document is there: still loading, or not on this device. */
export function DocumentFallback({ loading, loadingText }: { loading: boolean; loadingText: string }) {
  if (loading) {
    return (
      <p role="status" className="muted">
        {loadingText}
      </p>
    );
  }
  return (
    <>
      <h1 tabIndex={-1}>Document not found</h1>
      <p>This document is not on this device. It may not have synced yet, or it was removed.</p>
      <p>
        <Link to="/library">Back to the library</Link>
      </p>
    </>
  );
}
