export * from './activity';
export * from './errors';
export * from './roles';
