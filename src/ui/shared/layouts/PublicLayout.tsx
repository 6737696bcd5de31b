import { Outlet } from 'react-router';
import { Shell } from '../Shell';
import { ConnectionStatus } from '../ConnectionStatus';

/** Frame for the screens before sign-in. */
export function PublicLayout() {
  return (
    <Shell
      status={<ConnectionStatus />}
    >
      <div className="narrow">
        <Outlet />
      </div>
    </Shell>
  );
}
