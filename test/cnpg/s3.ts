/**
 * A real S3 server for the Barman Cloud plugin: versitygw v1.8.0 (built by scripts/tools-build.sh
 * from its pinned module), posix backend, as a host process stopped by its PID. It listens on the
 * host's loopback and on the node network's gateway address, which pods reach as they reach the
 * API server's relay. Buckets are directories under `root`; objects are files under them. With
 * `tls`, it serves HTTPS with a certificate from a throwaway private CA (`caCertificate`), as a
 * private object store does: clients must be given that CA.
 */
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as path from "path";
import { cache } from "../helpers/kube";
import { caSignedServerCertificate } from "../helpers/tls";

const binary = path.join(cache, "bin", "versitygw");

async function listening(host: string, port: number): Promise<boolean> {
    return new Promise(resolve => {
        const s = net.connect(port, host, () => { s.destroy(); resolve(true); });
        s.once("error", () => resolve(false));
    });
}

async function freePort(host: string): Promise<number> {
    return new Promise((resolve, reject) => {
        const s = net.createServer();
        s.once("error", reject);
        s.listen(0, host, () => {
            const port = (s.address() as net.AddressInfo).port;
            s.close(() => resolve(port));
        });
    });
}

export class S3Server {
    private constructor(private readonly child: ChildProcess, readonly root: string, readonly log: string,
        readonly address: string, readonly port: number, readonly accessKey: string, readonly secretKey: string,
        /** PEM of the CA that signed the server's certificate; "" over plain HTTP. */
        readonly caCertificate: string) {}

    /** `http(s)://<address>:<port>`, the endpoint pods use. */
    get endpoint(): string {
        return `${this.caCertificate ? "https" : "http"}://${this.address}:${this.port}`;
    }

    /** Starts versitygw in `dir` with the given buckets (made as directories before it starts). */
    static async start(dir: string, address: string, buckets: string[], options: { tls?: boolean } = {}): Promise<S3Server> {
        const root = path.join(dir, "s3-data");
        const meta = path.join(dir, "s3-meta"); // not under the root, nor a string prefix of it
        fs.mkdirSync(root, { recursive: true });
        fs.mkdirSync(meta, { recursive: true });
        for (const b of buckets) fs.mkdirSync(path.join(root, b), { recursive: true });
        // The sidecar runs as the pod's uid; the server runs as root: nothing to share on disk.
        const port = await freePort(address);
        const accessKey = "pgk8sbackup";
        const secretKey = `s3-${process.pid}-${Date.now()}`;
        const tlsDir = path.join(dir, "s3-tls");
        const tls = options.tls
            ? (fs.mkdirSync(tlsDir, { recursive: true }), caSignedServerCertificate(tlsDir, "postgres-k8s-test-s3-ca", "s3", [address, "127.0.0.1"]))
            : undefined;
        const log = path.join(dir, "versitygw.log");
        const out = fs.openSync(log, "a");
        const child = spawn(binary, ["--port", `127.0.0.1:${port}`, "--port", `${address}:${port}`,
            "--access-log", path.join(dir, "versitygw-access.log"),
            ...(tls ? ["--cert", tls.certFile, "--key", tls.keyFile] : []), "posix", "--sidecar", meta, root], {
            env: { PATH: process.env.PATH, ROOT_ACCESS_KEY_ID: accessKey, ROOT_SECRET_ACCESS_KEY: secretKey },
            stdio: ["ignore", out, out],
        });
        fs.closeSync(out);
        const server = new S3Server(child, root, log, address, port, accessKey, secretKey, tls ? fs.readFileSync(tls.caFile, "utf8") : "");
        const deadline = Date.now() + 60_000;
        while (!(await listening(address, port))) {
            if (child.exitCode !== null) throw new Error(`versitygw exited (${child.exitCode}): ${fs.readFileSync(log, "utf8")}`);
            if (Date.now() > deadline) {
                await server.stop();
                throw new Error(`versitygw not listening on ${address}:${port} after 60 s: ${fs.readFileSync(log, "utf8")}`);
            }
            await new Promise(r => setTimeout(r, 250));
        }
        return server;
    }

    /** Object keys (paths relative to the bucket) under `prefix` in `bucket`, sorted. */
    objects(bucket: string, prefix: string): string[] {
        const base = path.join(this.root, bucket);
        const start = path.join(base, prefix);
        if (!fs.existsSync(start)) return [];
        const out: string[] = [];
        const walk = (d: string) => {
            for (const e of fs.readdirSync(d, { withFileTypes: true })) {
                const p = path.join(d, e.name);
                if (e.isDirectory()) walk(p);
                else out.push(path.relative(base, p));
            }
        };
        walk(start);
        return out.sort();
    }

    read(bucket: string, key: string): string {
        return fs.readFileSync(path.join(this.root, bucket, key), "utf8");
    }

    /** The access log: one line per S3 request, with the client's address. */
    accessLog(): string {
        const f = path.join(path.dirname(this.log), "versitygw-access.log");
        return fs.existsSync(f) ? fs.readFileSync(f, "utf8") : "";
    }

    tail(lines = 30): string {
        return fs.readFileSync(this.log, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
    }

    async stop(): Promise<void> {
        if (this.child.exitCode !== null || this.child.signalCode !== null) return;
        const exited = new Promise(resolve => this.child.once("exit", resolve));
        this.child.kill("SIGTERM");
        const timer = setTimeout(() => this.child.kill("SIGKILL"), 10_000);
        await exited;
        clearTimeout(timer);
    }
}
