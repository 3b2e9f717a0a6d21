/**
 * Mocha's spec reporter, then each test file's wall time (its top-level suites, hooks included),
 * slowest first: where a tier's time goes, printed at its end (`npm run test:nodes`, `npm test`).
 */
"use strict";
const Mocha = require("mocha");
const path = require("path");
const { EVENT_SUITE_BEGIN, EVENT_SUITE_END, EVENT_RUN_END } = Mocha.Runner.constants;

class FileTimes extends Mocha.reporters.Spec {
    constructor(runner, options) {
        super(runner, options);
        const started = new Map();
        const seconds = new Map();
        runner.on(EVENT_SUITE_BEGIN, suite => {
            if (suite.file && suite.parent && suite.parent.root) started.set(suite, Date.now());
        });
        runner.on(EVENT_SUITE_END, suite => {
            if (!started.has(suite)) return;
            const file = path.relative(process.cwd(), suite.file);
            seconds.set(file, (seconds.get(file) || 0) + (Date.now() - started.get(suite)) / 1000);
        });
        runner.once(EVENT_RUN_END, () => {
            const rows = [...seconds].sort((a, b) => b[1] - a[1]);
            console.log("\n  time per file (s):");
            for (const [file, s] of rows) console.log(`  ${s.toFixed(1).padStart(8)}  ${file}`);
        });
    }
}

module.exports = FileTimes;
