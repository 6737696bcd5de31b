import { useOnline } from './hooks/use-online';

/** The online/offline pill of the screens that have no sync to report (before sign-in, share links). */
export function ConnectionStatus() {
  const online = useOnline();
  return (
    <p className={`status-pill ${online ? 'is-saved' : 'is-offline'}`} role="status">
      <span className="dot" aria-hidden="true" />
      {online ? 'Online' : 'Offline'}
    </p>
  );
}
