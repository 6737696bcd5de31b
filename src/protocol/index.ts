// The wire shared by the app and the relay (DESIGN §1 `protocol/`, sync-server/API.md): HTTP
// request/response schemas, error codes, websocket message types and close codes, room names,
// and the names stored on devices. Imports only zod and src/domain.
export * from './errors';
export * from './close-codes';
export * from './messages';
export * from './rooms';
export * from './auth';
export * from './members';
export * from './invites';
export * from './changes';
export * from './records';
export * from './shares';
export * from './routes';
export * from './files';
export * from './storage-names';
