using System.Text;
using Studio.Web.Schedule;

namespace Studio.Tests.Web.Schedule;

/// <summary>The iCalendar writer: escaping, folding at 75 octets, CRLF, the calendar and event properties.</summary>
public sealed class CalendarIcsTests
{
    private static readonly DateTime Stamp = new(2026, 11, 23, 9, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", @"a\,b")]
    [InlineData("a;b", @"a\;b")]
    [InlineData(@"C:\dir", @"C:\\dir")]
    [InlineData("one\ntwo", @"one\ntwo")]
    [InlineData("one\r\ntwo\rthree", @"one\ntwo\nthree")]
    [InlineData(@"all: \,;" + "\n", @"all: \\\,\;\n")]
    public void Escape_SpecialCharacters_BackslashedAndNewlinesAsBackslashN(string text, string expected) =>
        Assert.Equal(expected, CalendarIcs.Escape(text));

    [Fact]
    public void Fold_ShortLine_StaysOneLine()
    {
        var line = "SUMMARY:" + new string('x', 67);

        Assert.Equal([line], CalendarIcs.Fold(line));
    }

    [Fact]
    public void Fold_LongAsciiLine_75OctetsThenContinuationsStartingWithASpace()
    {
        var line = "DESCRIPTION:" + new string('x', 200);

        var lines = CalendarIcs.Fold(line);

        Assert.Equal(3, lines.Count);
        Assert.Equal(75, lines[0].Length);
        Assert.All(lines.Skip(1), l => Assert.StartsWith(" ", l));
        Assert.All(lines, l => Assert.True(Encoding.UTF8.GetByteCount(l) <= 75));
        Assert.Equal(75, lines[1].Length);
        Assert.Equal(line, string.Concat(lines.Select((l, i) => i == 0 ? l : l[1..])));
    }

    [Fact]
    public void Fold_CyrillicText_CountsOctetsAndNeverSplitsALetter()
    {
        // Each Cyrillic letter is two octets in UTF-8; an emoji is four.
        var line = "SUMMARY:" + string.Concat(Enumerable.Repeat("Йога для початківців 🧘 ", 6));

        var lines = CalendarIcs.Fold(line);

        Assert.True(lines.Count > 2);
        Assert.All(lines, l => Assert.True(Encoding.UTF8.GetByteCount(l) <= 75, $"{Encoding.UTF8.GetByteCount(l)} octets: {l}"));
        Assert.All(lines, l => Assert.False(char.IsHighSurrogate(l[^1]), "a surrogate pair was split"));
        Assert.Equal(line, string.Concat(lines.Select((l, i) => i == 0 ? l : l[1..])));
        // Folded as tightly as a whole character allows.
        Assert.True(Encoding.UTF8.GetByteCount(lines[0]) >= 72);
    }

    [Fact]
    public void Build_TwoLessons_CalendarWithOneEventEachCrlfAndStatus()
    {
        var events = new[]
        {
            new CalendarEvent("a1@studio", new DateTime(2026, 11, 24, 16, 0, 0, DateTimeKind.Utc), new DateTime(2026, 11, 24, 17, 0, 0, DateTimeKind.Utc),
                "Hip-hop, juniors", "Hall 1", "Participants: 5\nBring water; mats", Cancelled: false),
            new CalendarEvent("b2@studio", new DateTime(2026, 11, 25, 7, 30, 0, DateTimeKind.Utc), new DateTime(2026, 11, 25, 8, 15, 0, DateTimeKind.Utc),
                "Yoga", null, null, Cancelled: true),
        };

        var ics = CalendarIcs.Build("Studio · Olena, teacher", events, Stamp);

        Assert.DoesNotContain("\n", ics.Replace("\r\n", ""));
        Assert.EndsWith("\r\n", ics);
        var lines = ics.Split("\r\n")[..^1];
        Assert.Equal("BEGIN:VCALENDAR", lines[0]);
        Assert.Equal("END:VCALENDAR", lines[^1]);
        Assert.Contains("VERSION:2.0", lines);
        Assert.Contains(lines, l => l.StartsWith("PRODID:", StringComparison.Ordinal));
        Assert.Contains(@"X-WR-CALNAME:Studio · Olena\, teacher", lines);
        Assert.Equal(2, lines.Count(l => l == "BEGIN:VEVENT"));
        Assert.Equal(2, lines.Count(l => l == "END:VEVENT"));
        Assert.Contains("UID:a1@studio", lines);
        Assert.Equal(2, lines.Count(l => l == "DTSTAMP:20261123T090000Z"));
        Assert.Contains("DTSTART:20261124T160000Z", lines);
        Assert.Contains("DTEND:20261124T170000Z", lines);
        Assert.Contains(@"SUMMARY:Hip-hop\, juniors", lines);
        Assert.Contains("LOCATION:Hall 1", lines);
        Assert.Contains(@"DESCRIPTION:Participants: 5\nBring water\; mats", lines);
        Assert.Equal(["STATUS:CONFIRMED", "STATUS:CANCELLED"], lines.Where(l => l.StartsWith("STATUS:", StringComparison.Ordinal)));
        Assert.Equal(1, lines.Count(l => l.StartsWith("LOCATION:", StringComparison.Ordinal)));
    }

    [Fact]
    public void Build_LongDescription_FoldedLinesUnfoldToTheEscapedValue()
    {
        var notes = string.Concat(Enumerable.Repeat("Розтяжка, баланс; дихання. ", 8));
        var e = new CalendarEvent("c3@studio", Stamp, Stamp.AddHours(1), "Stretching", "Hall 2", notes, false);

        var ics = CalendarIcs.Build("Studio", [e], Stamp);

        Assert.All(ics.Split("\r\n"), l => Assert.True(Encoding.UTF8.GetByteCount(l) <= 75));
        var unfolded = ics.Replace("\r\n ", "");
        Assert.Contains("DESCRIPTION:" + CalendarIcs.Escape(notes) + "\r\n", unfolded);
    }
}
