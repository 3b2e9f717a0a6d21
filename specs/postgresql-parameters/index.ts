/**
 * Checks postgresqlParameters against PostgreSQL's own parameter catalogue for the image's
 * major version (<major>.json beside this file, generated from a real server's pg_settings by
 * scripts/render-pg-catalogue.sh and kept in sync by test/pg/parameter-catalogue.test.ts), with
 * the server's parsing rules (guc.c: parse_bool, parse_int, parse_real, units), so a misspelt
 * name or a value out of range fails at preview instead of crash-looping the pod.
 */
import * as fs from "fs";
import * as path from "path";
import { closest } from "../closest";

export interface ParameterInfo {
    name: string;
    type: "bool" | "integer" | "real" | "enum" | "string";
    unit: string | null;
    context: string;
    min: number | null;
    max: number | null;
    values: string[] | null;
}

/** The majors a catalogue is checked in for; an image without a readable major is taken to be the first. */
export const catalogueMajors = fs.readdirSync(__dirname)
    .map(f => /^(\d+)\.json$/.exec(f)?.[1]).filter((m): m is string => m !== undefined).map(Number).sort();

const catalogues = new Map<number, Map<string, ParameterInfo>>();

export function catalogue(major: number): Map<string, ParameterInfo> | undefined {
    if (!catalogueMajors.includes(major)) return undefined;
    if (!catalogues.has(major)) {
        const list: ParameterInfo[] = JSON.parse(fs.readFileSync(path.join(__dirname, `${major}.json`), "utf8"));
        catalogues.set(major, new Map(list.map(p => [p.name.toLowerCase(), p])));
    }
    return catalogues.get(major);
}

/** PostgreSQL major of an image reference (`postgres:15.18-bookworm` -> 15), if its tag says. */
export function imageMajor(image: string): number | undefined {
    const last = image.split("@")[0].split("/").pop() ?? "";
    const m = /:(\d+)(\.|-|$)/.exec(last);
    return m ? Number(m[1]) : undefined;
}

const MEMORY_UNITS: Record<string, number> = { B: 1, kB: 1024, MB: 1024 ** 2, GB: 1024 ** 3, TB: 1024 ** 4 };
const TIME_UNITS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, min: 60000, h: 3600000, d: 86400000 };

/** A parameter's unit (`8kB`, `ms`, `min`) as a factor of bytes or milliseconds, and which kind. */
function unitOf(unit: string): { kind: "memory" | "time"; factor: number } {
    const m = /^(\d*)(.+)$/.exec(unit)!;
    const n = m[1] === "" ? 1 : Number(m[1]);
    if (m[2] in MEMORY_UNITS) return { kind: "memory", factor: n * MEMORY_UNITS[m[2]] };
    return { kind: "time", factor: n * TIME_UNITS[m[2]] };
}

/** parse_bool: any case, a prefix of true/false/yes/no, on, of(f), 1, 0. */
function isBool(v: string): boolean {
    const s = v.trim().toLowerCase();
    if (s === "") return false;
    if (["t", "f", "y", "n"].includes(s[0])) return ["true", "false", "yes", "no"].some(w => w.startsWith(s));
    return s === "on" || s === "of" || s === "off" || s === "1" || s === "0";
}

/** A number with an optional unit, converted to the parameter's unit; or why it is not one. */
function parseNumber(raw: string, p: ParameterInfo): number | string {
    const m = /^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|0[xX][0-9a-fA-F]+)\s*([a-zA-Z]+)?\s*$/.exec(raw);
    if (!m) return "not a number";
    let value = Number(m[1]);
    if (m[2] !== undefined) {
        const own = p.unit ? unitOf(p.unit) : undefined;
        const table = own?.kind === "memory" ? MEMORY_UNITS : TIME_UNITS;
        if (!own || !(m[2] in table)) return `unit '${m[2]}' is not one of ${own ? Object.keys(table).join(", ") : "(none: this parameter has no unit)"}`;
        value = (value * table[m[2]]) / own.factor;
    }
    return p.type === "integer" ? Math.round(value) : value;
}

/** A memory parameter's value in bytes as the server reads it (a bare number is in the parameter's unit); undefined if it is not one. */
export function memoryParameterBytes(name: string, value: string | number | boolean, major: number): number | undefined {
    const p = catalogue(major)?.get(name);
    if (!p?.unit || unitOf(p.unit).kind !== "memory") return undefined;
    const n = parseNumber(String(value), p);
    return typeof n === "number" ? n * unitOf(p.unit).factor : undefined;
}

function unitWords(p: ParameterInfo): string {
    if (!p.unit) return "";
    const kind = unitOf(p.unit).kind;
    const table = kind === "memory" ? MEMORY_UNITS : TIME_UNITS;
    return ` in units of ${p.unit}, or with a unit (${Object.keys(table).join(", ")}) such as '${kind === "memory" ? "128MB" : "30s"}'`;
}

/** What the parameter accepts, in words, for the error message. */
export function allowedWords(p: ParameterInfo, major: number): string {
    switch (p.type) {
        case "bool": return `a boolean (on, off, true, false, yes, no, 1, 0) for PostgreSQL ${major}'s ${p.name}`;
        case "enum": return `one of ${p.values!.join(", ")} (PostgreSQL ${major}'s ${p.name})`;
        case "integer": return `an integer from ${p.min} to ${p.max}${unitWords(p)} (PostgreSQL ${major}'s ${p.name})`;
        case "real": return `a number from ${p.min} to ${p.max}${unitWords(p)} (PostgreSQL ${major}'s ${p.name})`;
        default: return `a string (PostgreSQL ${major}'s ${p.name})`;
    }
}

/** True when PostgreSQL would reject `value` as a setting of `p`. */
function valueProblem(p: ParameterInfo, value: string | number | boolean): boolean {
    const v = String(value);
    switch (p.type) {
        case "bool": return !isBool(v);
        case "enum": {
            const s = v.trim().toLowerCase();
            const values = p.values!.map(x => x.toLowerCase());
            // Enums offering on/off also take every boolean spelling (guc.c lists them as hidden values).
            return !(values.includes(s) || (values.includes("on") && values.includes("off") && isBool(s)));
        }
        case "integer":
        case "real": {
            const n = parseNumber(v, p);
            return typeof n === "string" || !Number.isFinite(n) || n < p.min! || n > p.max!;
        }
        default: return false;
    }
}

export interface ParameterProblem {
    name: string;
    value: unknown;
    allowed: string;
}

/**
 * One problem per refused entry of postgresqlParameters: an unknown name (with the closest
 * known one), a read-only or program-owned parameter, or a value PostgreSQL would reject.
 * Names with a dot are extension parameters (`pg_stat_statements.max`): the server accepts
 * any, so they are not checked.
 */
export function parameterProblems(params: Record<string, string | number | boolean>, image: string, owned: readonly string[]): ParameterProblem[] {
    const names = Object.keys(params);
    if (names.length === 0) return [];
    const major = imageMajor(image) ?? catalogueMajors[0];
    const known = catalogue(major);
    if (!known) {
        return [{ name: names[0], value: params[names[0]],
            allowed: `parameters checked against a catalogue, which exists for PostgreSQL ${catalogueMajors.join(", ")}, not ${major} (image ${image})` }];
    }
    const out: ParameterProblem[] = [];
    for (const name of names) {
        const value = params[name];
        const p = known.get(name.toLowerCase());
        if (owned.includes(name)) {
            out.push({ name, value, allowed: `a parameter the program does not set itself (it owns ${owned.join(", ")})` });
        } else if (name.includes(".")) {
            continue;
        } else if (!p) {
            const guess = closest(name, [...known.values()].filter(k => k.context !== "internal").map(k => k.name));
            out.push({ name, value, allowed: `a PostgreSQL ${major} parameter${guess ? ` (did you mean '${guess}'?)` : ""}` });
        } else if (p.context === "internal") {
            out.push({ name, value, allowed: `a parameter that can be set (${p.name} is read-only: fixed when PostgreSQL was built or initialised)` });
        } else if (valueProblem(p, value)) {
            out.push({ name, value, allowed: allowedWords(p, major) });
        }
    }
    return out;
}
