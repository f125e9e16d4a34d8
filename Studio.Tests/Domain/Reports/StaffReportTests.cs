using Studio.Domain.Pipelines;
using Studio.Domain.Reports;
using Studio.Domain.Schedule;

namespace Studio.Tests.Domain.Reports;

/// <summary>The staff report as tables: two managers, two teachers, one week.</summary>
public sealed class StaffReportTests
{
    private static Guid G(int n) => new($"00000000-0000-0000-0000-{n:000000000000}");

    private static readonly Guid Anna = G(1), Oleh = G(2), Ira = G(3), Taras = G(4);
    private static readonly TimeZoneInfo Kyiv = TimeZoneInfo.FindSystemTimeZoneById("Europe/Kyiv");

    private static readonly DateTime Day0 = new(2026, 11, 16, 0, 0, 0, DateTimeKind.Utc); // Monday, 02:00 in Kyiv
    private static readonly Period Week = new(Day0, Day0.AddDays(7));
    private static readonly DateTime Now = Day0.AddDays(5);

    private static DateTime H(double hours) => Day0.AddHours(hours);

    [Fact]
    public void Lines_DealsPaymentsAndTasks_PerManager_ZerosIncluded()
    {
        StaffDeal[] deals =
        [
            new(G(10), Anna, StageKind.Open, null), new(G(11), Anna, StageKind.Start, null),   // active
            new(G(12), Anna, StageKind.Won, H(5)), new(G(13), Anna, StageKind.Lost, H(6)),      // closed in the week
            new(G(14), Anna, StageKind.Won, H(-5)),                                             // closed before it
            new(G(15), Oleh, StageKind.Open, null), new(G(16), null, StageKind.Open, null),
        ];
        StaffPayment[] payments =
        [
            new(Anna, H(1), 500m), new(Anna, H(1), 300m),   // two passes on one day: two payments
            new(Anna, H(-1), 1000m), new(Oleh, H(30), 250.5m), new(Oleh, H(200), 99m),
        ];
        StaffTask[] tasks =
        [
            new(G(20), Anna, H(10), false),                 // done in the week, before its deadline
            new(G(21), Anna, H(20), false),                 // done after its deadline: done and overdue
            new(G(22), Anna, H(30), true),                  // cancelled: never overdue
            new(G(23), Anna, H(-30), false),                // deadline before the week
            new(G(24), Anna, H(150), false),                // deadline after now: not overdue yet
            new(G(25), Anna, null, false), new(G(25), Oleh, null, false), // two executors, both done it
            new(G(26), Anna, H(12), false),                 // done right at its deadline: not overdue
        ];
        TaskFinish[] finishes = [new(G(20), H(2)), new(G(20), H(3)), new(G(21), H(40)), new(G(25), H(50)), new(G(23), H(-40)), new(G(26), H(12))];

        var lines = StaffReport.Lines([Anna, Oleh, Ira], deals, payments, tasks, finishes, Week, Now);

        Assert.Equal(
            [
                new StaffLine(Anna, ActiveDeals: 2, ClosedDeals: 2, WonDeals: 1, Payments: 2, Revenue: 800m, TasksDone: 4, TasksOverdue: 1),
                new StaffLine(Oleh, 1, 0, 0, 1, 250.5m, 1, 0),
                new StaffLine(Ira, 0, 0, 0, 0, 0m, 0, 0),
            ],
            lines);
    }

    [Fact]
    public void Teachers_HeldLessonsInThePeriod_BothTeachersCountThem()
    {
        StaffLesson[] lessons =
        [
            new(Ira, null, H(10), 60, LessonStatus.Held), new(Ira, Taras, H(20), 90, LessonStatus.Held),
            new(Ira, null, H(30), 60, LessonStatus.Planned), new(Ira, null, H(40), 60, LessonStatus.Cancelled),
            new(Taras, null, H(-10), 45, LessonStatus.Held),
        ];

        Assert.Equal([new TeacherLine(Ira, 2, 150), new TeacherLine(Taras, 1, 90)], StaffReport.Teachers([Ira, Taras], lessons, Week));
    }

    [Fact]
    public void SalesOverTime_ByLocalDay_AndByWeek()
    {
        StaffPayment[] payments =
        [
            new(Anna, H(-1), 100m),          // Monday 01:00 in Kyiv but before the period
            new(Anna, H(1), 500m), new(Anna, H(21.5), 300m), // Monday 03:00 and Monday 23:30 Kyiv
            new(Anna, H(22.5), 200m),        // Tuesday 00:30 in Kyiv (still Monday in UTC)
            new(Oleh, H(30), 50m),
        ];

        Assert.Equal(
            [
                new SalesPoint(Anna, new DateOnly(2026, 11, 16), 2, 800m),
                new SalesPoint(Anna, new DateOnly(2026, 11, 17), 1, 200m),
                new SalesPoint(Oleh, new DateOnly(2026, 11, 17), 1, 50m),
            ],
            StaffReport.SalesOverTime(payments, Week, Kyiv, SalesBucket.Day));
        Assert.Equal(
            [new SalesPoint(Anna, new DateOnly(2026, 11, 16), 3, 1000m), new SalesPoint(Oleh, new DateOnly(2026, 11, 16), 1, 50m)],
            StaffReport.SalesOverTime(payments, Week, Kyiv, SalesBucket.Week));
    }

    [Fact]
    public void Refund_NetsTheSellersSum_OnItsOwnDay_AndIsNotASale()
    {
        // Anna sold 500 on Monday; 200 of it was given back on Wednesday (the refund counted for Anna, whoever made it).
        StaffPayment[] payments = [new(Anna, H(1), 500m), new(Anna, H(50), -200m, IsRefund: true)];

        var line = StaffReport.Lines([Anna], [], payments, [], [], Week, Now).Single();
        Assert.Equal((1, 300m), (line.Payments, line.Revenue));
        Assert.Equal([new SalesPoint(Anna, new DateOnly(2026, 11, 16), 1, 500m), new SalesPoint(Anna, new DateOnly(2026, 11, 18), 0, -200m)],
            StaffReport.SalesOverTime(payments, Week, Kyiv, SalesBucket.Day));
    }

    [Theory]
    [InlineData("2026-11-16", "2026-11-16")]
    [InlineData("2026-11-22", "2026-11-16")]
    [InlineData("2026-11-23", "2026-11-23")]
    public void Monday_WeeksStartOnMonday(string day, string monday) =>
        Assert.Equal(DateOnly.Parse(monday), StaffReport.Monday(DateOnly.Parse(day)));
}
