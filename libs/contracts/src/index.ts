export * from './activity';
export * from './errors';
export * from './realtime';
export * from './roles';
