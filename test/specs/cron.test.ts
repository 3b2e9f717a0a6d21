import * as assert from "assert";
import { cronJobScheduleProblems, isCronJobSchedule, sixFieldCronProblems } from "../../specs/cron";

describe("cron schedules (specs/cron.ts, robfig/cron v3's parser)", () => {
    it("a CronJob schedule: five fields or one of the standard parser's macros", () => {
        for (const s of ["0 3 * * *", "@daily", "@midnight", "@annually", "*/5 * ? JAN-dec Mon-FRI", "0 3/2 1,15 * *"]) assert.ok(isCronJobSchedule(s), s);
    });

    it("names what Kubernetes would refuse", () => {
        assert.deepStrictEqual(cronJobScheduleProblems("@every 1h"),
            ["'@every 1h' is not one of @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly"]);
        assert.deepStrictEqual(cronJobScheduleProblems("@reboot"),
            ["'@reboot' is not one of @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly"]);
        assert.deepStrictEqual(cronJobScheduleProblems("TZ=UTC 0 3 * * *"), ["a TZ= or CRON_TZ= prefix (Kubernetes refuses it in spec.schedule)"]);
        assert.deepStrictEqual(cronJobScheduleProblems("0 0 3 * * *"), ["6 fields, but five are needed (minute hour day-of-month month day-of-week)"]);
        assert.deepStrictEqual(cronJobScheduleProblems("0 3 * * 7"), ["day of week: '7' is outside 0-6 (or SUN-SAT)"]);
    });

    it("six fields share the field parser, seconds first", () => {
        assert.deepStrictEqual(sixFieldCronProblems("0 0 3 * * MON-fri"), []);
        assert.deepStrictEqual(sixFieldCronProblems("60 0 3 * * *"), ["second: '60' is outside 0-59"]);
    });
});
