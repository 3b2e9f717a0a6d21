/** What every topology's pod templates share: container resources and the config checksum annotation. */
import type * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";

export interface Resources {
    requests: { cpu: pulumi.Input<string>; memory: pulumi.Input<string> };
    limits: { cpu: pulumi.Input<string>; memory: pulumi.Input<string> };
}

/** sha256 of the rendered config and scripts: as a pod annotation, a change rolls the pods. */
export function checksum(text: string): string {
    return createHash("sha256").update(text).digest("hex");
}
