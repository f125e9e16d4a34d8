using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using Studio.Domain.Clients;
using Studio.Domain.Common;
using Studio.Domain.Organisation;
using Studio.Infrastructure.Clients;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;
using Studio.Tests.Infrastructure;

namespace Studio.Tests.Services.Clients;

/// <summary>Import from CSV and XLSX: preview flags duplicates and bad rows; a re-run creates nothing twice.</summary>
public sealed class ClientImportTests(Databases databases)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Csv = """
        ПІБ;Телефон;E-mail;Місто;Коментар
        Олена Коваленко;067 123 45 67;olena@mail.test;Київ;Хоче вечірню групу
        Тарас Шевчук;+380 50 111 22 33;;Львів;
        Дубль Олени;0671234567;;;
        ;0931112233;;;
        Погана Ірина;12-34;;;
        Існуючий Клієнт;097 000 00 01;;;
        """;

    private static ImportTable Table(string csv) =>
        ClientImport.Read(new MemoryStream(Encoding.UTF8.GetBytes(csv.Replace("\r\n", "\n"))), "clients.csv");

    [Fact]
    public void Read_CsvWithSemicolons_HeaderAndRowsAndGuessedMapping()
    {
        var table = Table(Csv);

        Assert.Equal(["ПІБ", "Телефон", "E-mail", "Місто", "Коментар"], table.Header);
        Assert.Equal(6, table.Rows.Count);
        Assert.Equal([ImportField.FullName, ImportField.Phone, ImportField.Email, ImportField.City, ImportField.Notes], ClientImport.GuessMapping(table.Header));
    }

    [Fact]
    public void Read_Xlsx_SameRowsAsTheSheet()
    {
        using var stream = new MemoryStream();
        stream.SaveAs(new[] { new { Name = "Anna Koval", Phone = "067 123 45 67" }, new { Name = "Oleh Bondar", Phone = "050 111 22 33" } });
        stream.Position = 0;

        var table = ClientImport.Read(stream, "clients.xlsx");

        Assert.Equal(["Name", "Phone"], table.Header);
        Assert.Equal([["Anna Koval", "067 123 45 67"], ["Oleh Bondar", "050 111 22 33"]], table.Rows.Select(r => r.ToArray()));
    }

    [Fact]
    public void Read_UnknownFormatOrEmpty_ClearError()
    {
        Assert.Equal("Error.ImportFormat", Assert.Throws<DomainException>(() => ClientImport.Read(new MemoryStream([1, 2, 3]), "clients.pdf")).Code);
        Assert.Equal("Error.ImportEmpty", Assert.Throws<DomainException>(() => Table("\n\n")).Code);
    }

    [Theory, DatabaseData]
    public async Task PreviewThenImport_MixedFile_FlagsRowsCreatesNewOnesAndRerunCreatesNothing(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var import = studio.Services.GetRequiredService<ClientImport>();
        await studio.Services.GetRequiredService<ClientService>().CreateAsync(manager, new ClientInput("Existing", ["097 000 00 01"], null, null, null, null,
            null, null, [], ContactChannels.None, null, new Dictionary<Guid, string?>()), ct: Ct);
        var table = Table(Csv);
        var mapping = ClientImport.GuessMapping(table.Header);

        var preview = await import.PreviewAsync(manager, table, mapping, Ct);
        Assert.Equal([ImportRowState.New, ImportRowState.New, ImportRowState.Duplicate, ImportRowState.Bad, ImportRowState.Bad, ImportRowState.Duplicate],
            preview.Rows.Select(r => r.State));
        Assert.Equal(("Error.Required", "Error.Phone"), (preview.Rows[3].Problem, preview.Rows[4].Problem));
        Assert.Equal(5, preview.Rows[3].Line);

        var reported = new List<int>();
        var result = await import.ImportAsync(manager, table, mapping, new SyncProgress(reported.Add), Ct);
        Assert.Equal((2, 2, 2), (result.Created, result.Skipped, result.Bad));
        Assert.Equal(2, reported.Last());
        var olena = await studio.ReadAsync(db => db.Clients.Include(c => c.Phones).SingleAsync(c => c.Email == "olena@mail.test", Ct));
        Assert.Equal(("Олена Коваленко", "+380671234567", "Київ"), (olena.FullName, olena.Phone, olena.City));
        Assert.Equal("Хоче вечірню групу", await studio.ReadAsync(db => db.ClientNotes.Where(n => n.ClientId == olena.Id).Select(n => n.Text).SingleAsync(Ct)));

        var again = await import.ImportAsync(manager, table, mapping, null, Ct);
        Assert.Equal(0, again.Created);
        Assert.Equal(3, await studio.ReadAsync(db => db.Clients.CountAsync(Ct)));
        Assert.Equal(2, (await import.PreviewAsync(manager, table, mapping, Ct)).AlreadyImported);
    }

    [Theory, DatabaseData]
    public async Task ImportAsync_NoNameColumnOrTeacher_Refused(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var teacher = await studio.AddEmployeeAsync(EmployeeRole.Teacher);
        var import = studio.Services.GetRequiredService<ClientImport>();
        var table = Table(Csv);

        var noName = await Assert.ThrowsAsync<DomainException>(() => import.ImportAsync(manager, table,
            [ImportField.Skip, ImportField.Phone, ImportField.Skip, ImportField.Skip, ImportField.Skip], null, Ct));
        await Assert.ThrowsAsync<AccessDeniedException>(() => import.ImportAsync(teacher, table, ClientImport.GuessMapping(table.Header), null, Ct));

        Assert.Equal("Error.ImportNoName", noName.Code);
        Assert.Equal(0, await studio.ReadAsync(db => db.Clients.CountAsync(Ct)));
    }

    private const string Children = """
        ПІБ;Телефон;Батьки: ім'я;Батьки: ким доводиться;Батьки: телефон;Батьки: e-mail
        Софія Мельник;;Ірина Мельник;мама;067 222 33 44;
        Марко Мельник;;Ірина Мельник;мама;0672223344;
        Без Контакту;;Петро Іваненко;тато;;
        Анна Ткач;050 333 44 55;Олег Ткач;Father;;Oleh@Mail.test
        Ольга Сидоренко;097 555 66 77;;;;
        Існуюча Дитина;;Ольга;;097 555 66 77;
        """;

    [Fact]
    public void GuessMapping_GuardianColumns_ByTheirHeaders()
    {
        Assert.Equal([ImportField.FullName, ImportField.Phone, ImportField.GuardianName, ImportField.GuardianRelation, ImportField.GuardianPhone, ImportField.GuardianEmail],
            ClientImport.GuessMapping(Table(Children).Header));
        Assert.Equal([ImportField.FullName, ImportField.GuardianName, ImportField.GuardianPhone, ImportField.Email],
            ClientImport.GuessMapping(["Name", "Parent", "Parent phone", "E-mail"]));
    }

    [Theory, DatabaseData]
    public async Task Import_GuardianColumns_MakeTheChildsGuardian_NoContactIsABadRow_AParentsPhoneFindsTheChild(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var import = studio.Services.GetRequiredService<ClientImport>();
        var clients = studio.Services.GetRequiredService<ClientService>();
        await clients.CreateAsync(manager, new ClientInput("Існуюча Дитина", [], null, null, null, null, null, null, [], ContactChannels.None, null,
            new Dictionary<Guid, string?>(), [new Guardian("Ольга", null, ["097 555 66 77"], null, ContactChannels.None)]), ct: Ct);
        var table = Table(Children);
        var mapping = ClientImport.GuessMapping(table.Header);

        var preview = await import.PreviewAsync(manager, table, mapping, Ct);
        // A sister or brother shares the parent's phone and is new; the same child under a known parent's number, or a row whose
        // own phone is a known parent's (as search finds the child by it), is a duplicate.
        Assert.Equal([ImportRowState.New, ImportRowState.New, ImportRowState.Bad, ImportRowState.New, ImportRowState.Duplicate, ImportRowState.Duplicate],
            preview.Rows.Select(r => r.State));
        Assert.Equal(("Error.GuardianContact", "Петро Іваненко"), (preview.Rows[2].Problem, (string)preview.Rows[2].ProblemArgs[0]));

        var result = await import.ImportAsync(manager, table, mapping, null, Ct);
        Assert.Equal((3, 2, 1), (result.Created, result.Skipped, result.Bad));
        var imported = await studio.ReadAsync(db => db.Clients.Where(c => c.ExternalKey != null).ToListAsync(Ct));
        var sofia = imported.Single(c => c.FullName == "Софія Мельник");
        Assert.Null(sofia.Phone);
        Assert.Equal(new Guardian("Ірина Мельник", "Mother", ["+380672223344"], null, ContactChannels.None), Assert.Single(sofia.Guardians));
        Assert.Equal(new Guardian("Олег Ткач", "Father", [], "oleh@mail.test", ContactChannels.None),
            Assert.Single(imported.Single(c => c.FullName == "Анна Ткач").Guardians));
        Assert.Equal(3, await studio.ReadAsync(db => db.ClientGuardianChanges.CountAsync(c => imported.Select(i => i.Id).Contains(c.ClientId), Ct)));

        var byParent = await clients.ListAsync(manager, new ClientQuery(Search: "0672223344"), Ct);
        Assert.Equal(["Марко Мельник", "Софія Мельник"], byParent.Rows.Select(r => r.FullName).Order());
        Assert.Equal(3, (await import.PreviewAsync(manager, table, mapping, Ct)).AlreadyImported);
    }

    private sealed class SyncProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
