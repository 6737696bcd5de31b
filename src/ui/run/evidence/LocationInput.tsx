import { useEffect, useRef, useState } from 'react';
import type { LocationFix } from '../../../domain';
import { formatWhen } from '../../shared/time';
import type { EvidenceControlProps } from './evidence-props';
import { evidenceSaveKey } from './evidence-props';
import '../run.css';

/** A fix this good is taken without asking (DESIGN §7). */
export const AUTO_ACCEPT_METRES = 5;

type Watch = { readonly state: 'idle' } | { readonly state: 'waiting' } | { readonly state: 'fix'; readonly best: LocationFix } | { readonly state: 'failed'; readonly message: string };

const metres = (m: number): string => `±${m < 10 ? m.toFixed(1) : Math.round(m)} m`;

function fixOf(position: GeolocationPosition, now: number): LocationFix {
  const { latitude, longitude, accuracy, altitude, altitudeAccuracy } = position.coords;
  return {
    lat: latitude,
    lon: longitude,
    accuracy,
    ...(altitude === null ? {} : { altitude }),
    ...(altitudeAccuracy === null ? {} : { altitudeAccuracy }),
    fixAt: Math.floor(position.timestamp),
    capturedAt: now,
    manual: false,
  };
}

function failure(error: GeolocationPositionError): string {
  if (error.code === error.PERMISSION_DENIED) return 'This device does not let Fieldbook read its location. Allow location for this site in the browser settings, then try again.';
  if (error.code === error.POSITION_UNAVAILABLE) return 'No position is available here yet. Move to open sky or near a window and try again.';
  return 'Finding the position took too long. Try again.';
}

/**
 * A location: `watchPosition` runs while the crew waits, keeping the best fix and showing its
 * accuracy live; a fix within 5 m is taken on its own, a worse one only by hand (and then it
 * is flagged as accepted by hand), with a warning above the author's limit. Lat, lon,
 * accuracy, altitude, fix time and capture time are recorded (SPEC R41: a new one replaces it).
 */
export function LocationInput({ run, field, valueKey, readOnly, live, describedBy }: EvidenceControlProps) {
  const current = [...live].reverse().find((e) => e.item.kind === 'location');
  const recorded = current?.item.kind === 'location' ? current.item.fix : undefined;
  const [watch, setWatch] = useState<Watch>({ state: 'idle' });
  const id = useRef<number | null>(null);
  const limit = field.accuracyLimit;

  const stop = (): void => {
    if (id.current !== null) navigator.geolocation.clearWatch(id.current);
    id.current = null;
  };
  useEffect(() => stop, []);

  const accept = (fix: LocationFix, manual: boolean): void => {
    stop();
    setWatch({ state: 'idle' });
    const item = { kind: 'location' as const, fix: { ...fix, capturedAt: Date.now(), manual } };
    run.tracker.save(evidenceSaveKey(valueKey, `location-${item.fix.capturedAt}`), () => ({ kind: 'evidence-add', key: valueKey, item }));
  };

  const start = (): void => {
    if (!('geolocation' in navigator)) {
      setWatch({ state: 'failed', message: 'This browser cannot read a location.' });
      return;
    }
    stop();
    setWatch({ state: 'waiting' });
    let best: LocationFix | undefined;
    id.current = navigator.geolocation.watchPosition(
      (position) => {
        const fix = fixOf(position, Date.now());
        if (best === undefined || fix.accuracy <= best.accuracy) best = fix;
        if (best.accuracy <= AUTO_ACCEPT_METRES) accept(best, false);
        else setWatch({ state: 'fix', best });
      },
      (error) => {
        stop();
        setWatch(best === undefined ? { state: 'failed', message: failure(error) } : { state: 'fix', best });
      },
      { enableHighAccuracy: true, maximumAge: 0, timeout: 60_000 },
    );
  };

  return (
    <div className="evidence-location" aria-describedby={describedBy || undefined}>
      {recorded !== undefined && (
        <div className="location-recorded">
          <p>
            <strong>
              {recorded.lat.toFixed(6)}, {recorded.lon.toFixed(6)}
            </strong>{' '}
            <span className="muted">
              {metres(recorded.accuracy)}
              {recorded.altitude === undefined ? '' : `, altitude ${Math.round(recorded.altitude)} m`}
            </span>
          </p>
          <p className="muted">Recorded {formatWhen(recorded.capturedAt)}</p>
          {recorded.manual && <p className="field-flag">Accepted by hand at {metres(recorded.accuracy)}.</p>}
        </div>
      )}
      {watch.state === 'waiting' && (
        <p className="save-flag" role="status">
          Finding the position…
        </p>
      )}
      {watch.state === 'fix' && (
        <div className="location-live" role="status">
          <p>
            Best fix so far: <strong>{metres(watch.best.accuracy)}</strong>. It is taken on its own at {metres(AUTO_ACCEPT_METRES)} or better.
          </p>
          {limit !== undefined && watch.best.accuracy > limit && <p className="field-flag">Less accurate than the {metres(limit)} this question asks for.</p>}
        </div>
      )}
      {watch.state === 'failed' && (
        <p className="field-error" role="alert">
          {watch.message}
        </p>
      )}
      {!readOnly && (
        <div className="evidence-actions">
          {watch.state === 'fix' && (
            <button type="button" className="button primary" onClick={() => accept(watch.best, true)}>
              Use this position ({metres(watch.best.accuracy)})
            </button>
          )}
          {watch.state === 'waiting' || watch.state === 'fix' ? (
            <button
              type="button"
              className="button"
              onClick={() => {
                stop();
                setWatch({ state: 'idle' });
              }}
            >
              Stop
            </button>
          ) : (
            <button type="button" className="button" onClick={start}>
              {recorded === undefined ? 'Record the location' : 'Record it again'}
            </button>
          )}
        </div>
      )}
    </div>
  );
}
