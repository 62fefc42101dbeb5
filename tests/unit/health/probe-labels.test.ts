import { readinessUrl } from '../../../src/lib/health/probe-url';
import { routeLabel } from '../../../src/lib/metrics';

describe('routeLabel (the route label of REST metrics)', () => {
  it.each([
    ['/channels/:id/messages/:id', '/channels/:id/messages/:id'],
    ['/channels/1234567890123456789/messages', '/channels/:id/messages'],
    ['/webhooks/:id/:token/messages/@original', '/webhooks/:id/:token/messages/@original'],
    ['/webhooks/1234567890123456789/aW50ZXJhY3Rpb246dG9rZW4/messages/@original', '/webhooks/:id/:token/messages/@original'],
    ['/interactions/:id/:token/callback', '/interactions/:id/:token/callback'],
    ['/interactions/1234567890123456789/shorttoken/callback', '/interactions/:id/:token/callback'],
    ['/channels/:id/messages/:id/reactions/%F0%9F%91%8D/@me', '/channels/:id/messages/:id/reactions/:reaction'],
    ['/guilds/:id/members/:id/roles/:id', '/guilds/:id/members/:id/roles/:id'],
    ['/applications/123456/commands', '/applications/:id/commands'],
    ['/gateway/bot', '/gateway/bot'],
  ])('%s → %s', (route, label) => {
    expect(routeLabel(route)).toBe(label);
  });
});

describe('readinessUrl (where the container health check asks)', () => {
  it.each([
    ['127.0.0.1', 3000, 'http://127.0.0.1:3000/readyz'],
    ['0.0.0.0', 3000, 'http://127.0.0.1:3000/readyz'],
    ['::', 8080, 'http://[::1]:8080/readyz'],
    ['[::]', 8080, 'http://[::1]:8080/readyz'],
    ['::1', 3000, 'http://[::1]:3000/readyz'],
    ['localhost', 3001, 'http://localhost:3001/readyz'],
    ['10.1.2.3', 3000, 'http://10.1.2.3:3000/readyz'],
  ])('DASHBOARD_HOST=%s, port %d → %s', (dashboardHost, dashboardPort, url) => {
    expect(readinessUrl({ dashboardHost, dashboardPort })).toBe(url);
  });
});
