/** What config/ knows about one topology: the keys only it reads and its cross-key rules. */
import type { z } from "zod";
import type { KeySpec } from "../key-spec";
import type { StackConfig } from "../keys";

export interface TopologyConfig {
    /**
     * Keys read by this topology and not by every topology. Set under a topology that does not
     * read them (to anything but their default), they are refused by name.
     */
    keys: Record<string, KeySpec<z.ZodTypeAny>>;
    /** Rules spanning several keys that hold for this topology, as `problem(...)` messages. */
    problems(c: StackConfig): string[];
}
