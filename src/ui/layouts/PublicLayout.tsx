import { Outlet } from 'react-router';
import { Shell } from '../components/Shell';
import { useOnline } from '../hooks/use-online';

/** Frame for the screens before sign-in. */
export function PublicLayout() {
  const online = useOnline();
  return (
    <Shell
      status={
        <div className="sync-status">
          <p className={`connection ${online ? 'is-online' : 'is-offline'}`} role="status">
            <span className="dot" aria-hidden="true" />
            {online ? 'Online' : 'Offline'}
          </p>
        </div>
      }
    >
      <div className="narrow">
        <Outlet />
      </div>
    </Shell>
  );
}
