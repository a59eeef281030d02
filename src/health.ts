// /healthz, /readyz and /metrics: plain node:http handlers, served by our own server or
// by Bolt's receiver (its customRoutes take the same (req, res) pair).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';
import { redactUrlsDeep } from './log.js';

export interface Readiness {
  ready: boolean;
  checks: Record<string, boolean>;
  /** What an operator should know that does not make the bot unready (a failing feed). */
  detail?: Record<string, unknown>;
}

export interface HealthRoute {
  path: string;
  method: string[];
  handler: (req: IncomingMessage, res: ServerResponse) => void;
}

export function healthRoutes(options: { readiness: () => Readiness; registry: Registry }): HealthRoute[] {
  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  return [
    { path: '/healthz', method: ['GET', 'HEAD'], handler: (_req, res) => json(res, 200, { status: 'ok' }) },
    {
      path: '/readyz',
      method: ['GET', 'HEAD'],
      handler: (_req, res) => {
        const r = options.readiness();
        // Feed addresses are shown here, unauthenticated: credentials in them are hidden (issue 19).
        json(res, r.ready ? 200 : 503, { status: r.ready ? 'ready' : 'not ready', checks: r.checks, ...(r.detail ? { detail: redactUrlsDeep(r.detail) } : {}) });
      },
    },
    {
      path: '/metrics',
      method: ['GET'],
      handler: (_req, res) => {
        options.registry.metrics().then(
          (text) => {
            res.writeHead(200, { 'content-type': options.registry.contentType });
            res.end(text);
          },
          () => json(res, 500, { status: 'error' }),
        );
      },
    },
  ];
}

/** A small server for the health routes when no Bolt HTTP server is running. */
export function startHealthServer(routes: HealthRoute[], port: number, host: string): Promise<Server> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const route = routes.find((r) => r.path === path && r.method.includes(req.method ?? 'GET'));
    if (route) route.handler(req, res);
    else {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"status":"not found"}');
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
