/**
 * A client write loop through the read-write Service: one INSERT per connection (so every
 * attempt sees where the Service points now), recording each id whose COMMIT was acknowledged.
 * An id whose attempt failed may or may not be committed; acknowledged ones must all survive.
 */
import * as fs from "fs";
import * as path from "path";
import { ChildProcess, spawn } from "child_process";
import { postgresUser, chownToPostgres } from "./pgExec";

/** What the loop needs of a cluster: a directory, a client environment and the rw connection string. */
export interface WriteTarget {
    root: string;
    pods: { env: NodeJS.ProcessEnv }[];
    clientConninfo(): string;
    appSql(query: string): Promise<string>;
}

const LOOP = `
set -u
i=$FIRST_ID
while [[ ! -e "$STOP_FILE" ]] && ((SECONDS < MAX_SECONDS)); do
    i=$((i + 1))
    t=$(date +%s%3N)
    if err=$(psql -X -q -d "$CONNINFO" -c "INSERT INTO acked(id) VALUES ($i)" 2>&1 >/dev/null); then
        echo "$i $t" >>"$ACKED_FILE"
    else
        # Why it failed, on one line: a long outage is explained by its clients' errors.
        echo "$i $t $(tr '\\n' ' ' <<<"$err")" >>"$FAILED_FILE"
        sleep 0.05
    fi
done
`;

export interface WriterResult {
    acked: number[];
    failed: number;
    /** Longest time between two acknowledged commits, in ms (write unavailability). */
    longestGapMs: number;
}

export class WriteLoop {
    private child?: ChildProcess;
    private done?: Promise<void>;
    private files: { stop: string; acked: string; failed: string };

    constructor(private c: WriteTarget, name = "writer") {
        const dir = path.join(c.root, name);
        fs.mkdirSync(dir);
        chownToPostgres(dir);
        this.files = { stop: path.join(dir, "stop"), acked: path.join(dir, "acked"), failed: path.join(dir, "failed") };
    }

    static async createTable(c: WriteTarget): Promise<void> {
        await c.appSql("CREATE TABLE acked(id int PRIMARY KEY, at timestamptz DEFAULT clock_timestamp())");
    }

    /** Ids start after `firstId`: several loops may write one table. */
    start(maxSeconds = 120, firstId = 0): void {
        this.child = spawn("bash", ["-c", LOOP], {
            uid: postgresUser.uid, gid: postgresUser.gid, cwd: "/", stdio: "ignore",
            env: { ...this.c.pods[0].env, CONNINFO: this.c.clientConninfo(), STOP_FILE: this.files.stop,
                ACKED_FILE: this.files.acked, FAILED_FILE: this.files.failed, MAX_SECONDS: String(maxSeconds), FIRST_ID: String(firstId) },
        });
        this.done = new Promise(r => this.child!.on("exit", () => r()));
    }

    ackedCount(): number { return this.read(this.files.acked).length; }

    /** Acknowledged writes so far: [id, start of its attempt in ms since the epoch]. */
    acks(): [number, number][] { return this.read(this.files.acked); }

    /** Attempts that failed so far: id, start of the attempt (ms since the epoch) and psql's error. */
    failures(): { id: number; at: number; error: string }[] {
        return this.lines(this.files.failed).map(l => {
            const [id, at, ...error] = l.split(" ");
            return { id: Number(id), at: Number(at), error: error.join(" ") };
        });
    }

    /** The loop still runs (it ends on stop() or after its maxSeconds). */
    get running(): boolean { return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null; }

    private lines(f: string): string[] {
        return fs.existsSync(f) ? fs.readFileSync(f, "utf8").split("\n").filter(Boolean) : [];
    }

    private read(f: string): [number, number][] {
        return this.lines(f).map(l => l.split(" ").map(Number) as [number, number]);
    }

    async stop(): Promise<WriterResult> {
        fs.writeFileSync(this.files.stop, "");
        await this.done;
        const acked = this.read(this.files.acked);
        let longestGapMs = 0;
        for (let i = 1; i < acked.length; i++) longestGapMs = Math.max(longestGapMs, acked[i][1] - acked[i - 1][1]);
        return { acked: acked.map(a => a[0]), failed: this.failures().length, longestGapMs };
    }

    kill(): void { this.child?.kill("SIGKILL"); }
}
