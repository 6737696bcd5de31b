import { useState } from 'react';
import { applyUpdate } from '../../pwa/register';
import { useUpdateAvailable } from './hooks/use-update-available';

/** Offers a waiting new version. Never reloads on its own: the user picks the moment. */
export function UpdateBanner() {
  const available = useUpdateAvailable();
  const [dismissed, setDismissed] = useState(false);
  const [updating, setUpdating] = useState(false);
  if (!available || dismissed) return null;
  return (
    <div className="update-banner" role="status">
      <p>A new version of Fieldbook is ready</p>
      <div className="button-row">
        <button
          type="button"
          className="button primary"
          disabled={updating}
          onClick={() => {
            setUpdating(true);
            applyUpdate().catch(() => setUpdating(false));
          }}
        >
          {updating ? 'Updating…' : 'Update now'}
        </button>
        <button type="button" className="button" onClick={() => setDismissed(true)}>
          Later
        </button>
      </div>
    </div>
  );
}
