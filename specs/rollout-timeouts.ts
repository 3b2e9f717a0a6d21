/**
 * How long Pulumi waits for a PostgreSQL StatefulSet (the cluster, or the point-in-time recovery
 * instance) to become ready. Its pods are ready only after their bootstrap: a replica's clone or a
 * restore copies the whole database, so the provider's 10-minute default fails a correct rollout
 * of any sizeable database. The budget grows with the data volume: 10 minutes plus one minute per
 * 2 GiB (a full volume copied at 34 MiB/s, a pessimistic rate for cloud block storage and
 * network). It is only a ceiling: a rollout that finishes sooner returns at once.
 */
import type * as pulumi from "@pulumi/pulumi";
import { parseQuantity } from "../policies/lib/quantity";

const BASE_MINUTES = 10;
const BYTES_PER_MINUTE = 2 * 2 ** 30;

/** Minutes a clone or restore of a full data volume of `size` (a Kubernetes quantity) may take. */
export function bootstrapTimeoutMinutes(size: string): number {
    const bytes = parseQuantity(size);
    if (bytes === undefined || bytes <= 0) throw new Error(`storage size '${size}' is not a Kubernetes quantity above zero`);
    return BASE_MINUTES + Math.ceil(bytes / BYTES_PER_MINUTE);
}

/** Pulumi `customTimeouts` for a StatefulSet whose pods clone or restore `size` of data. */
export function statefulSetTimeouts(size: pulumi.Input<string>): { create: string; update: string } {
    // Resource options are plain values: the size must be known when the program runs.
    if (typeof size !== "string") throw new Error("the data volume size must be a plain string to derive the StatefulSet's customTimeouts");
    const t = `${bootstrapTimeoutMinutes(size)}m`;
    return { create: t, update: t };
}
