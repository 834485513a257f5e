import { writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { Session } from "node:inspector";
import type { AddressInfo } from "node:net";
import path from "node:path";

/** How a bench server answers its control routes (stats, flush, profile…): a JSON body or a throw. */
export type ControlAnswer = (method: string, url: URL) => Promise<unknown>;

/**
 * CPU profile of a chosen window only (POST /profile/start, then /profile/stop → a file in
 * `directory`), unlike --cpu-prof, which also records start-up and seeding.
 */
function profileRoutes(directory: string, name: string): ControlAnswer {
  const profiler = new Session();
  const post = (method: string, params?: object) =>
    new Promise<unknown>((resolve, reject) =>
      profiler.post(method, params, (error, result) => (error ? reject(error) : resolve(result))),
    );
  return async (method, url) => {
    if (method !== "POST") return undefined;
    if (url.pathname === "/profile/start") {
      profiler.connect();
      await post("Profiler.enable");
      await post("Profiler.setSamplingInterval", { interval: 100 });
      await post("Profiler.start");
      return { profiling: true };
    }
    if (url.pathname === "/profile/stop") {
      const { profile } = (await post("Profiler.stop")) as { profile: unknown };
      profiler.disconnect();
      const file = path.join(directory, `${name}-${Date.now()}.cpuprofile`);
      writeFileSync(file, JSON.stringify(profile));
      return { file };
    }
    return undefined;
  };
}

/**
 * The control endpoint of a bench server, on its own loopback port beside the app: never part
 * of what is measured. Besides the server's own routes it serves /profile/start and /profile/stop
 * (profiles named `<profile.name>-<time>.cpuprofile` in `profile.directory`). Errors answer 500.
 */
export async function startControlServer(
  answer: ControlAnswer,
  profile: { directory: string; name: string },
) {
  const profiling = profileRoutes(profile.directory, profile.name);
  const route: ControlAnswer = async (method, url) =>
    url.pathname.startsWith("/profile/") ? profiling(method, url) : answer(method, url);
  const control = createServer((request, response) => {
    route(request.method ?? "GET", new URL(request.url ?? "/", "http://control")).then(
      (body) => {
        response.writeHead(200, { "content-type": "application/json" });
        response.end(JSON.stringify(body));
      },
      (error: unknown) => {
        response.writeHead(500, { "content-type": "application/json" });
        response.end(JSON.stringify({ error: String(error) }));
      },
    );
  });
  await new Promise<void>((resolve) => control.listen(0, "127.0.0.1", resolve));
  return {
    port: (control.address() as AddressInfo).port,
    close: () => control.close(),
  };
}
