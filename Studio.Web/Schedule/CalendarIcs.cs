using System.Globalization;
using System.Text;

namespace Studio.Web.Schedule;

/// <summary>One event of a calendar feed: times in UTC, texts as they should read.</summary>
public sealed record CalendarEvent(string Uid, DateTime StartUtc, DateTime EndUtc, string Summary, string? Location, string? Description,
    bool Cancelled);

/// <summary>
/// Writes an iCalendar (RFC 5545) feed: CRLF line endings, lines folded at 75 octets without
/// splitting a character, and text values escaped (backslash, semicolon, comma, newline).
/// Pure: the same events and stamp give the same text.
/// </summary>
public static class CalendarIcs
{
    public const int MaxLineOctets = 75;
    private const string Crlf = "\r\n";

    public static string Build(string name, IEnumerable<CalendarEvent> events, DateTime stampUtc)
    {
        var ics = new StringBuilder();
        void Line(string contentLine)
        {
            foreach (var part in Fold(contentLine)) ics.Append(part).Append(Crlf);
        }

        Line("BEGIN:VCALENDAR");
        Line("VERSION:2.0");
        Line("PRODID:-//Studio//Schedule//EN");
        Line("CALSCALE:GREGORIAN");
        Line("METHOD:PUBLISH");
        Line("X-WR-CALNAME:" + Escape(name));
        foreach (var e in events)
        {
            Line("BEGIN:VEVENT");
            Line("UID:" + Escape(e.Uid));
            Line("DTSTAMP:" + Utc(stampUtc));
            Line("DTSTART:" + Utc(e.StartUtc));
            Line("DTEND:" + Utc(e.EndUtc));
            Line("SUMMARY:" + Escape(e.Summary));
            if (!string.IsNullOrWhiteSpace(e.Location)) Line("LOCATION:" + Escape(e.Location));
            if (!string.IsNullOrWhiteSpace(e.Description)) Line("DESCRIPTION:" + Escape(e.Description));
            Line("STATUS:" + (e.Cancelled ? "CANCELLED" : "CONFIRMED"));
            Line("END:VEVENT");
        }
        Line("END:VCALENDAR");
        return ics.ToString();
    }

    /// <summary>A UTC date-time as "yyyyMMddTHHmmssZ".</summary>
    public static string Utc(DateTime utc) =>
        DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    /// <summary>A TEXT value: \ ; , escaped with a backslash, every kind of line break as \n.</summary>
    public static string Escape(string text)
    {
        var s = new StringBuilder(text.Length + 8);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '\\': s.Append(@"\\"); break;
                case ';': s.Append(@"\;"); break;
                case ',': s.Append(@"\,"); break;
                case '\r':
                    if (i + 1 < text.Length && text[i + 1] == '\n') i++;
                    s.Append(@"\n");
                    break;
                case '\n': s.Append(@"\n"); break;
                default:
                    // Other control characters are not allowed in TEXT.
                    if (!char.IsControl(c) || c == '\t') s.Append(c);
                    break;
            }
        }
        return s.ToString();
    }

    /// <summary>
    /// Splits a content line into lines of at most 75 octets (UTF-8); each continuation starts with
    /// one space, which counts towards its 75. A character is never split across lines.
    /// </summary>
    public static IReadOnlyList<string> Fold(string line)
    {
        if (Encoding.UTF8.GetByteCount(line) <= MaxLineOctets) return [line];
        var lines = new List<string>();
        var current = new StringBuilder();
        var octets = 0;
        foreach (var rune in line.EnumerateRunes())
        {
            var size = rune.Utf8SequenceLength;
            if (octets + size > MaxLineOctets)
            {
                lines.Add(current.ToString());
                current.Clear().Append(' ');
                octets = 1;
            }
            current.Append(rune.ToString());
            octets += size;
        }
        lines.Add(current.ToString());
        return lines;
    }
}
