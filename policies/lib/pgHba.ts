/** Reads pg_hba.conf lines and finds the ones that open the database too wide. */

const HOST_TYPES = new Set(["host", "hostssl", "hostnossl", "hostgssenc", "hostnogssenc"]);
const OPEN_ADDRESSES = new Set(["all", "0.0.0.0/0", "::/0", "::0/0", "0::0/0"]);

function isIpLiteral(s: string): boolean {
    return /^[0-9.]+$/.test(s) || (s.includes(":") && /^[0-9a-fA-F:.]+$/.test(s));
}

/** True for an address (with its netmask field, if the IP-mask form is used) that matches everyone. */
function isOpen(address: string, mask: string | undefined): boolean {
    if (OPEN_ADDRESSES.has(address) || /\/0$/.test(address)) {
        return true;
    }
    return mask !== undefined && (mask === "0.0.0.0" || mask === "::" || mask === "::0");
}

/** Problems as "line N (`...`) ..." message fragments. */
export function pgHbaProblems(content: string): string[] {
    const problems: string[] = [];
    content.split("\n").forEach((raw, i) => {
        const line = raw.replace(/#.*/, "").trim();
        const fields = line.split(/\s+/);
        if (line === "" || !HOST_TYPES.has(fields[0]) || fields.length < 5) {
            return;
        }
        const address = fields[3];
        const mask = isIpLiteral(address) && !address.includes("/") ? fields[4] : undefined;
        const method = fields[mask === undefined ? 4 : 5];
        const where = `line ${i + 1} (\`${line.replace(/\s+/g, " ")}\`)`;
        // A `reject` line for every address is the usual closing rule, not an opening.
        if (isOpen(address, mask) && method !== "reject") {
            problems.push(`${where} admits every address`);
        }
        if (method === "trust") {
            problems.push(`${where} uses trust, so no password is asked`);
        }
    });
    return problems;
}
