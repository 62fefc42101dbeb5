import { createWorld, type World } from '../support/world';

/** The bot starts the job dashboard itself, behind its token, on the configured port. */
describe('job dashboard started with the bot', () => {
  let world: World;
  const token = 'e2e-dashboard-token-6f1c-9a0b3d7e5c2f';

  beforeAll(async () => {
    world = await createWorld({ env: { DASHBOARD_TOKEN: token } });
    await world.startBot();
  });
  afterAll(async () => {
    await world?.stop();
  });

  it('serves the queue page with the token and refuses requests without it', async () => {
    const base = `http://127.0.0.1:${world.env.DASHBOARD_PORT}/admin/queues`;
    const refused = await fetch(base);
    expect(refused.status).toBe(401);
    const wrong = await fetch(base, { headers: { authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);
    const allowed = await fetch(`${base}/api/queues`, { headers: { authorization: `Bearer ${token}` } });
    expect(allowed.status).toBe(200);
    const body = (await allowed.json()) as { queues: Array<{ name: string }> };
    expect(body.queues.map((queue) => queue.name)).toEqual([world.redisKeys.taskQueue, world.redisKeys.reminderQueue]);
  });

  it('stops serving when the bot shuts down', async () => {
    const port = world.env.DASHBOARD_PORT;
    const exit = await world.bot.stop();
    expect(exit.code).toBe(0);
    await expect(fetch(`http://127.0.0.1:${port}/admin/queues`)).rejects.toThrow();
  });
});
