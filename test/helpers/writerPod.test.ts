import * as assert from "assert";
import { formatErrors, groupErrors, longestGap } from "./writerPod";

describe("write-loop output (the real-node tier's client)", () => {
    it("groupErrors: one entry per cause, addresses and pids masked, with count and first/last time", () => {
        const lines = [
            "fail 7 1000 psql: error: connection to server at \"pg-rw\" (10.96.0.12), port 5432 failed: timeout expired",
            "fail 8 3000 psql: error: connection to server at \"pg-rw\" (10.96.0.13), port 5432 failed: timeout expired",
            "fail 9 3500 psql: error: server closed the connection unexpectedly (pid 4242)",
            "fail 10 5000 psql: error: connection to server at \"pg-rw\" (10.96.0.12), port 5432 failed: timeout expired",
        ];
        assert.deepStrictEqual(groupErrors(lines), [
            { error: "psql: error: connection to server at \"pg-rw\" (<ip>), port <n> failed: timeout expired", count: 3, first: 1000, last: 5000 },
            { error: "psql: error: server closed the connection unexpectedly (pid <n>)", count: 1, first: 3500, last: 3500 },
        ]);
        assert.deepStrictEqual(groupErrors([]), []);
        assert.strictEqual(formatErrors(groupErrors(lines.slice(2, 3)), 500), "        1x from 3.0 s to 3.0 s: psql: error: server closed the connection unexpectedly (pid <n>)");
    });

    it("longestGap: from the last commit before the fault, in seconds", () => {
        const acks = [{ at: 1000 }, { at: 1500 }, { at: 9500 }, { at: 9700 }];
        assert.strictEqual(longestGap(acks, 2000), 8);
        assert.strictEqual(longestGap([{ at: 5000 }], 2000), 3, "no commit before the fault: from the fault");
        assert.strictEqual(longestGap([], 2000), 0);
    });
});
