/** WAL archive inspection for the real-PostgreSQL tests. */
import * as fs from "fs";
import { PgPod } from "./pgPod";
import { waitFor } from "./pgExec";

const SEGMENT = /^[0-9A-F]{24}$/;

/** Archived segment names of one timeline, sorted. */
export function archivedSegments(archiveDir: string, timeline = 1): string[] {
    const tli = timeline.toString(16).toUpperCase().padStart(8, "0");
    return fs.readdirSync(archiveDir).filter(f => SEGMENT.test(f) && f.startsWith(tli)).sort();
}

/** 64-bit segment number of a segment name (16 MB segments: 256 per log id). */
export function segmentNumber(name: string): bigint {
    return BigInt("0x" + name.slice(8, 16)) * 256n + BigInt("0x" + name.slice(16, 24));
}

/** Segment numbers missing between the first and last archived segment. */
export function gaps(segments: string[]): bigint[] {
    const nums = segments.map(segmentNumber);
    const missing: bigint[] = [];
    for (let i = 1; i < nums.length; i++) {
        for (let n = nums[i - 1] + 1n; n < nums[i]; n++) missing.push(n);
    }
    return missing;
}

/** Switches to a new segment and waits until the finished one is in the archive; returns its name. */
export async function switchAndArchive(primary: PgPod, archiveDir = primary.dirs.archiveDir): Promise<string> {
    const seg = await primary.sql("SELECT pg_walfile_name(pg_switch_wal())");
    await waitFor(`${seg} to be archived`, async () =>
        fs.existsSync(`${archiveDir}/${seg}`) ? true : undefined);
    return seg;
}

/** The server's clock now, as an RFC 3339 UTC timestamp (a recovery target). */
export function serverNow(p: PgPod): Promise<string> {
    return p.sql(`SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`);
}

/** Waits until the replica has replayed everything the primary has written so far. */
/** Until every replica is a streaming walsender client of `primary` (not only replaying the archive). */
export async function waitForStreaming(primary: PgPod, replicas: PgPod[]): Promise<void> {
    const want = replicas.map(r => r.name).sort().join(",");
    await waitFor(`${want} streaming from ${primary.name}`, async () =>
        (await primary.sql("SELECT string_agg(application_name, ',' ORDER BY application_name) FROM pg_stat_replication WHERE state = 'streaming'")) === want ? true : undefined, 120000);
}

export async function waitForReplay(replica: PgPod, primary: PgPod): Promise<void> {
    const lsn = await primary.sql("SELECT pg_current_wal_lsn()");
    await waitFor(`${replica.name} to replay up to ${lsn}`, async () =>
        ((await replica.sql(`SELECT pg_last_wal_replay_lsn() >= '${lsn}'`)) === "t" ? true : undefined));
}
