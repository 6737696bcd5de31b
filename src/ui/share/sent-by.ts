import type { RedeemedLink } from '../../share/recipient-store';

/** "Sent to you by Ana Admin"; links opened before the relay named the sender say only that they were shared. */
export const sentBy = (link: Pick<RedeemedLink, 'creatorName'>): string =>
  link.creatorName === undefined ? 'Shared with you' : `Sent to you by ${link.creatorName}`;
