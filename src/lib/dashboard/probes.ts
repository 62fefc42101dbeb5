import { Router, type Request, type Response } from 'express';
import type { ReadinessReport } from '../health/readiness';

export const HEALTH_PATH = '/healthz';
export const READY_PATH = '/readyz';
export const METRICS_PATH = '/metrics';

/** Never cached by a proxy: a probe must see the state of now. */
function noStore(response: Response): Response {
  return response.setHeader('Cache-Control', 'no-store');
}

/**
 * /healthz (the process serves HTTP: liveness) and /readyz (see createReadiness: 200
 * when ready, 503 with the failing checks otherwise). Mounted before the token check:
 * container health checks and orchestrators carry no credential, and neither answer
 * tells more than which check failed.
 */
export function probeRoutes(readiness: () => Promise<ReadinessReport>): Router {
  const router = Router();
  router.get(HEALTH_PATH, (_request: Request, response: Response) => {
    noStore(response).json({ status: 'alive' });
  });
  router.get(READY_PATH, (_request: Request, response: Response, next) => {
    readiness().then((report) => {
      noStore(response)
        .status(report.ready ? 200 : 503)
        .json({ status: report.ready ? 'ready' : report.stopping ? 'stopping' : 'not ready', checks: report.checks });
    }, next);
  });
  return router;
}

/** /metrics in the Prometheus text format; mounted behind the token check. */
export function metricsRoute(render: () => Promise<{ contentType: string; body: string }>): Router {
  const router = Router();
  router.get(METRICS_PATH, (_request: Request, response: Response, next) => {
    render().then(({ contentType, body }) => {
      // end(), not send(): express would rewrite the content type with the charset first.
      noStore(response).setHeader('Content-Type', contentType);
      response.end(body);
    }, next);
  });
  return router;
}
