export * from './config/index.ts';
export * from './core/index.ts';
export * from './errors/index.ts';
export { buildApp, type GatewayDeps } from './server/build-app.ts';
export { type RunningGateway, type StartOptions, startGateway } from './server/start-gateway.ts';
