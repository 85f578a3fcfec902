using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SliceExplorer.Explorer;

namespace SliceExplorer.Output;

/// <summary>The per-Service table: slices, endpoints (duplicates counted once), conditions, address types and zones.</summary>
internal static class ServiceTable
{

    public static void Write(Terminal terminal, IReadOnlyList<ServiceSummary> services)
    {
        var table = new TextTable(
            new TableColumn("NAMESPACE/SERVICE", Shrinks: true),
            new TableColumn("SLICES", AlignRight: true),
            new TableColumn("ENDPOINTS", AlignRight: true),
            new TableColumn("READY", AlignRight: true),
            new TableColumn("SERVING", AlignRight: true),
            new TableColumn("TERM", AlignRight: true),
            new TableColumn("DUPS", AlignRight: true),
            new TableColumn("TYPES"),
            new TableColumn("ZONES", Shrinks: true));
        foreach (ServiceSummary service in services)
        {
            // Yellow when fewer than 90% of the endpoints are ready, red when none is.
            Tone tone = service.Endpoints > 0 && service.Ready == 0 ? Tone.Bad
                : service.Ready * 10 < service.Endpoints * 9 ? Tone.Warn
                : Tone.Plain;
            table.AddRow(
                tone,
                service.Key,
                Number(service.Slices),
                Number(service.Endpoints),
                Number(service.Ready),
                Number(service.Serving),
                Number(service.Terminating),
                service.Duplicates == 0 ? "-" : Number(service.Duplicates),
                string.Join(",", service.AddressTypes),
                Zones(service.Zones));
        }

        table.SetFooter(
            $"{services.Count} services",
            Number(services.Sum(s => s.Slices)),
            Number(services.Sum(s => s.Endpoints)),
            Number(services.Sum(s => s.Ready)),
            Number(services.Sum(s => s.Serving)),
            Number(services.Sum(s => s.Terminating)),
            Number(services.Sum(s => s.Duplicates)),
            string.Empty,
            Zones(services.SelectMany(s => s.Zones).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList()));

        // Not indented like the rest: nine columns need the whole width.
        foreach ((string line, Tone tone) in table.Render(terminal.Width))
        {
            terminal.WriteLine(line, tone);
        }
    }

    /// <summary>
    /// Zones that differ only in their last character are shortened: <c>eu-west-1a, eu-west-1b</c> become
    /// <c>eu-west-1a/b</c>; others are listed with commas.
    /// </summary>
    public static string Zones(IReadOnlyList<string> zones)
    {
        if (zones.Count == 0)
        {
            return "-";
        }

        var parts = new List<string>();
        foreach (IGrouping<string, string> group in zones.GroupBy(zone => zone.Length > 1 ? zone[..^1] : zone, StringComparer.Ordinal))
        {
            List<string> members = group.ToList();
            parts.Add(members.Count == 1 ? members[0] : group.Key + string.Join("/", members.Select(zone => zone[^1..])));
        }

        return string.Join(",", parts);
    }

    private static string Number(int value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
