using System.Globalization;
using Microsoft.Extensions.Localization;
using Studio.Domain.Common;
using Studio.Infrastructure.Organisation;
using Studio.Web.Resources;

namespace Studio.Web.Pipelines;

/// <summary>How a deal field's stored value reads on a card, in the drawer's history and in the filters: in the studio's culture.</summary>
public static class DealFieldText
{
    /// <summary>The value as a person reads it, or null when there is none.</summary>
    public static string? Show(CustomFieldKind kind, string? stored, OrganisationSettings org, IStringLocalizer<SharedResource> L) =>
        stored is null ? null : kind switch
        {
            CustomFieldKind.YesNo => stored == "true" ? L["DealField.Yes"] : L["DealField.No"],
            CustomFieldKind.Date => FieldKinds.Date(stored) is { } d ? org.DateOf(d) : stored,
            CustomFieldKind.Number => FieldKinds.Number(stored) is { } n ? n.ToString("#,0.##", org.Culture) : stored,
            _ => stored,
        };

    public static string? Show(CustomFieldKind kind, string? stored, Components.Shared.Formats formats, IStringLocalizer<SharedResource> L) =>
        Show(kind, stored, formats.Settings, L);

    /// <summary>The number as the stored form, for a number typed in the person's culture (the service also accepts a comma).</summary>
    public static string Invariant(decimal n) => n.ToString(CultureInfo.InvariantCulture);
}
