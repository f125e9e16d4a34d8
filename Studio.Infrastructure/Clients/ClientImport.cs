using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using Studio.Domain.Clients;
using Studio.Domain.Common;
using Studio.Domain.Organisation;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;

namespace Studio.Infrastructure.Clients;

/// <summary>What a column of the file holds.</summary>
public enum ImportField
{
    Skip, FullName, Phone, Phone2, Email, City, BirthDate, Source, Tags, Notes,
    /// <summary>The client's first parent or guardian (<see cref="Guardian"/>): name, relation, phone, e-mail.</summary>
    GuardianName, GuardianRelation, GuardianPhone, GuardianEmail,
}

/// <summary>A file read into rows of text: the header and the data rows.</summary>
public sealed record ImportTable(IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows);

public enum ImportRowState { New, Duplicate, AlreadyImported, Bad }

public sealed record ImportRowCheck(int Line, ImportRowState State, string Name, string? Phone, string? Email, string? Problem, object[] ProblemArgs);

public sealed record ImportPreview(IReadOnlyList<ImportRowCheck> Rows)
{
    public int New => Rows.Count(r => r.State == ImportRowState.New);
    public int Duplicates => Rows.Count(r => r.State == ImportRowState.Duplicate);
    public int AlreadyImported => Rows.Count(r => r.State == ImportRowState.AlreadyImported);
    public int Bad => Rows.Count(r => r.State == ImportRowState.Bad);
}

public sealed record ImportResult(int Created, int Skipped, int Bad, double Seconds);

/// <summary>
/// Import clients from CSV or XLSX: read, map columns, preview (duplicates and bad rows flagged),
/// then import with progress. Each imported client remembers its row's key, so importing the same
/// file again creates nothing twice. A child's parent or guardian comes from the guardian columns (a name with a phone or an
/// e-mail; a name with neither is a bad row); a parent's phone finds the child when duplicates are looked for, as search does.
/// </summary>
public sealed class ClientImport(IDbContextFactory<StudioDbContext> factory, TimeProvider clock, Organisation.OrganisationSettingsSource settings)
{
    public const int MaxRows = 100_000;
    private const int Batch = 500;

    /// <summary>Reads a .csv (any usual delimiter) or .xlsx into text rows; the first row is the header.</summary>
    public static ImportTable Read(Stream stream, string fileName)
    {
        var rows = new List<IReadOnlyList<string>>();
        if (fileName.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase))
        {
            foreach (IDictionary<string, object?> row in MiniExcel.Query(stream, useHeaderRow: false, excelType: ExcelType.XLSX))
            {
                rows.Add(row.Values.Select(v => v switch
                {
                    null => "",
                    DateTime d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    double n => n.ToString(CultureInfo.InvariantCulture),
                    _ => v.ToString()?.Trim() ?? "",
                }).ToList());
                if (rows.Count > MaxRows + 1) throw new DomainException("Error.ImportTooBig", MaxRows);
            }
        }
        else if (fileName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || fileName.EndsWith(".txt", StringComparison.OrdinalIgnoreCase))
        {
            // Excel in Ukraine and Russia saves CSV with ';': take the separator the header line uses most.
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var text = Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
            var firstLine = text.Split('\n', 2)[0];
            var separator = new[] { ',', ';', '\t' }.OrderByDescending(c => firstLine.Count(x => x == c)).First();
            buffer.Position = 0;
            foreach (IDictionary<string, object?> row in MiniExcel.Query(buffer, useHeaderRow: false, excelType: ExcelType.CSV,
                         configuration: new MiniExcelLibs.Csv.CsvConfiguration { Seperator = separator }))
            {
                rows.Add(row.Values.Select(v => v?.ToString()?.Trim() ?? "").ToList());
                if (rows.Count > MaxRows + 1) throw new DomainException("Error.ImportTooBig", MaxRows);
            }
        }
        else throw new DomainException("Error.ImportFormat");
        rows.RemoveAll(r => r.All(string.IsNullOrWhiteSpace));
        if (rows.Count == 0) throw new DomainException("Error.ImportEmpty");
        var width = rows.Max(r => r.Count);
        var padded = rows.Select(r => (IReadOnlyList<string>)r.Concat(Enumerable.Repeat("", width - r.Count)).ToList()).ToList();
        return new ImportTable(padded[0], padded.Skip(1).ToList());
    }

    /// <summary>A first guess at what each column holds, from its header (English, Ukrainian, Russian).</summary>
    public static IReadOnlyList<ImportField> GuessMapping(IReadOnlyList<string> header)
    {
        var used = new HashSet<ImportField>();
        return header.Select(h =>
        {
            var x = h.Trim().ToLowerInvariant();
            var guess = IsGuardian(x) ? x switch
            {
                _ when x.Contains("e-mail") || x.Contains("email") || x.Contains("пошта") || x.Contains("почта") => ImportField.GuardianEmail,
                _ when x.Contains("phone") || x.Contains("телефон") || x.Contains("тел") || x.Contains("mobile") => ImportField.GuardianPhone,
                _ when x.Contains("relation") || x.Contains("хто") || x.Contains("кто") || x.Contains("ким") || x.Contains("кем") || x.Contains("родств") => ImportField.GuardianRelation,
                _ => ImportField.GuardianName,
            } : x switch
            {
                _ when x.Contains("e-mail") || x.Contains("email") || x.Contains("пошта") || x.Contains("почта") => ImportField.Email,
                _ when x.Contains("phone") || x.Contains("телефон") || x.Contains("тел") || x.Contains("mobile") => used.Contains(ImportField.Phone) ? ImportField.Phone2 : ImportField.Phone,
                _ when x.Contains("name") || x.Contains("піб") || x.Contains("фио") || x.Contains("ім'я") || x.Contains("имя") || x.Contains("клієнт") || x.Contains("клиент") => ImportField.FullName,
                _ when x.Contains("city") || x.Contains("місто") || x.Contains("город") => ImportField.City,
                _ when x.Contains("birth") || x.Contains("народж") || x.Contains("рожд") => ImportField.BirthDate,
                _ when x.Contains("source") || x.Contains("джерело") || x.Contains("источник") => ImportField.Source,
                _ when x.Contains("tag") || x.Contains("тег") || x.Contains("мітк") => ImportField.Tags,
                _ when x.Contains("note") || x.Contains("коментар") || x.Contains("комментар") || x.Contains("нотат") || x.Contains("примітк") => ImportField.Notes,
                _ => ImportField.Skip,
            };
            if (guess != ImportField.Skip && !used.Add(guess)) guess = ImportField.Skip;
            return guess;
        }).ToList();
    }

    private static bool IsGuardian(string header) =>
        new[] { "parent", "guardian", "mother", "father", "батьк", "мати", "мама", "тато", "опікун", "родител", "мать", "отец", "опекун" }
            .Any(header.Contains);

    /// <summary>A relation as typed in the file: mother, father or guardian in English, Ukrainian or Russian is the stored one, else as typed.</summary>
    internal static string? Relation(string typed)
    {
        var x = typed.Trim().ToLowerInvariant();
        if (x.Length == 0) return null;
        if (x is "mother" or "mom" or "mum" or "мати" or "мама" or "мать") return "Mother";
        if (x is "father" or "dad" or "батько" or "тато" or "отец" or "папа") return "Father";
        if (x is "guardian" or "опікун" or "опікунка" or "опекун") return "Guardian";
        return typed.Trim();
    }

    public Task<ImportPreview> PreviewAsync(Guid actorId, ImportTable table, IReadOnlyList<ImportField> mapping, CancellationToken ct = default) =>
        factory.ReadAsync<ImportPreview>(actorId, Policy.SeeClients, async (db, actor) =>
        {
            var plan = await PlanAsync(db, actor, table, mapping, ct);
            return new ImportPreview(plan.Select(p => p.Check).ToList());
        }, ct);

    /// <summary>Creates the clients of the New rows, in batches, reporting how many rows are done.</summary>
    public async Task<ImportResult> ImportAsync(Guid actorId, ImportTable table, IReadOnlyList<ImportField> mapping,
        IProgress<int>? progress = null, CancellationToken ct = default)
    {
        var started = clock.GetTimestamp();
        var (actor, plan) = await factory.ReadAsync(actorId, Policy.SeeClients, async (db, actor) => (actor, await PlanAsync(db, actor, table, mapping, ct)), ct);
        var toCreate = plan.Where(p => p.Check.State == ImportRowState.New).ToList();
        var now = clock.GetUtcNow().UtcDateTime;
        var done = 0;
        foreach (var chunk in toCreate.Chunk(Batch))
        {
            await using var db = factory.CreateDbContext();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var firstStatus = await FirstStatus.FindAsync(db, ct);
            foreach (var row in chunk)
            {
                var client = new Client(row.Profile!, now);
                client.MarkImported(row.Key);
                db.Clients.Add(client);
                if (client.Guardians.Count > 0) db.ClientGuardianChanges.Add(new ClientGuardianChange(client.Id, client.Guardians, actor.Id, now));
                FirstStatus.Enter(db, client, firstStatus, actor.Id, now);
                if (row.Note is { } note) db.ClientNotes.Add(client.AddNote(note, actor.Id, now));
            }
            await db.SaveChangesAsync(ct);
            done += chunk.Length;
            progress?.Report(done);
        }
        return new ImportResult(toCreate.Count, plan.Count(p => p.Check.State is ImportRowState.Duplicate or ImportRowState.AlreadyImported),
            plan.Count(p => p.Check.State == ImportRowState.Bad), clock.GetElapsedTime(started).TotalSeconds);
    }

    private sealed record PlannedRow(ImportRowCheck Check, ClientProfile? Profile, string Key, string? Note);

    private async Task<List<PlannedRow>> PlanAsync(StudioDbContext db, Employee actor, ImportTable table, IReadOnlyList<ImportField> mapping, CancellationToken ct)
    {
        if (!mapping.Contains(ImportField.FullName)) throw new DomainException("Error.ImportNoName");
        // A child may have no contact of their own: the guardian's phone or e-mail is then how the studio reaches them.
        if (!new[] { ImportField.Phone, ImportField.Email, ImportField.GuardianPhone, ImportField.GuardianEmail }.Any(mapping.Contains))
            throw new DomainException("Error.ImportNoContact");
        var country = (await settings.GetAsync(ct)).Country;
        // Never into an archived branch: the actor's first open one, else the first open one by name.
        var branch = await OpenBranches.FirstAsync(db, actor.Branches.Select(b => b.BranchId), ct);
        // Names compared by the one rule of Names, in C# (SQLite's lower() leaves Cyrillic alone); the first of any same-named pair wins.
        var sources = (await db.LeadSources.AsNoTracking().Select(s => new { s.Name, s.Id }).ToListAsync(ct))
            .GroupBy(s => s.Name.Trim(), Names.Comparer).ToDictionary(g => g.Key, g => g.First().Id, Names.Comparer);
        var tags = (await db.Tags.AsNoTracking().Select(t => new { t.Name, t.Id }).ToListAsync(ct))
            .GroupBy(t => t.Name.Trim(), Names.Comparer).ToDictionary(g => g.Key, g => g.First().Id, Names.Comparer);
        var knownPhones = (await db.Set<ClientPhone>().AsNoTracking().Select(p => p.Number).ToListAsync(ct)).ToHashSet();
        // As search: a parent's number finds the child. A row whose own phone is a known parent's is that child; a row whose
        // parent's number is known is the same child only under the same name (a sister or brother shares the parent).
        var guardianPhones = await db.Set<ClientGuardianPhone>().AsNoTracking()
            .Join(db.Clients.AsNoTracking().IgnoreAutoIncludes(), p => p.ClientId, c => c.Id, (p, c) => new { p.Number, c.FullName }).ToListAsync(ct);
        knownPhones.UnionWith(guardianPhones.Select(p => p.Number));
        var knownChildren = guardianPhones.Select(p => Child(p.FullName, p.Number)).ToHashSet();
        var knownEmails = (await db.Clients.AsNoTracking().IgnoreAutoIncludes().Where(c => c.Email != null).Select(c => c.Email!).ToListAsync(ct)).ToHashSet();
        var knownKeys = (await db.Clients.AsNoTracking().IgnoreAutoIncludes().Where(c => c.ExternalKey != null).Select(c => c.ExternalKey!).ToListAsync(ct)).ToHashSet();

        var columns = mapping.ToList();
        string Cell(IReadOnlyList<string> row, ImportField f) => columns.IndexOf(f) is var i and >= 0 && i < row.Count ? row[i] : "";
        var plan = new List<PlannedRow>();
        var seenPhones = new HashSet<string>();
        var seenEmails = new HashSet<string>();
        var seenChildren = new HashSet<string>();
        for (var n = 0; n < table.Rows.Count; n++)
        {
            var row = table.Rows[n];
            var line = n + 2; // the header is line 1
            var name = Cell(row, ImportField.FullName);
            string? phone = null, email = null;
            try
            {
                var phones = new[] { Cell(row, ImportField.Phone), Cell(row, ImportField.Phone2) }
                    .Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => Phones.Normalise(p, country)!).Distinct().ToList();
                phone = phones.FirstOrDefault();
                email = string.IsNullOrWhiteSpace(Cell(row, ImportField.Email)) ? null : Cell(row, ImportField.Email).Trim().ToLowerInvariant();
                var birth = Cell(row, ImportField.BirthDate) is { Length: > 0 } b
                    ? DateOnly.TryParse(b, CultureInfo.InvariantCulture, out var d) || DateOnly.TryParseExact(b, ["dd.MM.yyyy", "d.M.yyyy", "dd/MM/yyyy"], out d)
                        ? d : throw new DomainException("Error.Date", "BirthDate")
                    : (DateOnly?)null;
                var source = Cell(row, ImportField.Source) is { Length: > 0 } s ? sources.GetValueOrDefault(s.Trim()) : (Guid?)null;
                var tagIds = Cell(row, ImportField.Tags).Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Select(t => tags.GetValueOrDefault(t)).Where(t => t != Guid.Empty).ToList();
                var guardian = GuardianOf(row, Cell, country);
                var profile = new ClientProfile(name, phones, email, birth, Cell(row, ImportField.City), branch, source is { } x && x != Guid.Empty ? x : null,
                    null, tagIds, ContactChannels.None, null, new Dictionary<Guid, string>(), guardian is null ? null : [guardian]);
                _ = new Client(profile, DateTime.UtcNow); // the domain's own checks, before anything is written (a guardian with no contact too)
                var key = Key(name, phones, email, guardian);
                var children = guardian?.Phones.Select(p => Child(name, p)).ToList() ?? [];
                var note = Cell(row, ImportField.Notes) is { Length: > 0 } text ? text[..Math.Min(text.Length, ClientNote.TextMax)] : null;
                ImportRowState state;
                if (knownKeys.Contains(key)) state = ImportRowState.AlreadyImported;
                else if (phones.Any(p => knownPhones.Contains(p) || seenPhones.Contains(p)) || (email is not null && (knownEmails.Contains(email) || seenEmails.Contains(email)))
                         || children.Any(c => knownChildren.Contains(c) || seenChildren.Contains(c)))
                    state = ImportRowState.Duplicate;
                else state = ImportRowState.New;
                foreach (var p in phones) seenPhones.Add(p);
                foreach (var p in guardian?.Phones ?? []) seenPhones.Add(p);
                seenChildren.UnionWith(children);
                if (email is not null) seenEmails.Add(email);
                plan.Add(new PlannedRow(new ImportRowCheck(line, state, name, phone, email, null, []), profile, key, note));
            }
            catch (DomainException e)
            {
                plan.Add(new PlannedRow(new ImportRowCheck(line, ImportRowState.Bad, name, phone, email, e.Code, [.. e.Args]), null, "", null));
            }
        }
        return plan;
    }

    /// <summary>
    /// The row's first parent or guardian from the guardian columns; null when they are all empty. Its phone is normalised as
    /// the client's; a name with no phone nor e-mail is left to <see cref="Client"/> to refuse (Error.GuardianContact).
    /// </summary>
    private static Guardian? GuardianOf(IReadOnlyList<string> row, Func<IReadOnlyList<string>, ImportField, string> cell, string country)
    {
        var (name, relation, phone, email) = (cell(row, ImportField.GuardianName).Trim(), cell(row, ImportField.GuardianRelation),
            cell(row, ImportField.GuardianPhone), cell(row, ImportField.GuardianEmail).Trim());
        if (name.Length == 0 && string.IsNullOrWhiteSpace(phone) && email.Length == 0) return null;
        var phones = string.IsNullOrWhiteSpace(phone) ? [] : new[] { Phones.Normalise(phone, country)! };
        return new Guardian(name, Relation(relation), phones, email.Length == 0 ? null : email.ToLowerInvariant(), ContactChannels.None);
    }

    /// <summary>A child known by name and a parent's number: the same pair is the same child.</summary>
    private static string Child(string name, string parentPhone) => $"{parentPhone}|{name.Trim().ToLowerInvariant()}";

    /// <summary>The same person in the same file gives the same key, whatever the row order; a guardian's contacts count when given.</summary>
    private static string Key(string name, IReadOnlyList<string> phones, string? email, Guardian? guardian = null) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{name.Trim().ToLowerInvariant()}|{string.Join(",", phones.Order())}|{email}"
            + (guardian is null ? "" : $"|{string.Join(",", guardian.Phones.Order())}|{guardian.Email}"))))[..32];
}
