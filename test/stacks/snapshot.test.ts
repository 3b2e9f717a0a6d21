/**
 * Rendered-object snapshots: every resource the program registers for a few stack variants,
 * rendered canonically (test/helpers/snapshot.ts) and compared with test/stacks/__snapshots__/.
 * A refactor must leave them byte-identical; an intended change updates them and shows its diff
 * in review:
 *
 *     npm run snapshots:update
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { runStackWithOutputs } from "../helpers/stack";
import { StackName } from "../helpers/stack-config";
import { changedResources, renderSnapshot } from "../helpers/snapshot";

const snapshotDir = path.join(__dirname, "__snapshots__");
const update = process.env.UPDATE_SNAPSHOTS === "1";

const variants: { name: string; stack: StackName; overrides?: Record<string, unknown> }[] = [
    { name: "dev", stack: "dev" },
    { name: "prod", stack: "prod" },
    { name: "prod-restore", stack: "prod", overrides: { restoreFrom: "latest", restoreTargetTime: "2026-01-01T00:00:00Z" } },
    {
        name: "dev-standalone-hostpath", stack: "dev",
        overrides: { topology: "standalone", instances: 1, createNamespace: false, storageMode: "hostPath", hostPath: "/srv/pg", hostPathNode: "node-a" },
    },
    { name: "prod-nfs", stack: "prod", overrides: { storageMode: "nfs", nfsServer: "nfs.example.internal", nfsPath: "/exports/pg", storageClassName: "" } },
];

describe("rendered objects match test/stacks/__snapshots__ (UPDATE_SNAPSHOTS=1 rewrites them)", () => {
    for (const v of variants) {
        it(v.name, async () => {
            const actual = await renderSnapshot(await runStackWithOutputs(v.stack, v.overrides));
            const file = path.join(snapshotDir, `${v.name}.json`);
            if (update) {
                fs.mkdirSync(snapshotDir, { recursive: true });
                fs.writeFileSync(file, actual);
                return;
            }
            assert.ok(fs.existsSync(file), `${file} is missing: run npm run snapshots:update`);
            const expected = fs.readFileSync(file, "utf8");
            const why = actual === expected ? undefined
                : `rendered objects of ${v.name} changed: ${changedResources(expected, actual).join(", ")}; ` +
                    "if intended, npm run snapshots:update and commit the diff";
            assert.strictEqual(actual, expected, why);
        });
    }
});
