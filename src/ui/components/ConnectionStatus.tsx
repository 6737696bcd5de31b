import { useOnline } from '../hooks/use-online';

/** The online/offline line of the screens that have no sync to report (before sign-in, share links). */
export function ConnectionStatus() {
  const online = useOnline();
  return (
    <div className="sync-status">
      <p className={`connection ${online ? 'is-online' : 'is-offline'}`} role="status">
        <span className="dot" aria-hidden="true" />
        {online ? 'Online' : 'Offline'}
      </p>
    </div>
  );
}
