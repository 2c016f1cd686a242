import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const REPO_ROOT = path.resolve(__dirname, "..", "..");

/** A folder served over HTTP on 127.0.0.1, every request recorded. */
export interface FolderServer {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  /** `GET <path> <status>` per request, in order. */
  readonly requests: string[];
  close(): Promise<void>;
}

/**
 * Serves `root` read-only: a request path names a file below it (404 otherwise, and for any
 * path climbing out). What a release server (GitHub releases, a mirror) does for the CLI.
 */
export async function serveFolder(root: string): Promise<FolderServer> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? "/", "http://127.0.0.1").pathname);
    const file = path.join(root, pathname);
    const ok = req.method === "GET" && file.startsWith(root + path.sep) && fs.existsSync(file) && fs.statSync(file).isFile();
    requests.push(`${req.method} ${pathname} ${ok ? 200 : 404}`);
    if (!ok) {
      res.writeHead(404, { "content-type": "text/plain" }).end(`no ${pathname} here\n`);
      return;
    }
    res.writeHead(200, { "content-type": "application/gzip", "content-length": fs.statSync(file).size });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  server.unref();
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** `npm run release` built for a server on 127.0.0.1 and served from it. */
export interface ServedRelease {
  readonly version: string;
  /** The pluginDownloadURL the release was built with (`DCS_MIGRATION_PLUGIN_DOWNLOAD_URL`), `${VERSION}` left for the CLI. */
  readonly pluginDownloadURL: string;
  /** The folder the release was written to (what `dist/release` holds after `npm run release`). */
  readonly dir: string;
  readonly server: FolderServer;
  /** Seconds `npm run release` took. */
  readonly buildSeconds: number;
}

let pending: Promise<ServedRelease> | undefined;

/**
 * `DCS_MIGRATION_PLUGIN_DOWNLOAD_URL=http://127.0.0.1:<port>/releases/v${VERSION} npm run release <tmp>`
 * with a server on that port serving the result: built once per test process (about 100 s: three
 * platforms' binaries) and shared by every end-to-end test that needs release artifacts; the
 * server lives, and the folder stays, until the process exits. The port must exist before the
 * build, since the release carries the URL.
 */
export function servedRelease(): Promise<ServedRelease> {
  pending ??= build();
  return pending;
}

async function build(): Promise<ServedRelease> {
  const root = await fs.promises.mkdtemp(path.join(os.tmpdir(), "pulumi-dcs-release-"));
  process.once("exit", () => fs.rmSync(root, { recursive: true, force: true }));
  const version = (JSON.parse(await fs.promises.readFile(path.join(REPO_ROOT, "package.json"), "utf8")) as { version: string }).version;
  const server = await serveFolder(root);
  const pluginDownloadURL = `${server.origin}/releases/v\${VERSION}`;
  const dir = path.join(root, "releases", `v${version}`);
  const started = performance.now();
  try {
    await run("bash", [path.join(REPO_ROOT, "scripts", "release"), dir], {
      cwd: REPO_ROOT,
      env: { ...process.env, DCS_MIGRATION_PLUGIN_DOWNLOAD_URL: pluginDownloadURL },
      maxBuffer: 64 * 1024 * 1024,
      timeout: 15 * 60_000,
    });
  } catch (e) {
    const err = e as Error & { stdout?: string; stderr?: string };
    throw new Error(`npm run release failed: ${err.stdout ?? ""}${err.stderr ?? err.message}`, { cause: e });
  }
  return { version, pluginDownloadURL, dir, server, buildSeconds: (performance.now() - started) / 1000 };
}
