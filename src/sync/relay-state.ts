// Moved to docs/ (relay-marker, relay-marker-store, state-vector); kept for the flusher until it imports from there.
export * from './docs/relay-marker';
export * from './docs/relay-marker-store';
export * from './docs/state-vector';
