import * as assert from "assert";
import { caseId, caseResource, expectedVerdict, inventoryResources, loadPeerCases, PeerCase, verdictOf } from "../helpers/policyPeers";
import { EXCLUDED_CHECKS, mapPeerCase } from "./peerMapping";
import { KNOWN_DISAGREEMENTS } from "./peerDisagreements";

interface Row {
    c: PeerCase;
    expected: "pass" | "fail";
    actual: "pass" | "fail";
}

describe("peer cases (Gatekeeper library and Kyverno policies fixtures)", () => {
    const cases = loadPeerCases();
    const rows: Row[] = [];

    before(async () => {
        for (const c of cases.filter(c => !(c.check in EXCLUDED_CHECKS))) {
            const subject = caseResource(c);
            const mapping = mapPeerCase(c, subject);
            const inventory = [...inventoryResources(c), ...(mapping.synthesized ?? [])];
            rows.push({ c, expected: expectedVerdict(c), actual: await verdictOf(subject, inventory, mapping.runs) });
        }
        const byCheck = new Map<string, Row[]>();
        for (const r of rows) byCheck.set(r.c.check, [...(byCheck.get(r.c.check) ?? []), r]);
        const lines = [...byCheck].map(([check, rs]) => {
            const agree = rs.filter(r => r.expected === r.actual).length;
            return `  ${check.padEnd(28)} ${String(agree).padStart(3)}/${String(rs.length).padEnd(3)} ${(100 * agree / rs.length).toFixed(1)}%`;
        });
        const agree = rows.filter(r => r.expected === r.actual).length;
        console.log(["  agreement per check:", ...lines,
            `  ${"overall".padEnd(28)} ${agree}/${rows.length} ${(100 * agree / rows.length).toFixed(1)}% ` +
            `(${cases.length - rows.length} cases left out: ${Object.keys(EXCLUDED_CHECKS).join(", ")})`].join("\n"));
    });

    it("loads all 539 labelled cases", () => {
        assert.strictEqual(cases.length, 539);
    });

    it("leaves out only the documented checks", () => {
        assert.deepStrictEqual(Object.keys(EXCLUDED_CHECKS), ["backup-configured"]);
        assert.strictEqual(cases.filter(c => c.check in EXCLUDED_CHECKS).length, 8);
    });

    it("agrees on every public-exposure and anti-affinity headline case", () => {
        const headline = rows.filter(r => r.c.headline === "public-exposure" || r.c.headline === "anti-affinity");
        assert.strictEqual(headline.length, 208);
        assert.deepStrictEqual(headline.filter(r => r.expected !== r.actual).map(r => caseId(r.c)), []);
    });

    it("agrees on at least 95% overall", () => {
        const agree = rows.filter(r => r.expected === r.actual).length;
        assert.ok(agree / rows.length >= 0.95, `${agree}/${rows.length}`);
    });

    it("disagrees exactly on the documented, deliberate differences", () => {
        const actual = rows.filter(r => r.expected !== r.actual).map(r => `${caseId(r.c)} (peer: ${r.expected}, pack: ${r.actual})`);
        assert.deepStrictEqual(actual.sort(), Object.keys(KNOWN_DISAGREEMENTS).sort());
    });
});
