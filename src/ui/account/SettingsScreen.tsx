import { useEffect, useState, useSyncExternalStore } from 'react';
import { Link, useNavigate } from 'react-router';
import { version as appVersion } from '../../../package.json';
import { unsyncedChanges } from '../../sync/sync-status';
import { ConfirmDialog } from '../shared/ConfirmDialog';
import { useDocumentTitle } from '../shared/hooks/use-document-title';
import { useServices } from '../services';
import { useSignedIn } from '../user-data';
import { plural } from '../shared/format';
import { connectionTypeKnown, originalsOnWifiOnly, setOriginalsOnWifiOnly } from '../../sync/wifi-setting';

const ROLE_LABEL = { admin: 'Admin (manages documents and sharing)', member: 'Member' } as const;

interface StorageInfo {
  readonly usage: number;
  readonly quota: number;
}

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toLocaleString(undefined, { maximumFractionDigits: 1 })} MB`;
function percent(part: number, whole: number): string {
  const value = whole === 0 ? 0 : (part / whole) * 100;
  if (value > 0 && value < 0.1) return 'less than 0.1%';
  return `${value.toLocaleString(undefined, { maximumFractionDigits: 1 })}%`;
}

export function SettingsScreen() {
  useDocumentTitle('Settings');
  const { user, data } = useSignedIn();
  const { session } = useServices();
  const navigate = useNavigate();
  const status = useSyncExternalStore(data.syncStatus.subscribe, data.syncStatus.getState);
  const [confirming, setConfirming] = useState(false);

  // Record writes (sent or refused) and run changes the relay has not stored yet.
  const unsynced = unsyncedChanges(status);

  const signOut = () => {
    setConfirming(false);
    // The person's database stays on this device; it opens again when they sign back in.
    session.signOut();
    void navigate('/welcome', { replace: true });
  };

  return (
    <>
      <h1 tabIndex={-1}>Settings</h1>

      <section className="panel" aria-labelledby="account-title">
        <h2 id="account-title">Account</h2>
        <dl className="facts">
          <div>
            <dt>Name</dt>
            <dd>{user.name}</dd>
          </div>
          <div>
            <dt>Email</dt>
            <dd>{user.email}</dd>
          </div>
          <div>
            <dt>Role</dt>
            <dd>{ROLE_LABEL[user.role]}</dd>
          </div>
        </dl>
        <button type="button" className="button" onClick={() => (unsynced > 0 ? setConfirming(true) : signOut())}>
          Sign out
        </button>
      </section>

      {user.role === 'admin' && (
        <section className="panel" aria-labelledby="people-settings-title">
          <h2 id="people-settings-title">People</h2>
          <p>Invite someone to this workspace, or sign a lost device out.</p>
          <Link className="button" to="/invites">
            Invites and people
          </Link>
        </section>
      )}

      <StorageSection />

      <section className="panel" aria-labelledby="about-title">
        <h2 id="about-title">About</h2>
        <dl className="facts">
          <div>
            <dt>App version</dt>
            <dd>{appVersion}</dd>
          </div>
        </dl>
      </section>

      <ConfirmDialog
        open={confirming}
        title="Sign out with changes not yet synced?"
        confirmLabel="Sign out anyway"
        cancelLabel="Stay signed in"
        onConfirm={signOut}
        onCancel={() => setConfirming(false)}
      >
        <p>
          {plural(unsynced, 'change')} {unsynced === 1 ? 'is' : 'are'} not yet on the relay; signing out keeps them on this device until you
          sign in again.
        </p>
      </ConfirmDialog>
    </>
  );
}

/** Full-size photos and files on Wi-Fi only; thumbnails always go, so a second tablet sees them. */
function WifiOnlySetting() {
  const [on, setOn] = useState(originalsOnWifiOnly);
  const known = connectionTypeKnown();
  return (
    <div className="field">
      <label className="check-row">
        <input
          type="checkbox"
          checked={on}
          aria-describedby="wifi-only-hint"
          onChange={(e) => {
            setOriginalsOnWifiOnly(e.target.checked);
            setOn(e.target.checked);
          }}
        />
        <span>Send full-size photos and files on Wi-Fi only</span>
      </label>
      <p id="wifi-only-hint" className="field-hint">
        {known
          ? 'Thumbnails always go, so others see what was taken. The full-size files wait on this device until it is on Wi-Fi.'
          : 'Thumbnails always go. This browser does not say which network it is on, so full-size files go on any connection.'}
      </p>
    </div>
  );
}

function StorageSection() {
  const supported = typeof navigator !== 'undefined' && 'storage' in navigator && typeof navigator.storage.estimate === 'function';
  const [info, setInfo] = useState<StorageInfo | null>(null);
  const [persisted, setPersisted] = useState<boolean | null>(null);
  const [refused, setRefused] = useState(false);

  useEffect(() => {
    if (!supported) return;
    let live = true;
    navigator.storage.estimate().then(
      (estimate) => live && setInfo({ usage: estimate.usage ?? 0, quota: estimate.quota ?? 0 }),
      () => undefined,
    );
    navigator.storage.persisted().then(
      (value) => live && setPersisted(value),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [supported]);

  const keep = async () => {
    const granted = await navigator.storage.persist();
    setPersisted(granted);
    setRefused(!granted);
  };

  return (
    <section className="panel" aria-labelledby="storage-title">
      <h2 id="storage-title">Storage on this device</h2>
      {!supported ? (
        <p>This browser does not report how much space Fieldbook uses.</p>
      ) : (
        <>
          <p>
            {info === null
              ? 'Measuring…'
              : `Fieldbook uses ${mb(info.usage)} of ${mb(info.quota)} available (${percent(info.usage, info.quota)}).`}
          </p>
          <p role="status">
            {persisted === null
              ? ''
              : persisted
                ? 'Data on this device is kept: the browser will not clear it to free space.'
                : 'The browser may clear Fieldbook’s data if the device runs low on space.'}
          </p>
          {refused && <p className="muted">The browser did not allow it. Installing Fieldbook on the home screen usually helps.</p>}
          {persisted === false && (
            <button type="button" className="button" onClick={() => void keep()}>
              Keep data on this device
            </button>
          )}
        </>
      )}
      <WifiOnlySetting />
    </section>
  );
}
