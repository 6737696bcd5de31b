import { useState } from 'react';
import type { ShareLink } from '../../domain';
import type { ListedLink } from '../../share/document-links';
import { formatShareLink } from '../../share/link';
import { shareLinkDisplayState } from '../../share/share-links';
import type { ShareLinkDisplayState } from '../../share/share-links';
import { ConfirmDialog } from '../shared/ConfirmDialog';
import { formatWhen } from '../shared/time';
import { LinkPanel } from '../shared/LinkPanel';
import './share.css';

export const STATE_LABEL: Record<ShareLinkDisplayState, string> = {
  active: 'Active',
  expired: 'Expired',
  used_up: 'Used up',
  revoked: 'Revoked',
  waiting: 'Waiting to activate',
};

const AUDIENCE_LABEL = { internal: 'Workspace members', external: 'Anyone with the link' } as const;

export const linkName = (link: ShareLink): string => link.label ?? `link made ${formatWhen(link.createdAt)}`;

const people = (n: number): string => `${n} ${n === 1 ? 'person' : 'people'}`;

/** A use is a person's first opening (DESIGN §2), so say "opened", not "used". */
function openedText(link: ShareLink): string {
  return link.maxUses === undefined ? `Opened by ${people(link.useCount)}, no limit` : `Opened by ${link.useCount} of ${people(link.maxUses)}`;
}

/**
 * Runs finished through the link, as the relay counted them. Only external links have them: a
 * member opening an internal link runs the document in their own workspace.
 */
function submittedText(link: ShareLink): string | undefined {
  if (link.audience !== 'external') return undefined;
  return link.submissionCount === undefined ? 'Submissions not counted yet' : `${link.submissionCount} submitted`;
}

function expiryText(link: ShareLink, now: number): string {
  if (link.expiresAt === undefined) return 'No expiry';
  return `${link.expiresAt <= now ? 'Expired' : 'Expires'} ${formatWhen(link.expiresAt, now)}`;
}

interface ShareLinkListProps {
  readonly links: readonly ListedLink[];
  readonly now: number;
  readonly onRevoke: (link: ShareLink) => Promise<string>;
}

/** The document's links: who can open each, uses, expiry, state, and (where the token is on this device) the link itself. */
export function ShareLinkList({ links, now, onRevoke }: ShareLinkListProps) {
  const [open, setOpen] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<ShareLink | null>(null);
  const [message, setMessage] = useState('');

  const revoke = async (link: ShareLink): Promise<void> => {
    setConfirming(null);
    setMessage(await onRevoke(link));
  };

  return (
    <section aria-labelledby="links-title" className="share-links">
      <h2 id="links-title">Links to this document</h2>
      <p role="status" className="copy-state">
        {message}
      </p>
      {links.length === 0 ? (
        <p className="muted">No links yet.</p>
      ) : (
        <ul className="share-link-list">
          {links.map(({ link, token, pending, failure }) => {
            const state = shareLinkDisplayState(link, now, pending);
            const name = linkName(link);
            return (
              <li key={link.id} className={`share-link-row state-${state}`}>
                <div className="share-link-head">
                  <h3>{name}</h3>
                  <span className={`badge share-state state-${state}`}>{STATE_LABEL[state]}</span>
                </div>
                <p className="card-meta">
                  <span>{AUDIENCE_LABEL[link.audience]}</span>
                  <span>{openedText(link)}</span>
                  {submittedText(link) !== undefined && <span>{submittedText(link)}</span>}
                  <span>{expiryText(link, now)}</span>
                </p>
                {state === 'waiting' && <p className="muted">Made while offline. It starts working once this device is back online.</p>}
                {failure !== undefined && (
                  <p className="form-error">
                    The relay did not accept this link: {failure.message}. See Sync to try again.
                  </p>
                )}
                {token === undefined ? (
                  <p className="muted">The link itself is only on the device that created it.</p>
                ) : open === link.id ? (
                  <LinkPanel url={formatShareLink(window.location.origin, token)} name={name} />
                ) : null}
                <div className="button-row">
                  {token !== undefined && (
                    <button type="button" className="button" aria-expanded={open === link.id} onClick={() => setOpen(open === link.id ? null : link.id)}>
                      {open === link.id ? 'Hide link' : 'Show link'}
                      <span className="visually-hidden"> for {name}</span>
                    </button>
                  )}
                  {link.revokedAt === undefined && (
                    <button type="button" className="button" onClick={() => setConfirming(link)}>
                      Revoke<span className="visually-hidden"> link for {name}</span>
                    </button>
                  )}
                </div>
              </li>
            );
          })}
        </ul>
      )}
      <ConfirmDialog
        open={confirming !== null}
        title="Revoke this link?"
        confirmLabel="Revoke link"
        cancelLabel="Keep link"
        onConfirm={() => {
          if (confirming !== null) void revoke(confirming);
        }}
        onCancel={() => setConfirming(null)}
      >
        <p>Nobody can open the document with it any more. People who already sent answers keep them. This cannot be undone.</p>
      </ConfirmDialog>
    </section>
  );
}
