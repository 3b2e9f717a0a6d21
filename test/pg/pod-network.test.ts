import { strict as assert } from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { clusterDefaults } from "../../components/args/defaults";
import { renderPgHba } from "../../specs/pg-hba";
import { chownToPostgres, PG_BIN } from "../helpers/pgExec";

/**
 * The default podCidrs on a real server: clients from the pod networks of the common providers
 * (EKS VPC addresses, Calico's 192.168.0.0/16, GKE/AKS 10.x, CGNAT, IPv6 unique-local) get past
 * pg_hba.conf, a public address does not. Each address sits on the loopback of a network
 * namespace of its own (unshare -n), so a client connecting to it connects from it.
 */
describe("real PostgreSQL: the default podCidrs admit the common providers' pod networks", function () {
    this.timeout(120000);
    const addresses: [string, "admitted" | "refused"][] = [
        ["192.168.77.1", "admitted"], ["172.31.5.5", "admitted"], ["10.244.1.1", "admitted"],
        ["100.64.3.3", "admitted"], ["fd00::5", "admitted"], ["8.8.8.8", "refused"],
    ];
    let verdicts: Record<string, string> = {};

    before(() => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pgk8s-hba-"));
        fs.chmodSync(dir, 0o755);
        chownToPostgres(dir);
        const cidrs = [...clusterDefaults.network.podCidrs];
        fs.writeFileSync(path.join(dir, "pg_hba.conf"), renderPgHba({ superuser: "postgres", replicationUser: "replicator", memberCidrs: cidrs, clientCidrs: cidrs }));
        fs.writeFileSync(path.join(dir, "pw"), "app-secret\n");
        chownToPostgres(path.join(dir, "pg_hba.conf"));
        chownToPostgres(path.join(dir, "pw"));
        const pg = (cmd: string) => `runuser -u postgres -- ${PG_BIN}/${cmd}`;
        const script = `set -euo pipefail
ip link set lo up
${addresses.map(([a]) => `ip addr add ${a}/${a.includes(":") ? 128 : 32} dev lo`).join("\n")}
${pg(`initdb -D ${dir}/data -A peer -U postgres >/dev/null`)}
${pg(`pg_ctl -D ${dir}/data -w -l ${dir}/log -o "-c listen_addresses='*' -p 5432 -c unix_socket_directories=${dir} -c hba_file=${dir}/pg_hba.conf" start >/dev/null`)}
trap '${pg(`pg_ctl -D ${dir}/data -m immediate -w stop >/dev/null`)}' EXIT
${pg(`psql -X -q -h ${dir} -p 5432 -U postgres -d postgres -c "CREATE ROLE app LOGIN PASSWORD 'app-secret'"`)}
for a in ${addresses.map(([a]) => a).join(" ")}; do
    if out="$(PGPASSWORD=app-secret ${pg(`psql -X -A -t -d "host=$a port=5432 user=app dbname=postgres sslmode=disable connect_timeout=5" -c "SELECT inet_client_addr()" 2>&1`)})"; then
        echo "$a admitted $out"
    else
        echo "$a refused $(tr '\\n' ' ' <<<"$out")"
    fi
done`;
        const out = execFileSync("unshare", ["-n", "bash", "-c", script], { encoding: "utf8" });
        verdicts = Object.fromEntries(out.trim().split("\n").map(l => [l.split(" ")[0], l.split(" ").slice(1).join(" ")]));
        fs.rmSync(dir, { recursive: true, force: true });
    });

    for (const [address, expected] of addresses) {
        it(`${address}: ${expected}`, () => {
            const v = verdicts[address] ?? "";
            assert.ok(v.startsWith(expected), `${address}: ${v}`);
            if (expected === "admitted") assert.ok(v.includes(address), `the server saw the client at ${v}`);
            else assert.match(v, /no pg_hba\.conf entry for host "8\.8\.8\.8"/);
        });
    }
});
